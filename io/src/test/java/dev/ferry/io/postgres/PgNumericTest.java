package dev.ferry.io.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PgNumericTest {
  /** ndigits, weight, sign, dscale, digits... as int16 values. */
  private static byte[] shorts(int... v) {
    byte[] b = new byte[v.length * 2];
    for (int i = 0; i < v.length; i++) {
      b[2 * i] = (byte) (v[i] >>> 8);
      b[2 * i + 1] = (byte) v[i];
    }
    return b;
  }

  @Test
  void encodesEdgeCasesAsPostgresDoes() {
    assertThat(PgNumeric.encode(new BigDecimal("0"))).isEqualTo(shorts(0, 0, 0, 0));
    assertThat(PgNumeric.encode(new BigDecimal("0.00"))).isEqualTo(shorts(0, 0, 0, 2));
    assertThat(PgNumeric.encode(new BigDecimal("1"))).isEqualTo(shorts(1, 0, 0, 0, 1));
    assertThat(PgNumeric.encode(new BigDecimal("-1.5")))
        .isEqualTo(shorts(2, 0, 0x4000, 1, 1, 5000));
    assertThat(PgNumeric.encode(new BigDecimal("0.000123")))
        .isEqualTo(shorts(2, -1, 0, 6, 1, 2300));
    assertThat(PgNumeric.encode(new BigDecimal("10000"))).isEqualTo(shorts(1, 1, 0, 0, 1));
    assertThat(PgNumeric.encode(new BigDecimal("1E+5"))).isEqualTo(shorts(1, 1, 0, 0, 10));
    assertThat(PgNumeric.encode(new BigDecimal("12345678901234567890.123456")))
        .isEqualTo(shorts(7, 4, 0, 6, 1234, 5678, 9012, 3456, 7890, 1234, 5600));
    assertThat(PgNumeric.encode(new BigDecimal("-0.00000001")))
        .isEqualTo(shorts(1, -2, 0x4000, 8, 1));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0",
        "0.000",
        "7",
        "-7",
        "9999",
        "10000",
        "0.000123",
        "-0.000123",
        "12345678901234567890.123456",
        "-12345678901234567890.123456",
        "3.14159265358979323846264338327950288",
        "100000000000000000000000000000000000000000",
        "0.1",
        "-99999999.99",
        "9223372036854775807",
        "9223372036854775808",
      })
  void roundTrips(String s) {
    BigDecimal v = new BigDecimal(s);
    assertThat(PgNumeric.decode(PgNumeric.encode(v))).isEqualTo(v);
  }
}
