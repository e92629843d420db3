package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.runtime.util.EnvironmentInformation;
import org.junit.jupiter.api.Test;

/**
 * The Flink version check {@link FlinkRest#checkCluster} makes (against a real cluster:
 * FlinkRunnersIT).
 */
class FlinkRestTest {
  @Test
  void thisBuildsFlinkClientIsFlink119() {
    assertThat(FlinkRest.minorVersion(EnvironmentInformation.getVersion())).isEqualTo("1.19");
  }

  @Test
  void aClusterOfTheSameMinorVersionIsFine() {
    assertThat(FlinkRest.versionProblem("h:8081", "1.19.0", "1.19.1")).isNull();
    assertThat(FlinkRest.versionProblem("h:8081", "1.19.2", "1.19.2")).isNull();
  }

  @Test
  void aClusterOfAnotherVersionIsRefusedByName() {
    assertThat(FlinkRest.versionProblem("h:8081", "1.18.1", "1.19.1"))
        .isEqualTo(
            "the Flink cluster at h:8081 runs Flink 1.18.1, and this Ferry build submits jobs to"
                + " Flink 1.19 clusters (--flink-master)");
    assertThat(FlinkRest.versionProblem("h:8081", "2.0.0", "1.19.1"))
        .isEqualTo(
            "the Flink cluster at h:8081 runs Flink 2.0.0, and this Ferry build submits jobs to"
                + " Flink 1.19 clusters (--flink-master)");
    assertThat(FlinkRest.versionProblem("h:8081", "", "1.19.1"))
        .isEqualTo(
            "the Flink cluster at h:8081 runs Flink of an unknown version, and this Ferry build"
                + " submits jobs to Flink 1.19 clusters (--flink-master)");
  }

  @Test
  void aBuildThatDoesNotKnowItsOwnVersionComparesNothing() {
    assertThat(FlinkRest.versionProblem("h:8081", "1.18.1", "<unknown>")).isNull();
  }

  @Test
  void unwordedConnectionErrorsAreWorded() {
    assertThat(FlinkRest.why(new java.net.ConnectException())).isEqualTo("connection refused");
    assertThat(FlinkRest.why(new java.net.ConnectException("Connection refused")))
        .isEqualTo("connection refused (Connection refused)");
    assertThat(FlinkRest.why(new java.net.SocketTimeoutException("Read timed out")))
        .isEqualTo("no answer within 15 s");
    assertThat(FlinkRest.why(new java.io.IOException("stream closed")))
        .isEqualTo("java.io.IOException: stream closed");
  }

  @Test
  void minorVersionKeepsTheFirstTwoNumbers() {
    assertThat(FlinkRest.minorVersion("1.19.1")).isEqualTo("1.19");
    assertThat(FlinkRest.minorVersion("1.19")).isEqualTo("1.19");
    assertThat(FlinkRest.minorVersion("2.0-SNAPSHOT")).isEqualTo("2.0-SNAPSHOT");
    assertThat(FlinkRest.minorVersion("")).isEmpty();
  }
}
