package dev.ferry.io.sqlite;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits the integer interval {@code [min, max]} into at most {@code n} contiguous, non-overlapping
 * ranges of near-equal size that cover it exactly: the first starts at {@code min}, each next one
 * starts one after the previous one's end, the last ends at {@code max}. Sizes differ by at most
 * one, larger ranges first. An empty interval ({@code min > max}) gives no ranges; a span shorter
 * than {@code n} gives one range per key. Works over the whole {@code long} domain without
 * overflow.
 *
 * <pre>{@code
 * KeyRanges.split(1, 10, 3);   // [1,4], [5,7], [8,10]
 * KeyRanges.split(5, 4, 3);    // []
 * }</pre>
 */
public final class KeyRanges {
  private KeyRanges() {}

  public static List<KeyRange> split(long min, long max, int n) {
    if (n < 1) {
      throw new IllegalArgumentException("number of ranges must be at least 1, was " + n);
    }
    if (min > max) {
      return List.of();
    }
    BigInteger span = BigInteger.valueOf(max).subtract(BigInteger.valueOf(min)).add(BigInteger.ONE);
    BigInteger parts = span.min(BigInteger.valueOf(n));
    BigInteger[] qr = span.divideAndRemainder(parts);
    int count = parts.intValueExact();
    int larger = qr[1].intValueExact();
    List<KeyRange> out = new ArrayList<>(count);
    BigInteger lo = BigInteger.valueOf(min);
    for (int i = 0; i < count; i++) {
      BigInteger size = i < larger ? qr[0].add(BigInteger.ONE) : qr[0];
      BigInteger hi = lo.add(size).subtract(BigInteger.ONE);
      out.add(new KeyRange(lo.longValueExact(), hi.longValueExact()));
      lo = hi.add(BigInteger.ONE);
    }
    return out;
  }
}
