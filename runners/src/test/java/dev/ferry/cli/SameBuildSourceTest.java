package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.SourceTestUtils;
import org.junit.jupiter.api.Test;

class SameBuildSourceTest {
  private static final PipelineOptions OPTIONS = PipelineOptionsFactory.create();

  @Test
  void theClientsOwnBuildPassesAndReadsNothing() throws Exception {
    assertThat(FerryBuild.id()).matches("\\d{8}T\\d{6}\\.\\d{3}Z");
    SameBuildSource same = new SameBuildSource(FerryBuild.id());
    assertThat(same.split(1, OPTIONS)).containsExactly(same);
    assertThat(SourceTestUtils.readFromSource(same, OPTIONS)).isEmpty();
  }

  @Test
  void anotherBuildFailsSplittingAndReadingNamingBoth() {
    SameBuildSource other = new SameBuildSource("20260101T000000.000Z");
    String expected =
        "the Flink cluster's class path holds Ferry build "
            + FerryBuild.id()
            + ", not this client's build 20260101T000000.000Z: put this build's ferry.jar on the"
            + " cluster (scripts/flink-start.sh --ferry-jar) or run without --flink-jar-on-cluster"
            + " to ship it with the job";
    assertThatThrownBy(() -> other.split(1, OPTIONS)).hasMessage(expected);
    assertThatThrownBy(() -> other.createReader(OPTIONS)).hasMessage(expected);
  }
}
