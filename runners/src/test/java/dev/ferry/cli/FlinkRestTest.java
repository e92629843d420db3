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
  void enoughSlotsGiveNoWarning() {
    assertThat(FlinkRest.slotsWarning("h:8081", 2, false, 2, 1)).isNull();
    assertThat(FlinkRest.slotsWarning("h:8081", 1, true, 8, 2)).isNull();
  }

  @Test
  void tooFewSlotsAreNamedWithWhatToDo() {
    assertThat(FlinkRest.slotsWarning("h:8081", 4, false, 2, 1))
        .isEqualTo(
            "flink: --parallelism 4 needs 4 task slots, and the cluster at h:8081 has 2 (in 1"
                + " TaskManager): unless it starts more TaskManagers, the job waits for slots until"
                + " Flink's slot.request.timeout (5 minutes by default) and then fails. Give"
                + " --parallelism 2 or fewer to run it on the slots there are.");
    assertThat(FlinkRest.slotsWarning("h:8081", 6, true, 0, 0))
        .isEqualTo(
            "flink: the cluster's parallelism.default (6) needs 6 task slots, and the cluster at"
                + " h:8081 has 0 (in 0 TaskManagers): unless it starts more TaskManagers, the job"
                + " waits for slots until Flink's slot.request.timeout (5 minutes by default) and"
                + " then fails.");
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
