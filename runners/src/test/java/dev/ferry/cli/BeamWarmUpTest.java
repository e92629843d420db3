package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BeamWarmUpTest {
  @Test
  void warmsUpOnlyForCommandsThatBuildAPipeline() {
    assertThat(BeamWarmUp.buildsPipeline(List.of("run", "spec.yaml"))).isTrue();
    assertThat(BeamWarmUp.buildsPipeline(List.of("run", "spec.yaml", "--runner", "flink")))
        .isTrue();
    assertThat(BeamWarmUp.buildsPipeline(List.of("validate", "spec.yaml"))).isTrue();

    assertThat(BeamWarmUp.buildsPipeline(List.of("run", "spec.yaml", "--dry-run"))).isFalse();
    assertThat(BeamWarmUp.buildsPipeline(List.of("run", "--help"))).isFalse();
    assertThat(BeamWarmUp.buildsPipeline(List.of("validate", "-h"))).isFalse();
    assertThat(BeamWarmUp.buildsPipeline(List.of("backup", "spec.yaml"))).isFalse();
    assertThat(BeamWarmUp.buildsPipeline(List.of("sample", "spec.yaml"))).isFalse();
    assertThat(BeamWarmUp.buildsPipeline(List.of())).isFalse();
  }
}
