package dev.ferry.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValuesTest {
  @Test
  void normalizesYamlValues() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("n", 1);
    m.put("inner", Map.of("f", 1.5f));
    m.put("l", List.of(2, (short) 3));
    assertThat(Values.normalize(m))
        .isEqualTo(Record.of("n", 1L, "inner", Record.of("f", 1.5), "l", List.of(2L, 3L)));
    assertThat(Values.normalize(BigInteger.TEN)).isEqualTo(10L);
    assertThat(Values.normalize(BigInteger.TWO.pow(70)).toString())
        .isEqualTo("1180591620717411303424");
  }

  @Test
  void refusesUnknownTypesAndNonTextKeys() {
    assertThatThrownBy(() -> Values.normalize(new Object()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "unsupported value type java.lang.Object (allowed: null, bool, int, float, decimal,"
                + " text, bytes, timestamp, date, json, vector, list, record)");
    assertThatThrownBy(() -> Values.normalize(Map.of(1, "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("map key 1 is not text; only maps with text keys become records");
    assertThatThrownBy(() -> Record.of("a", Map.of("b", new Object())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("field 'a': field 'b': unsupported value type java.lang.Object");
  }

  @Test
  void floatsCompareByExactBits() {
    assertThat(Values.equal(new float[] {Float.NaN}, new float[] {Float.NaN})).isTrue();
    assertThat(Values.equal(new float[] {0f}, new float[] {-0f})).isFalse();
    assertThat(
            Values.equal(
                new float[] {Float.intBitsToFloat(0x7fc00001)},
                new float[] {Float.intBitsToFloat(0x7fc00002)}))
        .isFalse();
    assertThat(Values.equal(0.0, -0.0)).isFalse();
    assertThat(Values.hash(new float[] {1f, 2f})).isEqualTo(Values.hash(new float[] {1f, 2f}));
    assertThat(Values.kind(new float[0])).isEqualTo("vector");
  }

  @Test
  void recordPathsAndRename() {
    Record r = Record.of("a", 1L, "b", 2L, "c", 3L);
    r.putPath("meta.user.id", "t1");
    assertThat(r.getPath("meta.user.id")).isEqualTo("t1");
    assertThat(r.rename("b", "z").names()).containsExactly("a", "z", "c", "meta");
    assertThat(r.removePath("meta.user.id")).isEqualTo("t1");
    assertThat(r.toString()).isEqualTo("{a=1, z=2, c=3, meta={user={}}}");
    assertThatThrownBy(() -> r.putPath("a.x", 1L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot set 'a.x': 'a' holds a int, not a record");
    assertThat(Record.splitPath("`a.b`.c")).containsExactly("a.b", "c");
  }

  @Test
  void firstNonFiniteNamesTheFirstNanOrInfinityWhateverFollows() {
    float[] v = new float[768];
    v[0] = Float.MIN_VALUE;
    v[1] = Float.MAX_VALUE;
    v[2] = -0f;
    assertThat(Values.firstNonFinite(v)).isEqualTo(-1);
    v[700] = Float.POSITIVE_INFINITY;
    v[701] = Float.NaN;
    assertThat(Values.firstNonFinite(v)).isEqualTo(700);
    v[5] = Float.intBitsToFloat(0x7fc00001); // a NaN with a payload
    assertThat(Values.firstNonFinite(v)).isEqualTo(5);
    assertThat(Values.firstNonFinite(new float[] {Float.NEGATIVE_INFINITY})).isZero();
    assertThat(Values.firstNonFinite(new float[0])).isEqualTo(-1);
  }
}
