package dev.ferry.io.postgres;

import dev.ferry.io.schema.TableDef;
import dev.ferry.record.Json;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Encodes conformed records in PostgreSQL's text COPY format: one line per row, fields separated by
 * tabs, {@code \N} for NULL, and backslash, tab, newline and carriage return escaped with a
 * backslash. Used for tables with a column type that has no binary encoder here (arrays, {@code
 * time}, {@code interval}, {@code inet}, ...), whose values PostgreSQL then parses from text.
 *
 * <pre>{@code
 * CopyEncoder enc = new PgTextCopy(pgTable);
 * }</pre>
 */
final class PgTextCopy extends CopyEncoder {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  PgTextCopy(TableDef table) {
    super(table);
  }

  @Override
  String format() {
    return "text";
  }

  @Override
  void begin(CopyBuffer out) {}

  @Override
  void end(CopyBuffer out) {}

  @Override
  void startRow(CopyBuffer out) {}

  @Override
  void endRow(CopyBuffer out) {
    out.int1('\n');
  }

  @Override
  void value(int column, Object v, CopyBuffer out) {
    if (column > 0) {
      out.int1('\t');
    }
    if (v == null) {
      out.int1('\\').int1('N');
      return;
    }
    escaped(literal(v, types[column]), out);
  }

  /** The text PostgreSQL's input function accepts for a conformed value of a type. */
  static String literal(Object v, PgType t) {
    switch (t.kind()) {
      case BOOL:
        return ((Boolean) v) ? "t" : "f";
      case INT2:
      case INT4:
      case INT8:
        return Long.toString((Long) v);
      case FLOAT4:
        return Float.toString((float) (double) (Double) v);
      case FLOAT8:
        return Double.toString((Double) v);
      case NUMERIC:
        return ((BigDecimal) v).toPlainString();
      case JSON:
      case JSONB:
        return ((Json) v).text();
      case BYTEA:
        return hex((byte[]) v);
      case TIMESTAMP:
        return timestamp((Instant) v, "");
      case TIMESTAMPTZ:
        return timestamp((Instant) v, "+00");
      case DATE:
        return date((LocalDate) v);
      case VECTOR:
        {
          float[] f = (float[]) v;
          StringBuilder sb = new StringBuilder(f.length * 12 + 2).append('[');
          for (int i = 0; i < f.length; i++) {
            if (i > 0) {
              sb.append(',');
            }
            sb.append(f[i]);
          }
          return sb.append(']').toString();
        }
      case ARRAY:
        return array((List<?>) v, t.element());
      default:
        return (String) v;
    }
  }

  private static String hex(byte[] b) {
    char[] c = new char[2 + b.length * 2];
    c[0] = '\\';
    c[1] = 'x';
    for (int i = 0; i < b.length; i++) {
      c[2 + 2 * i] = HEX[(b[i] >> 4) & 0xF];
      c[3 + 2 * i] = HEX[b[i] & 0xF];
    }
    return new String(c);
  }

  private static String timestamp(Instant t, String zone) {
    LocalDateTime d = LocalDateTime.ofEpochSecond(t.getEpochSecond(), t.getNano(), ZoneOffset.UTC);
    StringBuilder sb = new StringBuilder(32);
    int year = d.getYear();
    sb.append(pad(year > 0 ? year : 1 - year, 4))
        .append('-')
        .append(pad(d.getMonthValue(), 2))
        .append('-')
        .append(pad(d.getDayOfMonth(), 2))
        .append(' ')
        .append(pad(d.getHour(), 2))
        .append(':')
        .append(pad(d.getMinute(), 2))
        .append(':')
        .append(pad(d.getSecond(), 2))
        .append('.')
        .append(pad(d.getNano() / 1000, 6))
        .append(zone);
    if (year <= 0) {
      sb.append(" BC");
    }
    return sb.toString();
  }

  private static String date(LocalDate d) {
    int year = d.getYear();
    String s =
        pad(year > 0 ? year : 1 - year, 4)
            + "-"
            + pad(d.getMonthValue(), 2)
            + "-"
            + pad(d.getDayOfMonth(), 2);
    return year <= 0 ? s + " BC" : s;
  }

  private static String pad(int n, int width) {
    String s = Integer.toString(n);
    return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
  }

  /** An array literal: {@code {"a","b",NULL}}, nested lists as nested braces. */
  private static String array(List<?> l, PgType element) {
    StringBuilder sb = new StringBuilder().append('{');
    for (int i = 0; i < l.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      Object e = l.get(i);
      if (e == null) {
        sb.append("NULL");
      } else if (e instanceof List) {
        sb.append(array((List<?>) e, element));
      } else {
        sb.append('"');
        String s = literal(e, element);
        for (int k = 0; k < s.length(); k++) {
          char c = s.charAt(k);
          if (c == '"' || c == '\\') {
            sb.append('\\');
          }
          sb.append(c);
        }
        sb.append('"');
      }
    }
    return sb.append('}').toString();
  }

  /** Writes text with COPY's escapes, as UTF-8. */
  static void escaped(String s, CopyBuffer out) {
    int n = s.length();
    boolean plain = true;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c == '\\' || c == '\t' || c == '\n' || c == '\r') {
        plain = false;
        break;
      }
    }
    if (!plain) {
      StringBuilder sb = new StringBuilder(n + 16);
      for (int i = 0; i < n; i++) {
        char c = s.charAt(i);
        switch (c) {
          case '\\':
            sb.append("\\\\");
            break;
          case '\t':
            sb.append("\\t");
            break;
          case '\n':
            sb.append("\\n");
            break;
          case '\r':
            sb.append("\\r");
            break;
          default:
            sb.append(c);
        }
      }
      s = sb.toString();
    }
    out.bytes(s.getBytes(StandardCharsets.UTF_8));
  }
}
