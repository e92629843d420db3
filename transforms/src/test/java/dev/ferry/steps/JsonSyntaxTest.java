package dev.ferry.steps;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JsonSyntaxTest {
  private static final JsonFactory JACKSON = new JsonFactory();

  @Test
  void acceptsWellFormedValues() {
    for (String ok :
        List.of(
            "{}",
            "[]",
            "0",
            "-0",
            "12.5e-3",
            "1E+2",
            "\"\"",
            "true",
            "null",
            " {\"a\" : [1, 2.5, -3e10, true, false, null, {\"b\":\"\\u00e9\\n\\\"\"}]} ",
            "{\"name\":\"Zoë\",\"tags\":[],\"n\":{\"deep\":[[[]]]}}",
            "\"tab\\tand\\/slash\"")) {
      assertThat(JsonSyntax.isValid(ok)).as(ok).isTrue();
      assertThat(jacksonAccepts(ok)).as(ok).isTrue();
    }
  }

  @Test
  void refusesWhatJacksonRefuses() {
    for (String bad :
        List.of(
            "",
            " ",
            "{",
            "{\"a\":1,}",
            "[1,]",
            "{'a':1}",
            "01",
            "1.",
            ".5",
            "+1",
            "-",
            "1e",
            "NaN",
            "tru",
            "truex",
            "nul",
            "{\"a\" 1}",
            "{1:2}",
            "[1 2]",
            "\"unterminated",
            "\"bad \\x escape\"",
            "\"short \\u12\"",
            "\"control \u0001 char\"",
            "{} {}",
            "[1]x",
            "/* c */ 1")) {
      assertThat(JsonSyntax.isValid(bad)).as(bad).isFalse();
      assertThat(jacksonAccepts(bad)).as(bad).isFalse();
    }
  }

  @Test
  void oneLineCheckRefusesEveryLineBreakOutsideAndInsideValues() {
    assertThat(JsonSyntax.isValidOnOneLine("{\"a\":[1,true,\"x\\ny\"]}")).isTrue();
    assertThat(JsonSyntax.isValidOnOneLine(" [1] \t")).isTrue();
    for (String broken :
        List.of(
            "{\"a\":1}\n",
            "\r\n[1]",
            "{\"a\":\n1}",
            "[true\n]",
            "[1\r,2]",
            "[null,\nfalse]",
            "\"raw \n break\"")) {
      assertThat(JsonSyntax.isValidOnOneLine(broken)).as(broken).isFalse();
      assertThat(JsonSyntax.isValid(broken)).as(broken).isEqualTo(jacksonAccepts(broken));
    }
  }

  @Test
  void nestingBeyondItsLimitIsLeftToTheFullParser() {
    String deep = "[".repeat(300) + "]".repeat(300);
    assertThat(jacksonAccepts(deep)).isTrue();
    assertThat(JsonSyntax.isValid(deep)).isFalse();
    // 64 open containers pass; the 65th is left to the parser. Objects and arrays mixed, so the
    // check must close each with its own bracket.
    String mixed64 = "{\"a\":[".repeat(32) + "1" + "]}".repeat(32);
    assertThat(JsonSyntax.isValid(mixed64)).isTrue();
    assertThat(JsonSyntax.isValid("[" + mixed64 + "]")).isFalse();
    assertThat(jacksonAccepts("[" + mixed64 + "]")).isTrue();
    assertThat(JsonSyntax.isValid("{\"a\":[".repeat(32) + "1" + "}]".repeat(32))).isFalse();
  }

  /** Never says valid where Jackson disagrees, over random mutations of valid documents. */
  @Test
  void neverPassesWhatJacksonRefusesOnRandomMutations() {
    SplittableRandom random = new SplittableRandom(20261122L);
    String alphabet = "{}[]\",:.-+eE0123456789 \\/u\tabntrfl\u00e9\u0001\n\r";
    List<String> seeds =
        List.of(
            "{\"id\":12,\"user\":{\"name\":\"A\\\"b\",\"age\":-3.5e2},\"tags\":[\"x\",null,true]}",
            "[1,2,{\"a\":[false,\"\\u00e9\"]},0.25]",
            "\"text with \\n escapes\"");
    int passed = 0;
    List<String> disagreements = new ArrayList<>();
    for (int round = 0; round < 20_000; round++) {
      StringBuilder b = new StringBuilder(seeds.get(random.nextInt(seeds.size())));
      int edits = 1 + random.nextInt(3);
      for (int e = 0; e < edits; e++) {
        int at = random.nextInt(b.length() + 1);
        switch (random.nextInt(3)) {
          case 0 -> b.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
          case 1 -> {
            if (at < b.length()) {
              b.deleteCharAt(at);
            }
          }
          default -> {
            if (at < b.length()) {
              b.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
            }
          }
        }
      }
      String text = b.toString();
      boolean ours = JsonSyntax.isValid(text);
      boolean theirs = jacksonAccepts(text);
      if (ours) {
        passed++;
      }
      if (ours != theirs) {
        disagreements.add(text);
      }
      boolean oneLine = text.indexOf('\n') < 0 && text.indexOf('\r') < 0;
      if (JsonSyntax.isValidOnOneLine(text) != (ours && oneLine)) {
        disagreements.add("one line: " + text);
      }
    }
    assertThat(disagreements).isEmpty();
    assertThat(passed).isGreaterThan(1000);
  }

  private static boolean jacksonAccepts(String text) {
    try (JsonParser p = JACKSON.createParser(text)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        return false;
      }
      p.skipChildren();
      return p.nextToken() == null;
    } catch (IOException e) {
      return false;
    }
  }
}
