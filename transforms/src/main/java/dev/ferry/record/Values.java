package dev.ferry.record;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Plain functions over Ferry's value kinds: naming a value's kind, normalizing Java values into the
 * allowed kinds, deep copies, and content equality for arrays. Floats and vectors compare by their
 * exact bits (so {@code NaN} equals a {@code NaN} with the same payload and {@code -0.0} differs
 * from {@code 0.0}), which is what the Coder writes: equal values always encode to equal bytes.
 *
 * <pre>{@code
 * Values.kind(3L);          // "int"
 * Values.normalize(7);      // 7L
 * }</pre>
 */
public final class Values {
  private Values() {}

  /**
   * The index of the first NaN or infinite element of {@code f}, or -1 when every element is
   * finite. One pass over the bits without a branch per element (NaN and the infinities have every
   * exponent bit set, so one more exponent step carries into the sign bit); only a vector found
   * wrong is scanned again for the index.
   */
  public static int firstNonFinite(float[] f) {
    int nonFinite = 0;
    for (float x : f) {
      nonFinite |= (Float.floatToRawIntBits(x) & 0x7f800000) + 0x00800000;
    }
    if (nonFinite < 0) {
      for (int i = 0; i < f.length; i++) {
        if (!Float.isFinite(f[i])) {
          return i;
        }
      }
    }
    return -1;
  }

  /** The kind name used in messages and reports. */
  public static String kind(Object v) {
    if (v == null) {
      return "null";
    } else if (v instanceof Boolean) {
      return "bool";
    } else if (v instanceof Long) {
      return "int";
    } else if (v instanceof Double) {
      return "float";
    } else if (v instanceof BigDecimal) {
      return "decimal";
    } else if (v instanceof String) {
      return "text";
    } else if (v instanceof byte[]) {
      return "bytes";
    } else if (v instanceof Instant) {
      return "timestamp";
    } else if (v instanceof LocalDate) {
      return "date";
    } else if (v instanceof Json) {
      return "json";
    } else if (v instanceof float[]) {
      return "vector";
    } else if (v instanceof List) {
      return "list";
    } else if (v instanceof Record) {
      return "record";
    }
    return v.getClass().getSimpleName();
  }

  /**
   * Converts a Java value into an allowed kind, or fails naming the Java type: {@code Integer},
   * {@code Short}, {@code Byte} and small {@code BigInteger}s become Long, {@code Float} becomes
   * Double, lists are normalized element by element and maps with text keys become records.
   */
  public static Object normalize(Object v) {
    if (v == null
        || v instanceof Boolean
        || v instanceof Long
        || v instanceof Double
        || v instanceof BigDecimal
        || v instanceof String
        || v instanceof byte[]
        || v instanceof Instant
        || v instanceof LocalDate
        || v instanceof Json
        || v instanceof float[]
        || v instanceof Record) {
      return v;
    }
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof Float) {
      return ((Float) v).doubleValue();
    }
    if (v instanceof BigInteger) {
      BigInteger b = (BigInteger) v;
      return b.bitLength() < 64 ? (Object) b.longValue() : new BigDecimal(b);
    }
    if (v instanceof List) {
      List<?> in = (List<?>) v;
      List<Object> out = new ArrayList<>(in.size());
      for (Object o : in) {
        out.add(normalize(o));
      }
      return out;
    }
    if (v instanceof Map) {
      Map<?, ?> in = (Map<?, ?>) v;
      Record out = Record.withCapacity(in.size());
      for (Map.Entry<?, ?> e : in.entrySet()) {
        if (!(e.getKey() instanceof String)) {
          throw new IllegalArgumentException(
              "map key " + e.getKey() + " is not text; only maps with text keys become records");
        }
        out.put((String) e.getKey(), e.getValue());
      }
      return out;
    }
    throw new IllegalArgumentException(
        "unsupported value type "
            + v.getClass().getName()
            + " (allowed: null, bool, int, float,"
            + " decimal, text, bytes, timestamp, date, json, vector, list, record)");
  }

  /** A deep copy of a value; immutable values are returned as they are. */
  public static Object deepCopy(Object v) {
    if (v instanceof Record) {
      return ((Record) v).copy();
    } else if (v instanceof List) {
      return Record.copyList((List<?>) v);
    } else if (v instanceof byte[]) {
      return ((byte[]) v).clone();
    } else if (v instanceof float[]) {
      return ((float[]) v).clone();
    }
    return v;
  }

  /** Equality with content comparison for arrays and lists of arrays. */
  public static boolean equal(Object a, Object b) {
    if (a == b) {
      return true;
    }
    if (a == null || b == null) {
      return false;
    }
    if (a instanceof byte[] && b instanceof byte[]) {
      return Arrays.equals((byte[]) a, (byte[]) b);
    }
    if (a instanceof float[] && b instanceof float[]) {
      return sameBits((float[]) a, (float[]) b);
    }
    if (a instanceof Double && b instanceof Double) {
      return Double.doubleToRawLongBits((Double) a) == Double.doubleToRawLongBits((Double) b);
    }
    if (a instanceof List && b instanceof List) {
      List<?> la = (List<?>) a;
      List<?> lb = (List<?>) b;
      if (la.size() != lb.size()) {
        return false;
      }
      for (int i = 0; i < la.size(); i++) {
        if (!equal(la.get(i), lb.get(i))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  private static boolean sameBits(float[] a, float[] b) {
    if (a.length != b.length) {
      return false;
    }
    for (int i = 0; i < a.length; i++) {
      if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
        return false;
      }
    }
    return true;
  }

  /** Hash consistent with {@link #equal}. */
  public static int hash(Object v) {
    if (v == null) {
      return 0;
    } else if (v instanceof byte[]) {
      return Arrays.hashCode((byte[]) v);
    } else if (v instanceof float[]) {
      int h = 1;
      for (float f : (float[]) v) {
        h = 31 * h + Float.floatToRawIntBits(f);
      }
      return h;
    } else if (v instanceof Double) {
      return Long.hashCode(Double.doubleToRawLongBits((Double) v));
    } else if (v instanceof List) {
      int h = 1;
      for (Object o : (List<?>) v) {
        h = 31 * h + hash(o);
      }
      return h;
    }
    return v.hashCode();
  }

  /** A short human-readable form, for messages (bytes and long vectors abbreviated). */
  public static String toDisplayString(Object v) {
    if (v instanceof byte[]) {
      return "bytes[" + ((byte[]) v).length + "]";
    } else if (v instanceof float[]) {
      float[] f = (float[]) v;
      return f.length <= 8 ? Record.arrayString(f) : "vector[" + f.length + "]";
    } else if (v instanceof String) {
      String s = (String) v;
      return s.length() > 200 ? "'" + s.substring(0, 200) + "...'" : "'" + s + "'";
    }
    return String.valueOf(v);
  }

  /** Text of a value for messages that must show what was found (bytes shown as UTF-8 lossy). */
  public static String preview(Object v) {
    if (v instanceof byte[]) {
      byte[] b = (byte[]) v;
      return new String(b, 0, Math.min(b.length, 64), StandardCharsets.UTF_8);
    }
    return toDisplayString(v);
  }
}
