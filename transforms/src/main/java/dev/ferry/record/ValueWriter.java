package dev.ferry.record;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Appends Ferry values to a growable byte buffer in the Coder's binary format. */
final class ValueWriter {
  static final int NULL = 0;
  static final int FALSE = 1;
  static final int TRUE = 2;
  static final int LONG = 3;
  static final int DOUBLE = 4;
  static final int DECIMAL = 5;
  static final int STRING = 6;
  static final int BYTES = 7;
  static final int TIMESTAMP = 8;
  static final int DATE = 9;
  static final int JSON = 10;
  static final int VECTOR = 11;
  static final int LIST = 12;
  static final int RECORD = 13;

  private byte[] buf;
  private int pos;

  ValueWriter(int initial) {
    buf = new byte[Math.max(64, initial)];
  }

  byte[] array() {
    return buf;
  }

  int length() {
    return pos;
  }

  private void ensure(int n) {
    if (pos + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
    }
  }

  void writeByte(int b) {
    ensure(1);
    buf[pos++] = (byte) b;
  }

  void writeVarLong(long v) {
    ensure(10);
    while ((v & ~0x7FL) != 0) {
      buf[pos++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[pos++] = (byte) v;
  }

  void writeZigZag(long v) {
    writeVarLong((v << 1) ^ (v >> 63));
  }

  void writeBytes(byte[] b) {
    writeVarLong(b.length);
    ensure(b.length);
    System.arraycopy(b, 0, buf, pos, b.length);
    pos += b.length;
  }

  void writeString(String s) {
    writeBytes(s.getBytes(StandardCharsets.UTF_8));
  }

  void writeValue(Object v) {
    if (v == null) {
      writeByte(NULL);
    } else if (v instanceof Boolean) {
      writeByte(((Boolean) v) ? TRUE : FALSE);
    } else if (v instanceof Long) {
      writeByte(LONG);
      writeZigZag((Long) v);
    } else if (v instanceof Double) {
      writeByte(DOUBLE);
      long bits = Double.doubleToRawLongBits((Double) v);
      ensure(8);
      for (int i = 7; i >= 0; i--) {
        buf[pos++] = (byte) (bits >>> (i * 8));
      }
    } else if (v instanceof BigDecimal) {
      BigDecimal d = (BigDecimal) v;
      writeByte(DECIMAL);
      writeZigZag(d.scale());
      writeBytes(d.unscaledValue().toByteArray());
    } else if (v instanceof String) {
      writeByte(STRING);
      writeString((String) v);
    } else if (v instanceof byte[]) {
      writeByte(BYTES);
      writeBytes((byte[]) v);
    } else if (v instanceof Instant) {
      Instant t = (Instant) v;
      writeByte(TIMESTAMP);
      writeZigZag(t.getEpochSecond());
      writeVarLong(t.getNano());
    } else if (v instanceof LocalDate) {
      writeByte(DATE);
      writeZigZag(((LocalDate) v).toEpochDay());
    } else if (v instanceof Json) {
      writeByte(JSON);
      writeString(((Json) v).text());
    } else if (v instanceof float[]) {
      float[] f = (float[]) v;
      writeByte(VECTOR);
      writeVarLong(f.length);
      ensure(f.length * 4);
      ByteBuffer.wrap(buf, pos, f.length * 4).order(ByteOrder.BIG_ENDIAN).asFloatBuffer().put(f);
      pos += f.length * 4;
    } else if (v instanceof List) {
      List<?> l = (List<?>) v;
      writeByte(LIST);
      writeVarLong(l.size());
      for (Object o : l) {
        writeValue(o);
      }
    } else if (v instanceof Record) {
      writeByte(RECORD);
      writeRecord((Record) v);
    } else {
      throw new IllegalArgumentException("cannot encode value of type " + v.getClass().getName());
    }
  }

  void writeRecord(Record r) {
    writeVarLong(r.size());
    for (Map.Entry<String, Object> e : r.asMap().entrySet()) {
      writeString(e.getKey());
      writeValue(e.getValue());
    }
  }
}
