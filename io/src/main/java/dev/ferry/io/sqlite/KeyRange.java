package dev.ferry.io.sqlite;

import java.io.Serializable;

/**
 * A closed range {@code [lo, hi]} of an integer key, one piece of a split made by {@link
 * KeyRanges}.
 *
 * <pre>{@code
 * KeyRange r = new KeyRange(1, 500);
 * r.size();   // 500
 * }</pre>
 */
public record KeyRange(long lo, long hi) implements Serializable {
  public KeyRange {
    if (lo > hi) {
      throw new IllegalArgumentException("empty key range [" + lo + ", " + hi + "]");
    }
  }

  /** Number of keys in the range, saturated at {@link Long#MAX_VALUE}. */
  public long size() {
    long n = hi - lo + 1;
    return n <= 0 ? Long.MAX_VALUE : n;
  }
}
