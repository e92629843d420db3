package dev.ferry.cli;

import dev.ferry.pipeline.PlanException;
import dev.ferry.spec.Spec;
import dev.ferry.spec.SpecException;
import dev.ferry.spec.SpecLoader;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The options every spec-driven command shares: the spec file, {@code --set name=value} params, the
 * run directory, and the runner's settings.
 *
 * <pre>{@code
 * @Mixin SpecOptions common;
 * Spec spec = common.load();
 * }</pre>
 */
final class SpecOptions {
  @Parameters(index = "0", paramLabel = "SPEC", description = "the migration spec (YAML)")
  Path specFile;

  @Option(
      names = "--set",
      paramLabel = "NAME=VALUE",
      description = "set a spec param (repeatable); secrets belong in $${env:NAME}, not here")
  Map<String, String> set = new LinkedHashMap<>();

  @Option(
      names = "--run-dir",
      paramLabel = "DIR",
      description = "where the report, rejects and diffs go (default: runs/<spec>-<time>)")
  Path runDir;

  @Option(
      names = "--runner",
      paramLabel = "RUNNER",
      defaultValue = "direct",
      description =
          "the Beam runner: direct (default), flink (a Flink 1.19 session cluster, with"
              + " --flink-master) or flink-local (an embedded Flink mini-cluster)")
  String runner;

  @Option(
      names = "--flink-master",
      paramLabel = "HOST:PORT",
      description = "with --runner flink: the REST address of the Flink session cluster")
  String flinkMaster;

  @Option(
      names = "--flink-jar",
      paramLabel = "JAR",
      description =
          "with --runner flink: the self-contained jar to ship (default: the jar ferry runs from)")
  Path flinkJar;

  @Option(
      names = "--flink-jar-on-cluster",
      description =
          "with --runner flink: ship no jar; the cluster's class path already holds this Ferry"
              + " build (scripts/flink-start.sh --ferry-jar puts it there)")
  boolean flinkJarOnCluster;

  @Option(
      names = "--parallelism",
      paramLabel = "N",
      description =
          "worker threads or Flink slots (default: the number of cores; on a Flink cluster,"
              + " its parallelism.default)")
  Integer parallelism;

  @Option(names = "--quiet", description = "no progress lines")
  boolean quiet;

  /** The body of a spec-driven command: loads, runs and returns the exit code. */
  @FunctionalInterface
  interface Body {
    int run() throws SpecException;
  }

  /**
   * Runs a command body, turning an invalid spec or a refused plan into exit code 2 with the
   * message on stderr (nothing was written in either case).
   */
  static int guarded(Body body) {
    try {
      return body.run();
    } catch (SpecException e) {
      System.err.println("ferry: the spec is invalid:\n" + e.getMessage());
      return 2;
    } catch (PlanException | IllegalArgumentException e) {
      System.err.println("ferry: " + e.getMessage());
      return 2;
    } finally {
      LocalFlinkCluster.closeUnused();
    }
  }

  Spec load() throws SpecException {
    return SpecLoader.load(specFile, set);
  }

  Path runDirectory(Spec spec) {
    // Absolute: on a cluster, workers write rejects and diffs there from their own directories.
    if (runDir != null) {
      return runDir.toAbsolutePath();
    }
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    return Path.of("runs", spec.name() + "-" + stamp).toAbsolutePath();
  }

  Runners.Choice runnerChoice() {
    return new Runners.Choice(runner, parallelism, flinkMaster, flinkJar, flinkJarOnCluster);
  }
}
