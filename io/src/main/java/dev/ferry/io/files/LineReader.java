package dev.ferry.io.files;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads a stream as lines of raw bytes, separated by {@code \n} (a {@code \r} before it is
 * dropped), without decoding them, so a line with invalid UTF-8 can be reported on its own. A last
 * line without {@code \n} is a line; a final {@code \n} does not start an empty one. Not
 * thread-safe; does not close the stream.
 *
 * <pre>{@code
 * LineReader lines = new LineReader(in);
 * for (byte[] line; (line = lines.next()) != null; ) { long n = lines.lineNumber(); ... }
 * }</pre>
 */
final class LineReader {
  private final InputStream in;
  private final byte[] buf = new byte[64 * 1024];
  private int pos;
  private int limit;
  private long lineNumber;
  private byte[] line = new byte[256];

  LineReader(InputStream in) {
    this.in = in;
  }

  /** The next line without its terminator, or null at the end of the stream. */
  byte[] next() throws IOException {
    int len = 0;
    boolean any = false;
    while (true) {
      if (pos == limit) {
        limit = in.read(buf, 0, buf.length);
        pos = 0;
        if (limit <= 0) {
          limit = 0;
          if (!any) {
            return null;
          }
          break;
        }
      }
      any = true;
      int start = pos;
      while (pos < limit && buf[pos] != '\n') {
        pos++;
      }
      int n = pos - start;
      if (len + n > line.length) {
        line = Arrays.copyOf(line, Math.max(line.length * 2, len + n));
      }
      System.arraycopy(buf, start, line, len, n);
      len += n;
      if (pos < limit) {
        pos++; // the '\n'
        break;
      }
    }
    lineNumber++;
    if (len > 0 && line[len - 1] == '\r') {
      len--;
    }
    return Arrays.copyOf(line, len);
  }

  /** The 1-based number of the line last returned by {@link #next()}. */
  long lineNumber() {
    return lineNumber;
  }
}
