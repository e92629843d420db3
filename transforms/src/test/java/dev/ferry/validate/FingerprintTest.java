package dev.ferry.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.record.Json;
import dev.ferry.record.Record;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FingerprintTest {
  private static long xx(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return XxHash64.hash(b, 0, b.length);
  }

  @Test
  void xxHash64MatchesTheReference() {
    // expected values from xxhsum -H1
    assertThat(xx("")).isEqualTo(0xef46db3751d8e999L);
    assertThat(xx("a")).isEqualTo(0xd24ec4f1a98c6e5bL);
    assertThat(xx("abc")).isEqualTo(0x44bc2cf5ad770999L);
    assertThat(xx("Nobody inspects the spammish repetition")).isEqualTo(0xfbcea83c8a378bf1L);
    assertThat(xx("x".repeat(100))).isEqualTo(0x92f0de5a88a3c094L);
  }

  @Test
  void keyStrings() {
    assertThat(Fingerprint.keyString(Record.of("id", "a2"))).isEqualTo("id=a2");
    assertThat(Fingerprint.keyString(Record.of("a", 1L, "b", "x"))).isEqualTo("a=1,b=x");
    assertThat(Fingerprint.keyString(Record.of("a", "1,b=x"))).isEqualTo("a=1\\,b\\=x");
    assertThat(Fingerprint.keyString(Record.of("a\\", "\\N", "b", null)))
        .isEqualTo("a\\\\=\\\\N,b=\\N");
    assertThat(
            Fingerprint.keyString(
                Record.of(
                    "d",
                    new BigDecimal("1.500"),
                    "t",
                    Instant.parse("2024-05-01T08:00:00Z"),
                    "day",
                    LocalDate.of(2024, 5, 1),
                    "bin",
                    new byte[] {0x0a, (byte) 0xff},
                    "j",
                    Json.of("{\"b\":1, \"a\":2}"),
                    "ok",
                    true)))
        .isEqualTo(
            "d=1.5,t=2024-05-01T08:00:00Z,day=2024-05-01,bin=\\x0aff,j={\"a\":2\\,\"b\":1},ok=true");
    assertThat(Fingerprint.keyString(new Record())).isEqualTo("");
  }

  @Test
  void canonicalJson() {
    assertThat(CanonicalJson.of("{ \"b\": 1.50, \"a\": [true, null, {\"z\":1,\"y\":\"é\"}] }"))
        .isEqualTo("{\"a\":[true,null,{\"y\":\"é\",\"z\":1}],\"b\":1.5}");
    assertThat(CanonicalJson.of("[1, 1.0, 1e0, 10e-1, 100, 1E2, 0.0, -0, 1e400, 1e-8]"))
        .isEqualTo("[1,1,1,1,100,100,0,0,1E+400,1E-8]");
    assertThat(CanonicalJson.of("{\"a\":1,\"a\":2}")).isEqualTo("{\"a\":2}");
    assertThat(CanonicalJson.of("\"\\u00e9\"")).isEqualTo("\"é\"");
    assertThat(CanonicalJson.of("12345678901234567890.12345678901234567890"))
        .isEqualTo("12345678901234567890.1234567890123456789");
    assertThatThrownBy(() -> CanonicalJson.of("{\"a\":1} x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid JSON: Unrecognized token 'x'");
    assertThatThrownBy(() -> CanonicalJson.of("[1] 2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid JSON: trailing content");
  }

  @Test
  void jsonbRoundTripHashesTheSame() {
    Json source = Json.of("{\"name\": \"Ada\",  \"tags\": [\"a\", \"b\"], \"score\": 1.50}");
    Json fromPostgres = Json.of("{\"name\": \"Ada\", \"tags\": [\"a\", \"b\"], \"score\": 1.50}");
    Json reordered = Json.of("{\"score\":1.5,\"tags\":[\"a\",\"b\"],\"name\":\"Ada\"}");
    assertThat(Fingerprint.hash(source)).isEqualTo(Fingerprint.hash(fromPostgres));
    assertThat(Fingerprint.hash(source)).isEqualTo(Fingerprint.hash(reordered));
    assertThat(Fingerprint.hash(source))
        .isNotEqualTo(
            Fingerprint.hash(Json.of("{\"name\":\"Ada\",\"tags\":[\"b\",\"a\"],\"score\":1.5}")));
    // JSON is not text: the same characters as text hash differently
    assertThat(Fingerprint.hash(Json.of("1"))).isNotEqualTo(Fingerprint.hash("1"));
    // invalid JSON text still hashes, by its text
    assertThat(Fingerprint.hash(Json.of("{oops"))).isEqualTo(Fingerprint.hash(Json.of("{oops")));
  }

  @Test
  void hashesFollowTheValueNotItsSpelling() {
    assertThat(Fingerprint.hash(new BigDecimal("1.50")))
        .isEqualTo(Fingerprint.hash(new BigDecimal("1.5")));
    assertThat(Fingerprint.hash(new BigDecimal("7.00"))).isEqualTo(Fingerprint.hash(7L));
    assertThat(Fingerprint.hash(new BigDecimal("1e30")))
        .isEqualTo(Fingerprint.hash(new BigDecimal("1000000000000000000000000000000")));
    assertThat(Fingerprint.hash(7.0)).isNotEqualTo(Fingerprint.hash(7L));
    assertThat(Fingerprint.hash(0.0)).isNotEqualTo(Fingerprint.hash(-0.0));
    assertThat(Fingerprint.hash(new float[] {1f, Float.NaN}))
        .isEqualTo(Fingerprint.hash(new float[] {1f, Float.NaN}));
    assertThat(Fingerprint.hash(new float[] {1f, 2f}))
        .isNotEqualTo(Fingerprint.hash(new float[] {1f, 2.0000002f}));
    assertThat(Fingerprint.hash(Instant.ofEpochSecond(1, 1)))
        .isNotEqualTo(Fingerprint.hash(Instant.ofEpochSecond(1)));
    assertThat(Fingerprint.hash(Record.of("a", 1L, "b", 2L)))
        .isEqualTo(Fingerprint.hash(Record.of("b", 2L, "a", 1L)));
    assertThat(Fingerprint.hash(List.of(1L, 2L))).isNotEqualTo(Fingerprint.hash(List.of(2L, 1L)));
    assertThat(Fingerprint.hash(Arrays.asList("a", null)))
        .isNotEqualTo(Fingerprint.hash(List.of("a")));
    assertThat(Fingerprint.hash("ab")).isNotEqualTo(Fingerprint.hash(new byte[] {'a', 'b'}));
    assertThat(Fingerprint.hash(null)).isNotEqualTo(Fingerprint.hash(""));
  }

  @Test
  void columnHashesAndRowHash() {
    Record r = Record.of("id", "a1", "doc", Json.of("{\"b\":1,\"a\":2}"), "n", null);
    Record h = Fingerprint.columnHashes(r);
    assertThat(h.names()).containsExactly("id", "doc", "n");
    assertThat(h.get("id")).isEqualTo(Fingerprint.hash("a1"));
    assertThat(h.get("doc")).isEqualTo(Fingerprint.hash(Json.of("{\"a\":2,\"b\":1}")));
    assertThat(h.get("n")).isEqualTo(Fingerprint.hash(null));
    assertThat(Fingerprint.rowHash(r)).hasSize(16).matches("[0-9a-f]{16}");
    assertThat(Fingerprint.rowHash(r))
        .isEqualTo(
            Fingerprint.rowHash(
                Record.of("n", null, "id", "a1", "doc", Json.of("{\"a\":2, \"b\":1}"))));
    assertThat(Fingerprint.rowHash(r)).isNotEqualTo(Fingerprint.rowHash(Record.of("id", "a1")));
  }

  @Test
  void differingColumns() {
    Record s = Record.of("id", 1L, "a", 2L, "b", 3L, "only_source", 4L);
    Record t = Record.of("id", 1L, "b", 30L, "a", 2L, "only_target", 5L);
    assertThat(Fingerprint.differingColumns(s, t))
        .containsExactly("b", "only_source", "only_target");
    assertThat(Fingerprint.differingColumns(s, s)).isEmpty();
  }
}
