package dev.ferry.validate;

import dev.ferry.record.Json;
import dev.ferry.record.Record;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Writes Ferry values in the canonical byte form that fingerprints hash: each value tagged with its
 * kind, so values of different kinds never collide, and written so that values that mean the same
 * after a round trip through a database give the same bytes: JSON by its {@link CanonicalJson
 * canonical text}, decimals without trailing zeros (a whole decimal in int range as that int),
 * nested records with their fields sorted by name. Floats and vectors are written by their exact
 * bits and timestamps by epoch second and nanosecond.
 *
 * <pre>{@code
 * CanonicalBytes out = new CanonicalBytes();
 * out.value(record.get("payload"));
 * long h = out.hash();
 * }</pre>
 */
final class CanonicalBytes {
  private static final int NULL = 0;
  private static final int FALSE = 1;
  private static final int TRUE = 2;
  private static final int INT = 3;
  private static final int FLOAT = 4;
  private static final int DECIMAL = 5;
  private static final int TEXT = 6;
  private static final int BYTES = 7;
  private static final int TIMESTAMP = 8;
  private static final int DATE = 9;
  private static final int JSON = 10;
  private static final int VECTOR = 11;
  private static final int LIST = 12;
  private static final int RECORD = 13;
  private static final int INVALID_JSON = 14;

  private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
  private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

  private byte[] buf = new byte[64];
  private int pos;

  /** Forgets what was written, keeping the buffer. */
  CanonicalBytes reset() {
    pos = 0;
    return this;
  }

  long hash() {
    return XxHash64.hash(buf, 0, pos);
  }

  CanonicalBytes text(String s) {
    writeBytes(s.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  CanonicalBytes value(Object v) {
    if (v == null) {
      tag(NULL);
    } else if (v instanceof Boolean) {
      tag((Boolean) v ? TRUE : FALSE);
    } else if (v instanceof Long) {
      tag(INT);
      writeLong((Long) v);
    } else if (v instanceof Double) {
      tag(FLOAT);
      writeLong(Double.doubleToRawLongBits((Double) v));
    } else if (v instanceof BigDecimal) {
      decimal((BigDecimal) v);
    } else if (v instanceof String) {
      tag(TEXT);
      text((String) v);
    } else if (v instanceof byte[]) {
      tag(BYTES);
      writeBytes((byte[]) v);
    } else if (v instanceof Instant) {
      tag(TIMESTAMP);
      writeLong(((Instant) v).getEpochSecond());
      writeInt(((Instant) v).getNano());
    } else if (v instanceof LocalDate) {
      tag(DATE);
      writeLong(((LocalDate) v).toEpochDay());
    } else if (v instanceof Json) {
      json(((Json) v).text());
    } else if (v instanceof float[]) {
      float[] f = (float[]) v;
      tag(VECTOR);
      writeInt(f.length);
      for (float x : f) {
        writeInt(Float.floatToRawIntBits(x));
      }
    } else if (v instanceof List) {
      List<?> l = (List<?>) v;
      tag(LIST);
      writeInt(l.size());
      for (Object o : l) {
        value(o);
      }
    } else if (v instanceof Record) {
      Record r = (Record) v;
      tag(RECORD);
      writeInt(r.size());
      List<String> names = new ArrayList<>(r.names());
      Collections.sort(names);
      for (String n : names) {
        text(n);
        value(r.get(n));
      }
    } else {
      throw new IllegalArgumentException("cannot fingerprint " + v.getClass().getName());
    }
    return this;
  }

  private void decimal(BigDecimal d) {
    BigDecimal s = d.stripTrailingZeros();
    if (s.scale() <= 0 && s.compareTo(LONG_MIN) >= 0 && s.compareTo(LONG_MAX) <= 0) {
      tag(INT);
      writeLong(s.longValueExact());
    } else {
      tag(DECIMAL);
      writeInt(s.scale());
      writeBytes(s.unscaledValue().toByteArray());
    }
  }

  private void json(String text) {
    String canonical;
    try {
      canonical = CanonicalJson.of(text);
    } catch (IllegalArgumentException e) {
      tag(INVALID_JSON);
      text(text);
      return;
    }
    tag(JSON);
    text(canonical);
  }

  private void tag(int t) {
    ensure(1);
    buf[pos++] = (byte) t;
  }

  private void writeInt(int v) {
    ensure(4);
    for (int i = 3; i >= 0; i--) {
      buf[pos++] = (byte) (v >>> (i * 8));
    }
  }

  private void writeLong(long v) {
    ensure(8);
    for (int i = 7; i >= 0; i--) {
      buf[pos++] = (byte) (v >>> (i * 8));
    }
  }

  private void writeBytes(byte[] b) {
    writeInt(b.length);
    ensure(b.length);
    System.arraycopy(b, 0, buf, pos, b.length);
    pos += b.length;
  }

  private void ensure(int n) {
    if (pos + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
    }
  }
}
