package dev.ferry.record;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Reads Ferry values written by {@link ValueWriter} from a byte array. */
final class ValueReader {
  private final byte[] buf;
  private int pos;
  private final int end;

  ValueReader(byte[] buf, int offset, int length) {
    this.buf = buf;
    this.pos = offset;
    this.end = offset + length;
  }

  private void need(int n) throws IOException {
    if (pos + n > end) {
      throw new IOException("truncated Ferry record encoding");
    }
  }

  int readByte() throws IOException {
    need(1);
    return buf[pos++] & 0xFF;
  }

  long readVarLong() throws IOException {
    long result = 0;
    int shift = 0;
    while (true) {
      int b = readByte();
      result |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return result;
      }
      shift += 7;
      if (shift > 63) {
        throw new IOException("malformed varint in Ferry record encoding");
      }
    }
  }

  long readZigZag() throws IOException {
    long v = readVarLong();
    return (v >>> 1) ^ -(v & 1);
  }

  int readLength() throws IOException {
    long n = readVarLong();
    if (n < 0 || n > end - pos) {
      throw new IOException("bad length " + n + " in Ferry record encoding");
    }
    return (int) n;
  }

  byte[] readBytes() throws IOException {
    int n = readLength();
    byte[] out = new byte[n];
    System.arraycopy(buf, pos, out, 0, n);
    pos += n;
    return out;
  }

  String readString() throws IOException {
    int n = readLength();
    String s = new String(buf, pos, n, StandardCharsets.UTF_8);
    pos += n;
    return s;
  }

  Object readValue() throws IOException {
    int tag = readByte();
    switch (tag) {
      case ValueWriter.NULL:
        return null;
      case ValueWriter.FALSE:
        return Boolean.FALSE;
      case ValueWriter.TRUE:
        return Boolean.TRUE;
      case ValueWriter.LONG:
        return readZigZag();
      case ValueWriter.DOUBLE:
        {
          need(8);
          long bits = 0;
          for (int i = 0; i < 8; i++) {
            bits = (bits << 8) | (buf[pos++] & 0xFFL);
          }
          return Double.longBitsToDouble(bits);
        }
      case ValueWriter.DECIMAL:
        {
          int scale = (int) readZigZag();
          return new BigDecimal(new BigInteger(readBytes()), scale);
        }
      case ValueWriter.STRING:
        return readString();
      case ValueWriter.BYTES:
        return readBytes();
      case ValueWriter.TIMESTAMP:
        {
          long sec = readZigZag();
          long nanos = readVarLong();
          return Instant.ofEpochSecond(sec, nanos);
        }
      case ValueWriter.DATE:
        return LocalDate.ofEpochDay(readZigZag());
      case ValueWriter.JSON:
        return Json.of(readString());
      case ValueWriter.VECTOR:
        {
          long n = readVarLong();
          if (n < 0 || n > (end - pos) / 4) {
            throw new IOException("bad vector length " + n + " in Ferry record encoding");
          }
          float[] f = new float[(int) n];
          ByteBuffer.wrap(buf, pos, f.length * 4)
              .order(ByteOrder.BIG_ENDIAN)
              .asFloatBuffer()
              .get(f);
          pos += f.length * 4;
          return f;
        }
      case ValueWriter.LIST:
        {
          int n = readLength();
          List<Object> l = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            l.add(readValue());
          }
          return l;
        }
      case ValueWriter.RECORD:
        return readRecord();
      default:
        throw new IOException("unknown value tag " + tag + " in Ferry record encoding");
    }
  }

  Record readRecord() throws IOException {
    int n = readLength();
    Record r = Record.withCapacity(n);
    for (int i = 0; i < n; i++) {
      String name = readString();
      r.put(name, readValue());
    }
    return r;
  }
}
