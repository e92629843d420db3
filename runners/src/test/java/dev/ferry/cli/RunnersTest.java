package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.options.PipelineOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner choice's checks, and options built on a background thread. */
class RunnersTest {
  @Test
  void onlyAFlinkSessionRunAsksACluster() {
    // No cluster check to wait for: checked() returns the options still being built.
    Runners.Choice direct = new Runners.Choice("direct", 2);
    assertThat(Runners.checked(direct, Runners.optionsInBackground(direct)).get().getRunner())
        .isEqualTo(DirectRunner.class);
  }

  @Test
  void aFlinkSessionRunWaitsForTheClustersAnswerBeforeAnythingElse() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    Runners.Choice c = new Runners.Choice("flink", 2, "127.0.0.1:" + closedPort, null, true);
    Runners.Building building = Runners.optionsInBackground(c);
    assertThatThrownBy(() -> Runners.checked(c, building))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "cannot reach the Flink REST API at 127.0.0.1:" + closedPort + " (--flink-master): ");
  }

  @Test
  void checkNamesTheFlagThatDoesNotFit() {
    assertThatThrownBy(() -> Runners.check(new Runners.Choice("direct", 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--parallelism must be at least 1, was 0");
    assertThatThrownBy(() -> Runners.check(new Runners.Choice("spark", null)))
        .hasMessage("unknown runner 'spark' (this build knows: direct, flink, flink-local)");
    assertThatThrownBy(() -> Runners.check(new Runners.Choice("flink", 2)))
        .hasMessageStartingWith("--runner flink needs --flink-master HOST:PORT");
    assertThatThrownBy(() -> Runners.check(new Runners.Choice("flink", 2, "http://h:8081", null)))
        .hasMessage(
            "--flink-master must be HOST:PORT (the cluster's REST address), was 'http://h:8081'");
    assertThatThrownBy(
            () -> Runners.check(new Runners.Choice("direct", null, "127.0.0.1:8081", null)))
        .hasMessage("--flink-master applies to --runner flink only");
    Runners.check(new Runners.Choice("flink-local", 2));
    assertThatThrownBy(
            () -> Runners.check(new Runners.Choice("flink-local", 2, null, Path.of("f.jar"))))
        .hasMessage("--flink-jar applies to --runner flink only");
    assertThatThrownBy(() -> Runners.check(new Runners.Choice("direct", 2, null, null, true)))
        .hasMessage("--flink-jar-on-cluster applies to --runner flink only");
    assertThatThrownBy(
            () -> Runners.check(new Runners.Choice("flink", 2, "h:1", Path.of("f.jar"), true)))
        .hasMessage(
            "--flink-jar names a jar to ship and --flink-jar-on-cluster ships none: give one");
  }

  @Test
  void aClusterJobShipsTheJarNamedOrNoneWhenTheClusterHoldsFerry(@TempDir Path dir)
      throws Exception {
    Path jar = Files.writeString(dir.resolve("ferry.jar"), "not really a jar");
    FlinkSubmitOptions shipping =
        Runners.options(new Runners.Choice("flink", 2, "127.0.0.1:8081", jar))
            .as(FlinkSubmitOptions.class);
    assertThat(shipping.getFerryFlinkCluster()).isEqualTo("127.0.0.1:8081");
    assertThat(shipping.getFerryFlinkJars()).containsExactly(jar.toAbsolutePath().toString());
    assertThat(shipping.as(FlinkPipelineOptions.class).getFlinkMaster()).isEqualTo("[auto]");
    assertThat(shipping.as(FlinkPipelineOptions.class).getParallelism()).isEqualTo(2);

    FlinkSubmitOptions onCluster =
        Runners.options(new Runners.Choice("flink", 2, "127.0.0.1:8081", null, true))
            .as(FlinkSubmitOptions.class);
    assertThat(onCluster.getFerryFlinkCluster()).isEqualTo("127.0.0.1:8081");
    assertThat(onCluster.getFerryFlinkJars()).isNull();

    FlinkSubmitOptions local =
        Runners.options(new Runners.Choice("flink-local", 3)).as(FlinkSubmitOptions.class);
    assertThat(local.getFerryFlinkCluster()).isNull();
    assertThat(local.as(FlinkPipelineOptions.class).getParallelism()).isEqualTo(3);
    assertThat(local.getRunner()).isEqualTo(FlinkJobRunner.class);
  }

  @Test
  void backgroundOptionsAreTheSameAsTheDirectOnes() {
    PipelineOptions o = Runners.optionsInBackground(new Runners.Choice("direct", 3)).get();
    assertThat(o.getRunner()).isEqualTo(DirectRunner.class);
    assertThat(o.as(DirectOptions.class).getTargetParallelism()).isEqualTo(3);
    assertThat(o.as(DirectOptions.class).isEnforceImmutability()).isFalse();
  }

  @Test
  void backgroundOptionsThrowWhatBuildingThemThrew() {
    Supplier<PipelineOptions> o = Runners.optionsInBackground(new Runners.Choice("direct", -1));
    assertThatThrownBy(o::get)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--parallelism must be at least 1, was -1");
  }
}
