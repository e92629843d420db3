package dev.ferry.io.postgres;

import dev.ferry.io.schema.TableDef;
import dev.ferry.record.Json;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Encodes conformed records in PostgreSQL's binary COPY format: the {@code PGCOPY} header, per row
 * an int16 field count and per field an int32 length ({@code -1} for NULL) and the type's binary
 * {@code send} form, then an int16 {@code -1} trailer. Timestamps are microseconds since 2000-01-01
 * 00:00 UTC (sub-microsecond digits are dropped), dates days since 2000-01-01, {@code jsonb} a
 * version byte 1 and the text, {@code vector} pgvector's form (int16 dimension, int16 0, float4
 * each).
 *
 * <pre>{@code
 * CopyEncoder enc = new PgBinaryCopy(pgTable);
 * }</pre>
 */
final class PgBinaryCopy extends CopyEncoder {
  private static final byte[] HEADER = {
    'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0
  };

  /** Seconds from 1970-01-01 to 2000-01-01. */
  static final long PG_EPOCH_SECONDS = 946_684_800L;

  /** Days from 1970-01-01 to 2000-01-01. */
  static final long PG_EPOCH_DAYS = 10_957L;

  PgBinaryCopy(TableDef table) {
    super(table);
    for (PgType t : types) {
      if (!t.binaryCopy()) {
        throw new IllegalArgumentException(
            "table '" + table.name() + "': type " + t.name() + " has no binary COPY encoder");
      }
    }
  }

  @Override
  String format() {
    return "binary";
  }

  @Override
  void begin(CopyBuffer out) {
    out.bytes(HEADER);
  }

  @Override
  void end(CopyBuffer out) {
    out.int2(-1);
  }

  @Override
  void startRow(CopyBuffer out) {
    out.int2(names.length);
  }

  @Override
  void endRow(CopyBuffer out) {}

  @Override
  void value(int column, Object v, CopyBuffer out) {
    if (v == null) {
      out.int4(-1);
      return;
    }
    PgType t = types[column];
    switch (t.kind()) {
      case BOOL:
        out.int4(1).int1(((Boolean) v) ? 1 : 0);
        break;
      case INT2:
        out.int4(2).int2((int) (long) (Long) v);
        break;
      case INT4:
        out.int4(4).int4((int) (long) (Long) v);
        break;
      case INT8:
        out.int4(8).int8((Long) v);
        break;
      case FLOAT4:
        out.int4(4).int4(Float.floatToRawIntBits((float) (double) (Double) v));
        break;
      case FLOAT8:
        out.int4(8).int8(Double.doubleToRawLongBits((Double) v));
        break;
      case NUMERIC:
        {
          int at = out.size();
          out.int4(0);
          PgNumeric.write((BigDecimal) v, out);
          out.int4At(at, out.size() - at - 4);
          break;
        }
      case TEXT:
        text((String) v, out);
        break;
      case JSON:
        text(((Json) v).text(), out);
        break;
      case JSONB:
        {
          byte[] b = ((Json) v).text().getBytes(StandardCharsets.UTF_8);
          out.int4(b.length + 1).int1(1).bytes(b);
          break;
        }
      case BYTEA:
        {
          byte[] b = (byte[]) v;
          out.int4(b.length).bytes(b);
          break;
        }
      case TIMESTAMP:
      case TIMESTAMPTZ:
        out.int4(8).int8(micros((Instant) v));
        break;
      case DATE:
        out.int4(4).int4(days((LocalDate) v));
        break;
      case UUID:
        uuid((String) v, out);
        break;
      case VECTOR:
        {
          float[] f = (float[]) v;
          out.int4(4 + 4 * f.length).int2(f.length).int2(0);
          for (float x : f) {
            out.int4(Float.floatToRawIntBits(x));
          }
          break;
        }
      default:
        throw new IllegalStateException("no binary encoder for " + t.name());
    }
  }

  private static void text(String s, CopyBuffer out) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.int4(b.length).bytes(b);
  }

  /** Microseconds since 2000-01-01 00:00:00 UTC. */
  static long micros(Instant t) {
    long sec = Math.subtractExact(t.getEpochSecond(), PG_EPOCH_SECONDS);
    return Math.addExact(Math.multiplyExact(sec, 1_000_000L), t.getNano() / 1000);
  }

  /** Days since 2000-01-01. */
  static int days(LocalDate d) {
    return Math.toIntExact(d.toEpochDay() - PG_EPOCH_DAYS);
  }

  private static void uuid(String s, CopyBuffer out) {
    out.int4(16);
    long hi = 0;
    long lo = 0;
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      int d = Character.digit(s.charAt(i), 16);
      if (d < 0) {
        continue;
      }
      if (n < 16) {
        hi = (hi << 4) | d;
      } else {
        lo = (lo << 4) | d;
      }
      n++;
    }
    if (n != 32) {
      throw new IllegalArgumentException("not a UUID: '" + s + "'");
    }
    out.int8(hi).int8(lo);
  }
}
