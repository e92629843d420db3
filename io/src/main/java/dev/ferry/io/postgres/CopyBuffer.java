package dev.ferry.io.postgres;

import java.util.Arrays;

/**
 * A growable byte array with big-endian writes: the bytes of one COPY (one batch, or several held
 * back together) in COPY format, built once and sent (again, on retry) as they are.
 *
 * <pre>{@code
 * CopyBuffer b = new CopyBuffer(1 << 16);
 * b.int4(8).int8(42L);
 * copyIn.writeToCopy(b.array(), 0, b.size());
 * }</pre>
 */
final class CopyBuffer {
  private byte[] buf;
  private int pos;

  CopyBuffer(int initialCapacity) {
    buf = new byte[Math.max(64, initialCapacity)];
  }

  private void ensure(int n) {
    if (pos + n > buf.length) {
      long want = Math.max((long) buf.length * 2, (long) pos + n);
      if (want > Integer.MAX_VALUE - 16) {
        throw new IllegalStateException("COPY batch larger than 2 GB; use smaller batches");
      }
      buf = Arrays.copyOf(buf, (int) want);
    }
  }

  CopyBuffer int1(int v) {
    ensure(1);
    buf[pos++] = (byte) v;
    return this;
  }

  CopyBuffer int2(int v) {
    ensure(2);
    buf[pos++] = (byte) (v >>> 8);
    buf[pos++] = (byte) v;
    return this;
  }

  CopyBuffer int4(int v) {
    ensure(4);
    buf[pos++] = (byte) (v >>> 24);
    buf[pos++] = (byte) (v >>> 16);
    buf[pos++] = (byte) (v >>> 8);
    buf[pos++] = (byte) v;
    return this;
  }

  CopyBuffer int8(long v) {
    ensure(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      buf[pos++] = (byte) (v >>> shift);
    }
    return this;
  }

  CopyBuffer bytes(byte[] b) {
    return bytes(b, 0, b.length);
  }

  CopyBuffer bytes(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, buf, pos, len);
    pos += len;
    return this;
  }

  /** Writes the ASCII characters of {@code s} (the caller guarantees they are ASCII). */
  CopyBuffer ascii(String s) {
    int n = s.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      buf[pos++] = (byte) s.charAt(i);
    }
    return this;
  }

  /** Overwrites four bytes at an earlier position (a length written before its value). */
  void int4At(int at, int v) {
    buf[at] = (byte) (v >>> 24);
    buf[at + 1] = (byte) (v >>> 16);
    buf[at + 2] = (byte) (v >>> 8);
    buf[at + 3] = (byte) v;
  }

  int size() {
    return pos;
  }

  byte[] array() {
    return buf;
  }

  /** A copy of the written bytes. */
  byte[] toByteArray() {
    return Arrays.copyOf(buf, pos);
  }

  void reset() {
    pos = 0;
  }

  /** Drops what was written after {@code size} bytes (an earlier {@link #size()}). */
  void truncate(int size) {
    if (size < 0 || size > pos) {
      throw new IllegalArgumentException("cannot truncate " + pos + " bytes to " + size);
    }
    pos = size;
  }
}
