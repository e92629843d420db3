package dev.ferry.io.postgres;

import dev.ferry.io.schema.ColumnDef;
import dev.ferry.io.schema.TableDef;
import dev.ferry.record.Json;
import dev.ferry.record.Record;
import dev.ferry.record.Values;
import dev.ferry.steps.CastException;
import dev.ferry.steps.Casts;
import dev.ferry.steps.Step;
import dev.ferry.steps.StepRejection;
import dev.ferry.steps.TimestampRule;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The last step before a PostgreSQL target: gives each record exactly the target table's columns,
 * in order, each value converted with {@link Casts} to the Java kind its column type needs, so that
 * {@link PostgresIO#write()} can encode it without further checks. A record it cannot carry is
 * rejected with a reason naming the table and column:
 *
 * <ul>
 *   <li>a field with no column: {@code table 'items' has no column 'foo'}
 *   <li>a null for a NOT NULL column: {@code table 'items', column 'user_id' is NOT NULL but the
 *       value is null}
 *   <li>a value that does not convert or fit: {@code table 'products', column 'qty' (bigint):
 *       cannot cast text 'lots-of-it' to int: not an integer}
 * </ul>
 *
 * <p>Kinds by column type: {@code json}/{@code jsonb} -> {@link Json} (text must be valid JSON),
 * {@code timestamp}/{@code timestamptz} -> {@code Instant} (by default {@link
 * TimestampRule#DEFAULT}: ISO text, UTC when no offset), {@code date} -> {@code LocalDate}, {@code
 * bigint}/{@code integer}/{@code smallint} -> {@code Long} (range-checked), {@code double
 * precision}/{@code real} -> {@code Double}, {@code numeric} -> {@code BigDecimal} (checked against
 * precision and scale), {@code boolean} -> {@code Boolean}, text types -> {@code String} (no NUL
 * character, length checked), {@code bytea} -> {@code byte[]}, {@code vector(n)} -> {@code float[]}
 * (dimension checked, finite), {@code uuid} -> lower-case canonical {@code String}, arrays ->
 * {@code List} of the element kind, any other type -> its text. Absent fields become null; column
 * defaults are not applied, since the writer sends every column.
 *
 * <pre>{@code
 * Step conform = PgConform.forTable(pgItems);
 * Record row = conform.apply(record.copy());   // or StepRejection with the reason
 * }</pre>
 */
public final class PgConform implements Step {
  private static final long serialVersionUID = 1L;
  private static final Pattern UUID_TEXT =
      Pattern.compile(
          "\\{?[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}\\}?");

  private final TableDef table;
  private final TimestampRule timestamps;
  private transient Map<String, Integer> index;
  private transient PgType[] types;
  private transient String[] names;

  private PgConform(TableDef table, TimestampRule timestamps) {
    this.table = table;
    this.timestamps = timestamps;
  }

  /**
   * A conform step for a PostgreSQL table definition (types as PostgreSQL spells them).
   *
   * @throws IllegalArgumentException if two column names collide in PostgreSQL
   */
  public static PgConform forTable(TableDef pgTable) {
    return forTable(pgTable, TimestampRule.DEFAULT);
  }

  /**
   * A conform step that reads text and numbers bound for timestamp and date columns with the given
   * rule (formats, zone for values without offset, epoch unit).
   *
   * @throws IllegalArgumentException if two column names collide in PostgreSQL
   */
  public static PgConform forTable(TableDef pgTable, TimestampRule timestampRule) {
    PgIdentifiers.checkTable(pgTable);
    PgConform c = new PgConform(pgTable, Objects.requireNonNull(timestampRule, "timestampRule"));
    c.init();
    return c;
  }

  private void init() {
    Map<String, Integer> idx = new HashMap<>();
    PgType[] t = new PgType[table.columns().size()];
    String[] n = new String[t.length];
    for (int i = 0; i < t.length; i++) {
      ColumnDef c = table.columns().get(i);
      idx.put(c.name(), i);
      t[i] = PgType.parse(c.type());
      n[i] = c.name();
    }
    index = idx;
    names = n;
    types = t;
  }

  public TableDef table() {
    return table;
  }

  @Override
  public String label() {
    return "conform to " + table.name();
  }

  @Override
  public Record apply(Record record) throws StepRejection {
    if (types == null) {
      init();
    }
    // Usually the record's fields are the table's columns in order: then values go by position.
    boolean aligned = record.size() == names.length;
    for (int i = 0; aligned && i < names.length; i++) {
      aligned = names[i].equals(record.nameAt(i));
    }
    if (!aligned) {
      for (String name : record.names()) {
        if (!index.containsKey(name)) {
          throw new StepRejection("table '" + table.name() + "' has no column '" + name + "'");
        }
      }
    }
    List<ColumnDef> cols = table.columns();
    Record out = Record.withCapacity(cols.size());
    for (int i = 0; i < types.length; i++) {
      ColumnDef c = cols.get(i);
      Object v = aligned ? record.valueAt(i) : record.get(c.name());
      if (v != null) {
        try {
          v = convert(v, types[i], timestamps);
        } catch (CastException e) {
          throw new StepRejection(
              "table '"
                  + table.name()
                  + "', column '"
                  + c.name()
                  + "' ("
                  + c.type()
                  + "): "
                  + e.getMessage());
        }
      }
      if (v == null && !c.nullable()) {
        throw new StepRejection(
            "table '"
                + table.name()
                + "', column '"
                + c.name()
                + "' is NOT NULL but the value is null");
      }
      out.put(c.name(), v);
    }
    return out;
  }

  /** Converts one non-null value to the Java kind of a PostgreSQL type. */
  static Object convert(Object v, PgType type, TimestampRule rule) throws CastException {
    switch (type.kind()) {
      case BOOL:
        return Casts.toBool(v);
      case INT2:
        return range(Casts.toInt(v), Short.MIN_VALUE, Short.MAX_VALUE, type);
      case INT4:
        return range(Casts.toInt(v), Integer.MIN_VALUE, Integer.MAX_VALUE, type);
      case INT8:
        return Casts.toInt(v);
      case FLOAT4:
        {
          Double d = Casts.toFloat(v);
          if (Double.isFinite(d) && Float.isInfinite((float) (double) d)) {
            throw new CastException(d + " is out of range for real");
          }
          return d;
        }
      case FLOAT8:
        return Casts.toFloat(v);
      case NUMERIC:
        return numeric(Casts.toDecimal(v), type);
      case TEXT:
        return text(Casts.toText(v), type);
      case BYTEA:
        return Casts.toBytes(v);
      case JSON:
        return noNul(Casts.toJson(v));
      case JSONB:
        {
          Json j = noNul(Casts.toJson(v));
          if (j.text().contains("\\u0000")) {
            throw new CastException(
                "jsonb cannot hold the escaped NUL character \\u0000 in "
                    + Values.toDisplayString(j.text()));
          }
          return j;
        }
      case TIMESTAMP:
      case TIMESTAMPTZ:
        return Casts.toTimestamp(v, rule);
      case DATE:
        return Casts.toDate(v, rule);
      case UUID:
        return uuid(v);
      case VECTOR:
        return vector(Casts.toVector(v), type);
      case ARRAY:
        return array(v, type, rule);
      default:
        return noNul(Casts.toText(v));
    }
  }

  private static Long range(Long n, long min, long max, PgType type) throws CastException {
    if (n < min || n > max) {
      throw new CastException(n + " is out of range for " + type.name());
    }
    return n;
  }

  private static BigDecimal numeric(BigDecimal d, PgType type) throws CastException {
    if (type.length() < 0) {
      return d;
    }
    int precision = type.length();
    int scale = Math.max(type.scale(), 0);
    BigDecimal r = d.setScale(scale, RoundingMode.HALF_UP);
    int integerDigits = r.precision() - r.scale();
    if (r.signum() != 0 && integerDigits > precision - scale) {
      throw new CastException(
          d.toPlainString()
              + " does not fit "
              + type.name()
              + ": at most "
              + (precision - scale)
              + " digits before the decimal point");
    }
    return r;
  }

  private static String text(String s, PgType type) throws CastException {
    noNul(s);
    if (type.length() >= 0) {
      int n = s.codePointCount(0, s.length());
      if (n > type.length()) {
        throw new CastException(
            "text of "
                + n
                + " characters is too long for "
                + type.name()
                + ": "
                + Values.toDisplayString(s));
      }
    }
    return s;
  }

  private static String noNul(String s) throws CastException {
    if (s.indexOf('\0') >= 0) {
      throw new CastException(
          "PostgreSQL text cannot hold the NUL character (at index "
              + s.indexOf('\0')
              + " of "
              + s.length()
              + " characters)");
    }
    return s;
  }

  private static Json noNul(Json j) throws CastException {
    noNul(j.text());
    return j;
  }

  private static String uuid(Object v) throws CastException {
    if (!(v instanceof String)) {
      throw new CastException(
          "cannot cast " + Values.kind(v) + " " + Values.toDisplayString(v) + " to uuid");
    }
    String s = (String) v;
    if (isCanonicalUuid(s)) {
      return s; // the usual case (a generated or already conformed id): nothing to rewrite
    }
    s = s.trim();
    if (!UUID_TEXT.matcher(s).matches()
        || (s.startsWith("{") != s.endsWith("}"))
        || !hyphensOk(s)) {
      throw new CastException(
          "cannot cast text " + Values.toDisplayString(v) + " to uuid: not a UUID");
    }
    String hex = s.replace("{", "").replace("}", "").replace("-", "").toLowerCase(Locale.ROOT);
    return hex.substring(0, 8)
        + "-"
        + hex.substring(8, 12)
        + "-"
        + hex.substring(12, 16)
        + "-"
        + hex.substring(16, 20)
        + "-"
        + hex.substring(20);
  }

  /** True for the canonical form {@link #uuid} returns: 36 characters, lower-case hex. */
  static boolean isCanonicalUuid(String s) {
    if (s.length() != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = s.charAt(i);
      boolean ok =
          i == 8 || i == 13 || i == 18 || i == 23
              ? c == '-'
              : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean hyphensOk(String s) {
    String inner = s.replace("{", "").replace("}", "");
    return inner.indexOf('-') < 0 || inner.length() == 36;
  }

  private static float[] vector(float[] f, PgType type) throws CastException {
    if (type.length() >= 0 && f.length != type.length()) {
      throw new CastException(
          "vector has "
              + f.length
              + " dimensions, column "
              + type.name()
              + " needs "
              + type.length());
    }
    if (f.length == 0) {
      throw new CastException("vector must have at least 1 dimension");
    }
    int bad = Values.firstNonFinite(f);
    if (bad >= 0) {
      throw new CastException("vector element " + bad + " is " + f[bad] + ", not a finite number");
    }
    return f;
  }

  private static List<Object> array(Object v, PgType type, TimestampRule rule)
      throws CastException {
    if (v instanceof float[]) {
      List<Object> l = new ArrayList<>();
      for (float f : (float[]) v) {
        l.add((double) f);
      }
      v = l;
    }
    if (!(v instanceof List)) {
      throw new CastException(
          "cannot cast "
              + Values.kind(v)
              + " "
              + Values.toDisplayString(v)
              + " to "
              + type.name()
              + ": not a list");
    }
    List<?> in = (List<?>) v;
    List<Object> out = new ArrayList<>(in.size());
    for (int i = 0; i < in.size(); i++) {
      Object e = in.get(i);
      try {
        out.add(
            e == null
                ? null
                : e instanceof List ? array(e, type, rule) : convert(e, type.element(), rule));
      } catch (CastException ex) {
        throw new CastException("element " + i + ": " + ex.getMessage());
      }
    }
    return out;
  }
}
