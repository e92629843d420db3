package dev.ferry.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.record.Json;
import dev.ferry.record.Record;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class CastsTest {
  private static final TimestampRule UTC = TimestampRule.DEFAULT;

  private static Instant ts(String s) {
    return Instant.parse(s);
  }

  @Test
  void isoTimestamps() throws Exception {
    assertThat(Casts.toTimestamp("2024-05-01 08:00:00.000000", UTC))
        .isEqualTo(ts("2024-05-01T08:00:00Z"));
    assertThat(Casts.toTimestamp("2024-05-01T08:00:00+02:00", UTC))
        .isEqualTo(ts("2024-05-01T06:00:00Z"));
    assertThat(Casts.toTimestamp("2024-05-01T08:00:00Z", UTC))
        .isEqualTo(ts("2024-05-01T08:00:00Z"));
    assertThat(Casts.toTimestamp("2024-05-01T08:00:00.123456789-0130", UTC))
        .isEqualTo(ts("2024-05-01T09:30:00.123456789Z"));
    assertThat(Casts.toTimestamp("2024-05-01T08:00", UTC)).isEqualTo(ts("2024-05-01T08:00:00Z"));
    assertThat(Casts.toTimestamp("  2024-05-01t08:00:00z ", UTC))
        .isEqualTo(ts("2024-05-01T08:00:00Z"));
    assertThat(Casts.toTimestamp("2024-05-01", UTC)).isEqualTo(ts("2024-05-01T00:00:00Z"));
  }

  @Test
  void zoneRuleAppliesToValuesWithoutOffset() throws Exception {
    TimestampRule paris = TimestampRule.of(List.of("iso"), "Europe/Paris", "s");
    assertThat(Casts.toTimestamp("2024-05-01 08:00:00", paris))
        .isEqualTo(ts("2024-05-01T06:00:00Z"));
    assertThat(Casts.toTimestamp("2024-01-15 08:00:00", paris))
        .isEqualTo(ts("2024-01-15T07:00:00Z"));
    assertThat(Casts.toTimestamp("2024-05-01", paris)).isEqualTo(ts("2024-04-30T22:00:00Z"));
    assertThat(Casts.toTimestamp("2024-05-01T08:00:00Z", paris))
        .isEqualTo(ts("2024-05-01T08:00:00Z"));
    assertThat(Casts.toTimestamp(LocalDate.of(2024, 5, 1), paris))
        .isEqualTo(ts("2024-04-30T22:00:00Z"));
  }

  @Test
  void customPatternsAreTriedInOrder() throws Exception {
    TimestampRule r = TimestampRule.of(List.of("iso", "dd/MM/yyyy HH:mm"), "UTC", "s");
    assertThat(Casts.toTimestamp("01/05/2024 08:30", r)).isEqualTo(ts("2024-05-01T08:30:00Z"));
    assertThat(Casts.toTimestamp("2024-05-01T08:30:00Z", r)).isEqualTo(ts("2024-05-01T08:30:00Z"));
    TimestampRule dateOnly = TimestampRule.of(List.of("dd.MM.uuuu"), "Europe/Paris", "s");
    assertThat(Casts.toTimestamp("01.05.2024", dateOnly)).isEqualTo(ts("2024-04-30T22:00:00Z"));
  }

  @Test
  void impossibleDatesAreRefusedNotMoved() {
    TimestampRule r = TimestampRule.of(List.of("dd/MM/yyyy HH:mm"), "UTC", "s");
    assertThatThrownBy(() -> Casts.toTimestamp("31/02/2024 08:00", r))
        .isInstanceOf(CastException.class)
        .hasMessage(
            "cannot cast text '31/02/2024 08:00' to timestamp: matches none of the formats"
                + " [dd/MM/yyyy HH:mm]");
    assertThatThrownBy(() -> Casts.toTimestamp("2024-02-30", UTC))
        .isInstanceOf(CastException.class)
        .hasMessage(
            "cannot cast text '2024-02-30' to timestamp: matches none of the formats [iso]");
  }

  @Test
  void epochNumbers() throws Exception {
    assertThat(Casts.toTimestamp(1714550400L, UTC)).isEqualTo(ts("2024-05-01T08:00:00Z"));
    assertThat(Casts.toTimestamp(1714550400123L, TimestampRule.of(null, null, "ms")))
        .isEqualTo(ts("2024-05-01T08:00:00.123Z"));
    assertThat(Casts.toTimestamp(1714550400123456L, TimestampRule.of(null, null, "us")))
        .isEqualTo(ts("2024-05-01T08:00:00.123456Z"));
    assertThat(Casts.toTimestamp(-1L, TimestampRule.of(null, null, "us")))
        .isEqualTo(ts("1969-12-31T23:59:59.999999Z"));
    assertThat(Casts.toTimestamp(1714550400.5, UTC)).isEqualTo(ts("2024-05-01T08:00:00.500Z"));
  }

  @Test
  void epochOutOfRange() {
    assertThatThrownBy(() -> Casts.toTimestamp(Long.MAX_VALUE, UTC))
        .isInstanceOf(CastException.class)
        .hasMessage("cannot cast int 9223372036854775807 to timestamp: out of range for epoch s");
    assertThatThrownBy(() -> Casts.toTimestamp(Double.NaN, UTC))
        .isInstanceOf(CastException.class)
        .hasMessage("cannot cast float NaN to timestamp: not a finite number");
  }

  @Test
  void unparseableTimestamps() {
    assertThatThrownBy(() -> Casts.toTimestamp("yesterday", UTC))
        .isInstanceOf(CastException.class)
        .hasMessage("cannot cast text 'yesterday' to timestamp: matches none of the formats [iso]");
    assertThatThrownBy(() -> Casts.toTimestamp("2024-05-01 25:00", UTC))
        .isInstanceOf(CastException.class)
        .hasMessage(
            "cannot cast text '2024-05-01 25:00' to timestamp: matches none of the formats [iso]");
    assertThatThrownBy(() -> Casts.toTimestamp(true, UTC))
        .isInstanceOf(CastException.class)
        .hasMessage("cannot cast bool true to timestamp: no conversion from bool");
  }

  @Test
  void dates() throws Exception {
    assertThat(Casts.toDate("2024-05-01", UTC)).isEqualTo(LocalDate.of(2024, 5, 1));
    assertThat(Casts.toDate("2024-05-01T23:30:00Z", TimestampRule.of(null, "Europe/Paris", null)))
        .isEqualTo(LocalDate.of(2024, 5, 2));
    assertThat(Casts.toDate(ts("2024-05-01T08:00:00Z"), UTC)).isEqualTo(LocalDate.of(2024, 5, 1));
    assertThatThrownBy(() -> Casts.toDate("01/05/2024", UTC))
        .isInstanceOf(CastException.class)
        .hasMessage(
            "cannot cast text '01/05/2024' to timestamp: matches none of the formats [iso]");
  }

  @Test
  void json() throws Exception {
    assertThat(Casts.toJson("{ \"b\" : 1.10,\n \"a\": [true, null, 1e400] }"))
        .isEqualTo(Json.of("{\"b\":1.10,\"a\":[true,null,1e400]}"));
    assertThat(Casts.toJson("{\"b\" : 1.10, \"a\": [true]}"))
        .isEqualTo(Json.of("{\"b\" : 1.10, \"a\": [true]}"));
    assertThat(Casts.toJson(" [1] ")).isEqualTo(Json.of("[1]"));
    assertThat(Casts.toJson("12345678901234567890.123456789"))
        .isEqualTo(Json.of("12345678901234567890.123456789"));
    assertThat(Casts.toJson("\"x\"".getBytes(StandardCharsets.UTF_8))).isEqualTo(Json.of("\"x\""));
    assertThat(Casts.toJson(Record.of("a", 1L, "v", new float[] {1.5f}, "l", List.of("x"))))
        .isEqualTo(Json.of("{\"a\":1,\"v\":[1.5],\"l\":[\"x\"]}"));
    assertThat(Casts.toJson(new BigDecimal("1.50"))).isEqualTo(Json.of("1.50"));
    assertThat(Casts.toJson(null)).isNull();
  }

  @Test
  void invalidJson() {
    assertThatThrownBy(() -> Casts.toJson("{\"a\":"))
        .isInstanceOf(CastException.class)
        .hasMessage(
            "invalid JSON: Unexpected end-of-input within/between Object entries at line 1"
                + " column 6 in '{\"a\":'");
    assertThatThrownBy(() -> Casts.toJson("{\"a\":1} x"))
        .isInstanceOf(CastException.class)
        .hasMessage("invalid JSON: trailing content at line 1 column 9 in '{\"a\":1} x'");
    assertThatThrownBy(() -> Casts.toJson("[1]\n\n  2"))
        .isInstanceOf(CastException.class)
        .hasMessage("invalid JSON: trailing content at line 3 column 3 in '[1]\n\n  2'");
    assertThatThrownBy(() -> Casts.toJson("   "))
        .isInstanceOf(CastException.class)
        .hasMessage("invalid JSON: empty text");
    assertThatThrownBy(() -> Casts.toJson("hello"))
        .isInstanceOf(CastException.class)
        .hasMessageStartingWith("invalid JSON: Unrecognized token 'hello'");
    assertThatThrownBy(() -> Casts.toJson(new byte[] {(byte) 0xff}))
        .isInstanceOf(CastException.class)
        .hasMessage("invalid UTF-8 in 1 bytes: Input length = 1");
  }

  @Test
  void ints() throws Exception {
    assertThat(Casts.toInt(" 42 ")).isEqualTo(42L);
    assertThat(Casts.toInt("1e3")).isEqualTo(1000L);
    assertThat(Casts.toInt(7.0)).isEqualTo(7L);
    assertThat(Casts.toInt(new BigDecimal("12.000"))).isEqualTo(12L);
    assertThat(Casts.toInt(true)).isEqualTo(1L);
    assertThatThrownBy(() -> Casts.toInt("4.5"))
        .isInstanceOf(CastException.class)
        .hasMessage("cannot cast text '4.5' to int: not an integer");
    assertThatThrownBy(() -> Casts.toInt(4.5))
        .isInstanceOf(CastException.class)
        .hasMessage("cannot cast float 4.5 to int: not a whole number in range");
    assertThatThrownBy(() -> Casts.toInt(new BigDecimal("1e30")))
        .isInstanceOf(CastException.class)
        .hasMessage("cannot cast decimal 1E+30 to int: not a whole number in range");
    assertThatThrownBy(() -> Casts.toInt(Json.of("1")))
        .isInstanceOf(CastException.class)
        .hasMessage("cannot cast json 1 to int: no conversion from json");
  }

  @Test
  void floatsAndDecimals() throws Exception {
    assertThat(Casts.toFloat("2.5")).isEqualTo(2.5);
    assertThat(Casts.toFloat(3L)).isEqualTo(3.0);
    assertThat(Casts.toFloat(new BigDecimal("0.1"))).isEqualTo(0.1);
    assertThatThrownBy(() -> Casts.toFloat("abc"))
        .isInstanceOf(CastException.class)
        .hasMessage("cannot cast text 'abc' to float: not a number");
    assertThat(Casts.toDecimal("1.50")).isEqualTo(new BigDecimal("1.50"));
    assertThat(Casts.toDecimal(0.1)).isEqualTo(new BigDecimal("0.1"));
    assertThatThrownBy(() -> Casts.toDecimal(Double.POSITIVE_INFINITY))
        .isInstanceOf(CastException.class)
        .hasMessage("cannot cast float Infinity to decimal: not a finite number");
  }

  @Test
  void bools() throws Exception {
    assertThat(Casts.toBool("Yes")).isTrue();
    assertThat(Casts.toBool(" off ")).isFalse();
    assertThat(Casts.toBool(1L)).isTrue();
    assertThat(Casts.toBool("0")).isFalse();
    assertThatThrownBy(() -> Casts.toBool(2L))
        .isInstanceOf(CastException.class)
        .hasMessage("cannot cast int 2 to bool: only 0 and 1 are booleans");
    assertThatThrownBy(() -> Casts.toBool("maybe"))
        .isInstanceOf(CastException.class)
        .hasMessage("cannot cast text 'maybe' to bool: not a boolean word");
  }

  @Test
  void vectors() throws Exception {
    assertThat(Casts.toVector("[1, 2.5, -3e-2]")).containsExactly(1f, 2.5f, -0.03f);
    assertThat(Casts.toVector(Json.of("[]"))).isEmpty();
    assertThat(Casts.toVector(List.of(1L, 0.5, new BigDecimal("2")))).containsExactly(1f, 0.5f, 2f);
    assertThatThrownBy(() -> Casts.toVector("[1, \"a\"]"))
        .isInstanceOf(CastException.class)
        .hasMessage("cannot cast text '[1, \"a\"]' to vector: element 1 is not a number");
    assertThatThrownBy(() -> Casts.toVector("{\"a\":1}"))
        .isInstanceOf(CastException.class)
        .hasMessage("cannot cast text '{\"a\":1}' to vector: not a JSON array");
    assertThatThrownBy(() -> Casts.toVector("[1,2] 3"))
        .isInstanceOf(CastException.class)
        .hasMessage("cannot cast text '[1,2] 3' to vector: trailing content after the array");
    assertThatThrownBy(() -> Casts.toVector("[1,"))
        .isInstanceOf(CastException.class)
        .hasMessageStartingWith(
            "cannot cast text '[1,' to vector: invalid JSON array: Unexpected end-of-input");
    assertThatThrownBy(() -> Casts.toVector(List.of(1L, "x")))
        .isInstanceOf(CastException.class)
        .hasMessage("cannot cast list [1, x] to vector: element 1 is text, not a number");
  }

  @Test
  void textAndBytes() throws Exception {
    assertThat(Casts.toText(new BigDecimal("1E+3"))).isEqualTo("1000");
    assertThat(Casts.toText(ts("2024-05-01T08:00:00Z"))).isEqualTo("2024-05-01T08:00:00Z");
    assertThat(Casts.toText("é".getBytes(StandardCharsets.UTF_8))).isEqualTo("é");
    assertThat(Casts.toText(Record.of("a", List.of(1L)))).isEqualTo("{\"a\":[1]}");
    assertThat(Casts.toBytes("é")).containsExactly(0xc3, 0xa9);
    assertThatThrownBy(() -> Casts.toBytes(1L))
        .isInstanceOf(CastException.class)
        .hasMessage("cannot cast int 1 to bytes: no conversion from int");
  }

  @Test
  void timestampRuleChecksItsArguments() {
    assertThatThrownBy(() -> TimestampRule.of(null, "Mars/Base", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown time zone 'Mars/Base'");
    assertThatThrownBy(() -> TimestampRule.of(null, null, "ns"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("epoch unit must be s, ms or us, not 'ns'");
    assertThatThrownBy(() -> TimestampRule.of(List.of("yyyy-MM-dd{"), null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "invalid timestamp format 'yyyy-MM-dd{': Pattern includes reserved character: '{'");
  }
}
