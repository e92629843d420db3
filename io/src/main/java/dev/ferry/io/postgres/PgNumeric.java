package dev.ferry.io.postgres;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * PostgreSQL's binary {@code numeric} format: {@code ndigits}, {@code weight}, {@code sign}, {@code
 * dscale} (four int16) followed by {@code ndigits} base-10000 digits (int16 each). The decimal
 * point sits after digit number {@code weight} (0 = after the first digit); trailing zero digits
 * are not sent; {@code dscale} is the number of decimal places shown.
 *
 * <pre>{@code
 * PgNumeric.encode(new BigDecimal("0.000123"));  // ndigits 2, weight -1, sign 0, dscale 6: 1, 2300
 * }</pre>
 */
final class PgNumeric {
  static final int POSITIVE = 0x0000;
  static final int NEGATIVE = 0x4000;
  private static final BigInteger TEN_THOUSAND = BigInteger.valueOf(10_000);

  private PgNumeric() {}

  /** Writes the value (without its length prefix). */
  static void write(BigDecimal v, CopyBuffer out) {
    int dscale = Math.max(v.scale(), 0);
    if (v.signum() == 0) {
      out.int2(0).int2(0).int2(POSITIVE).int2(dscale);
      return;
    }
    BigInteger unscaled = v.unscaledValue().abs();
    int scale = v.scale();
    if (scale < 0) {
      unscaled = unscaled.multiply(BigInteger.TEN.pow(-scale));
      scale = 0;
    }
    int fracGroups = (scale + 3) / 4;
    int pad = fracGroups * 4 - scale;
    if (pad > 0) {
      unscaled = unscaled.multiply(BigInteger.TEN.pow(pad));
    }
    short[] digits = base10000(unscaled);
    int n = digits.length;
    int weight = n - 1 - fracGroups;
    int end = n;
    while (end > 0 && digits[end - 1] == 0) {
      end--;
    }
    if (weight > Short.MAX_VALUE || weight < Short.MIN_VALUE || end > 0xFFFF || dscale > 0x3FFF) {
      throw new IllegalArgumentException(
          "numeric value out of PostgreSQL's range: " + v.toPlainString());
    }
    out.int2(end).int2(weight).int2(v.signum() < 0 ? NEGATIVE : POSITIVE).int2(dscale);
    for (int i = 0; i < end; i++) {
      out.int2(digits[i]);
    }
  }

  /** The encoded bytes of a value, for tests and callers outside COPY. */
  static byte[] encode(BigDecimal v) {
    CopyBuffer b = new CopyBuffer(16);
    write(v, b);
    return b.toByteArray();
  }

  private static short[] base10000(BigInteger x) {
    if (x.bitLength() < 63) {
      long l = x.longValue();
      short[] tmp = new short[5];
      int n = 0;
      while (l > 0) {
        tmp[n++] = (short) (l % 10_000);
        l /= 10_000;
      }
      short[] out = new short[n];
      for (int i = 0; i < n; i++) {
        out[i] = tmp[n - 1 - i];
      }
      return out;
    }
    String s = x.toString();
    int groups = (s.length() + 3) / 4;
    short[] out = new short[groups];
    int first = s.length() - (groups - 1) * 4;
    out[0] = Short.parseShort(s.substring(0, first));
    for (int g = 1; g < groups; g++) {
      int at = first + (g - 1) * 4;
      out[g] = Short.parseShort(s.substring(at, at + 4));
    }
    return out;
  }

  /** Decodes the binary form back to a decimal with scale {@code dscale} (for tests). */
  static BigDecimal decode(byte[] b) {
    int ndigits = u16(b, 0);
    int weight = (short) u16(b, 2);
    int sign = u16(b, 4);
    int dscale = u16(b, 6);
    BigInteger acc = BigInteger.ZERO;
    for (int i = 0; i < ndigits; i++) {
      acc = acc.multiply(TEN_THOUSAND).add(BigInteger.valueOf(u16(b, 8 + 2 * i)));
    }
    // acc holds digits d0..d(n-1); d0 has weight `weight`, so the value is acc * 10000^(weight-n+1)
    BigDecimal v = new BigDecimal(acc).scaleByPowerOfTen(4 * (weight - ndigits + 1));
    if (sign == NEGATIVE) {
      v = v.negate();
    }
    return v.setScale(dscale, java.math.RoundingMode.UNNECESSARY);
  }

  private static int u16(byte[] b, int at) {
    return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
  }
}
