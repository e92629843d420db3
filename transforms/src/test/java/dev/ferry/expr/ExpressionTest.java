package dev.ferry.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.record.Json;
import dev.ferry.record.Record;
import java.time.Instant;
import java.util.List;
import org.apache.beam.sdk.util.SerializableUtils;
import org.junit.jupiter.api.Test;

class ExpressionTest {
  private static final Record R =
      Record.of(
          "a",
          5L,
          "price",
          2.5,
          "first",
          "Ada",
          "last",
          "Lovelace",
          "source",
          "a long description of where this came from",
          "note",
          null,
          "meta",
          Record.of("user_id", "t1", "size", 3L, "tags", List.of("x", Record.of("k", "v"))),
          "payload",
          Json.of("{\"a\":1}"),
          "at",
          Instant.parse("2024-05-01T08:00:00Z"),
          "v",
          new float[] {1f, 2f});

  private static Object eval(String src) {
    return Expression.of(src).evaluate(R);
  }

  @Test
  void arithmeticGivesFerryKinds() {
    assertThat(eval("a + 1")).isEqualTo(6L);
    assertThat(eval("a * price")).isEqualTo(12.5);
    assertThat(eval("10 / 4")).isEqualTo(2L);
    assertThat(eval("10.0 / 4")).isEqualTo(2.5);
    assertThat(eval("a % 2 == 1")).isEqualTo(true);
    assertThat(eval("size(first)")).isEqualTo(3L);
  }

  @Test
  void strings() {
    assertThat(eval("first + ' ' + last")).isEqualTo("Ada Lovelace");
    assertThat(eval("source.substring(0, 6)")).isEqualTo("a long");
    assertThat(eval("last.toUpperCase()")).isEqualTo("LOVELACE");
    assertThat(eval("first =~ '^A.*'")).isEqualTo(true);
    assertThat(eval("`${first}-${a}`")).isEqualTo("Ada-5");
    assertThat(eval("first.split('d')")).isEqualTo(List.of("A", "a"));
  }

  @Test
  void conditionalsAndNulls() {
    assertThat(eval("a > 3 ? 'big' : 'small'")).isEqualTo("big");
    assertThat(eval("note ?? 'unknown'")).isEqualTo("unknown");
    assertThat(eval("missing ?? 'unknown'")).isEqualTo("unknown");
    assertThat(eval("first ?? 'unknown'")).isEqualTo("Ada");
    assertThat(eval("note == null")).isEqualTo(true);
    assertThat(eval("note?.length()")).isNull();
    assertThat(eval("empty(note)")).isEqualTo(true);
  }

  @Test
  void nestedRecordsAndLists() {
    assertThat(eval("meta.user_id")).isEqualTo("t1");
    assertThat(eval("meta['user_id']")).isEqualTo("t1");
    assertThat(eval("meta.size")).isEqualTo(3L);
    assertThat(eval("meta.tags[1].k")).isEqualTo("v");
    assertThat(eval("size(meta.tags)")).isEqualTo(2L);
    assertThat(eval("meta.missing")).isNull();
    assertThat(eval("v[1]")).isEqualTo(2.0);
  }

  @Test
  void resultsBecomeFerryValues() {
    Object meta = eval("meta");
    assertThat(meta).isEqualTo(R.get("meta")).isNotSameAs(R.get("meta"));
    assertThat(eval("{'b': a, 'a': [1, 2]}")).isEqualTo(Record.of("b", 5L, "a", List.of(1L, 2L)));
    assertThat(eval("{'x', 'y'}")).isEqualTo(List.of("x", "y"));
    assertThat(eval("payload")).isEqualTo(Json.of("{\"a\":1}"));
    assertThat(eval("at")).isEqualTo(Instant.parse("2024-05-01T08:00:00Z"));
    float[] v = (float[]) eval("v");
    assertThat(v).containsExactly(1f, 2f);
    assertThat(v).isNotSameAs(R.get("v"));
    assertThat(eval("1..3")).isEqualTo(List.of(1L, 2L, 3L));
  }

  @Test
  void evaluationErrorsNameTheExpression() {
    assertThatThrownBy(() -> eval("nope + 1"))
        .isInstanceOf(ExpressionException.class)
        .hasMessage("expression 'nope + 1' failed at 1:1: variable 'nope' is undefined");
    assertThatThrownBy(() -> eval("note + 1"))
        .isInstanceOf(ExpressionException.class)
        .hasMessage("expression 'note + 1' failed at 1:1: variable 'note' is null");
    assertThatThrownBy(() -> eval("a / 0"))
        .isInstanceOf(ExpressionException.class)
        .hasMessage("expression 'a / 0' failed at 1:5: division by zero");
    assertThatThrownBy(() -> eval("first.substring(10)"))
        .isInstanceOf(ExpressionException.class)
        .hasMessage(
            "expression 'first.substring(10)' failed at 1:6: substring: begin 10, end 3, length 3");
    assertThatThrownBy(() -> eval("first.chars()"))
        .isInstanceOf(ExpressionException.class)
        .hasMessageStartingWith(
            "expression 'first.chars()' returned a value with no Ferry kind: unsupported value"
                + " type java.util.stream.");
  }

  @Test
  void syntaxErrorsAreRefusedAtConstruction() {
    assertThatThrownBy(() -> Expression.of("a +"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid expression 'a +' at 1:3: parsing error in '+'");
    assertThatThrownBy(() -> Expression.of(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid expression: empty text");
  }

  @Test
  void sandboxRefusesJavaAccessAndSideEffects() {
    assertThatThrownBy(() -> Expression.of("new('java.io.File', '/')"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "invalid expression 'new('java.io.File', '/')' at 1:1: create instance error in"
                + " 'new(..., ...)'");
    assertThatThrownBy(() -> Expression.of("a = 1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid expression 'a = 1' at 1:1: global assign/modify error in 'a'");
    assertThatThrownBy(() -> Expression.of("var x = 1; x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid expression 'var x = 1; x' at 1:1: parsing error in 'var'");
    assertThatThrownBy(() -> eval("System.exit(0)"))
        .isInstanceOf(ExpressionException.class)
        .hasMessage("expression 'System.exit(0)' failed at 1:1: variable 'System' is undefined");
    assertThatThrownBy(() -> eval("first.getClass().forName('java.lang.Runtime')"))
        .isInstanceOf(ExpressionException.class)
        .hasMessage(
            "expression 'first.getClass().forName('java.lang.Runtime')' failed at 1:6:"
                + " unsolvable function/method 'getClass'");
    assertThatThrownBy(() -> eval("first.class"))
        .isInstanceOf(ExpressionException.class)
        .hasMessage("expression 'first.class' failed at 1:11: undefined property 'class'");
    assertThatThrownBy(() -> eval("meta.put('x', 1)"))
        .isInstanceOf(ExpressionException.class)
        .hasMessage("expression 'meta.put('x', 1)' failed at 1:5: put");
    assertThatThrownBy(() -> eval("at.getEpochSecond()"))
        .isInstanceOf(ExpressionException.class)
        .hasMessage(
            "expression 'at.getEpochSecond()' failed at 1:3: unsolvable function/method"
                + " 'getEpochSecond'");
    assertThat(R.get("meta"))
        .isEqualTo(
            Record.of("user_id", "t1", "size", 3L, "tags", List.of("x", Record.of("k", "v"))));
  }

  @Test
  void survivesJavaSerialization() {
    Expression e = Expression.of("a * 2");
    Expression copy = SerializableUtils.clone(e);
    assertThat(copy).isEqualTo(e);
    assertThat(copy.evaluate(R)).isEqualTo(10L);
    assertThat(copy.source()).isEqualTo("a * 2");
  }
}
