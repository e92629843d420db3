package dev.ferry.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SubstitutorTest {
  private final Problems problems = new Problems("spec.yaml");
  private final Substitutor s =
      new Substitutor(
          Map.of("region", "eu", "loop", "${region}"),
          new LinkedHashSet<>(List.of("region", "loop", "unset", "tenant")),
          Set.of("tenant"),
          Map.of("HOST", "db.local"),
          problems);

  @Test
  void substitutesParamsAndEnvironmentOnce() {
    assertThat(s.apply("jdbc:postgresql://${env:HOST}/${region}", 3, "url"))
        .isEqualTo("jdbc:postgresql://db.local/eu");
    assertThat(s.apply("${loop}", 3, "x")).isEqualTo("${region}");
    assertThat(s.apply("plain $ text", 3, "x")).isEqualTo("plain $ text");
    assertThat(s.apply("$${region} costs $$5", 3, "x")).isEqualTo("${region} costs $$5");
    assertThat(problems.isEmpty()).isTrue();
  }

  @Test
  void recordsEveryBadReference() {
    assertThat(s.apply("${env:NOPE}/${nope}/${unset}/${tenant}/${}/${env:}", 7, "f")).isNull();
    assertThat(s.apply("${region", 8, "g")).isNull();
    assertThat(problems.toException().getMessage())
        .isEqualTo(
            String.join(
                "\n",
                "spec.yaml:7: f: environment variable 'NOPE' is not set",
                "spec.yaml:7: f: unknown param 'nope' (declared: region, loop, unset, tenant)",
                "spec.yaml:7: f: param 'unset' has no value; give it a default or pass --set"
                    + " unset=value",
                "spec.yaml:7: f: '${}' names no param (write '$${' for a literal '${')",
                "spec.yaml:7: f: '${env:}' names no environment variable",
                "spec.yaml:8: g: unterminated '${' (write '$${' for a literal '${')"));
  }
}
