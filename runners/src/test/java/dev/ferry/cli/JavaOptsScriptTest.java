package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code scripts/java-opts.sh}, which {@code ./ferry} and the benchmarks take their JVM options
 * from: the client of a cluster run compiles with C1 only, every other command keeps the raised JIT
 * thresholds, and {@code --cluster} gives the cluster's JVMs the collector and JIT part alone.
 */
class JavaOptsScriptTest {
  private static final String JIT =
      "-XX:Tier3InvocationThreshold=2000 -XX:Tier3MinInvocationThreshold=1000"
          + " -XX:Tier3CompileThreshold=20000 -XX:Tier3BackEdgeThreshold=600000"
          + " -XX:Tier4InvocationThreshold=50000 -XX:Tier4MinInvocationThreshold=20000"
          + " -XX:Tier4CompileThreshold=60000 -XX:Tier4BackEdgeThreshold=400000";

  private static final String GC =
      Runtime.getRuntime().availableProcessors() <= 2 ? "-XX:+UseSerialGC" : "-XX:+UseParallelGC";

  @Test
  void theDefaultOptionsKeepTheRaisedJitThresholds() throws Exception {
    assertThat(javaOpts()).isEqualTo("-Xmx4g " + GC + " " + JIT);
    assertThat(javaOpts("run", "spec.yaml")).isEqualTo("-Xmx4g " + GC + " " + JIT);
    assertThat(javaOpts("run", "spec.yaml", "--runner", "direct"))
        .isEqualTo("-Xmx4g " + GC + " " + JIT);
  }

  @Test
  void aCommandThatSubmitsToAClusterCompilesWithC1Only() throws Exception {
    String c1 = "-Xmx4g " + GC + " -XX:TieredStopAtLevel=1";
    assertThat(
            javaOpts("run", "spec.yaml", "--runner", "flink", "--flink-master", "127.0.0.1:8081"))
        .isEqualTo(c1);
    assertThat(javaOpts("validate", "spec.yaml", "--runner=flink", "--flink-master=h:1"))
        .isEqualTo(c1);
  }

  @Test
  void theEmbeddedClusterRunsTheRecordsSoItKeepsC2() throws Exception {
    assertThat(javaOpts("run", "spec.yaml", "--runner", "flink-local"))
        .isEqualTo("-Xmx4g " + GC + " " + JIT);
    // A value that merely looks like the flag is not the flag.
    assertThat(javaOpts("run", "spec.yaml", "--set", "runner=flink"))
        .isEqualTo("-Xmx4g " + GC + " " + JIT);
  }

  @Test
  void theClusterJvmsGetTheCollectorAndJitPartOnly() throws Exception {
    assertThat(javaOpts("--cluster")).isEqualTo(GC + " " + JIT);
  }

  private static String javaOpts(String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add("bash");
    cmd.add(Cli.repoRoot().resolve("scripts/java-opts.sh").toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out.strip();
  }
}
