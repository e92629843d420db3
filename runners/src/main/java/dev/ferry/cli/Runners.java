package dev.ferry.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * Turns the command line's runner choice into Beam pipeline options.
 *
 * <ul>
 *   <li>{@code direct} (default): the DirectRunner, with its per-element encodability and
 *       immutability checks off (they re-encode every element and cost more than the migration
 *       itself; the test suite keeps them on); it does not block on {@code run()}, so progress can
 *       be shown.
 *   <li>{@code flink}: Beam's Flink runner submitting to an existing Flink 1.19 session cluster at
 *       {@code --flink-master HOST:PORT} (its REST address). The job ships this self-contained jar
 *       ({@code --flink-jar}, default: the jar ferry runs from), or none with {@code
 *       --flink-jar-on-cluster}, when the cluster's class path holds this Ferry build. Parallelism:
 *       {@code --parallelism}, else the cluster's {@code parallelism.default}.
 *   <li>{@code flink-local}: the same runner on an embedded Flink mini-cluster in this JVM, with
 *       one slot per core unless {@code --parallelism} says otherwise; the cluster starts in the
 *       background as soon as the options are asked for ({@link LocalFlinkCluster}).
 * </ul>
 *
 * Both Flink choices submit detached and follow the job through {@link FlinkJobRunner}.
 *
 * <pre>{@code
 * PipelineOptions o = Runners.options(new Runners.Choice("flink", 2, "127.0.0.1:8081", null));
 * }</pre>
 */
final class Runners {
  private Runners() {}

  /** What the command line chose: runner name, parallelism, Flink master and job jar. */
  record Choice(
      String runner, Integer parallelism, String flinkMaster, Path flinkJar, boolean jarOnCluster) {
    Choice(String runner, Integer parallelism, String flinkMaster, Path flinkJar) {
      this(runner, parallelism, flinkMaster, flinkJar, false);
    }

    Choice(String runner, Integer parallelism) {
      this(runner, parallelism, null, null);
    }

    /** The slots of the embedded cluster: the parallelism asked for, else one per core. */
    int localSlots() {
      return parallelism != null ? parallelism : Runtime.getRuntime().availableProcessors();
    }
  }

  static PipelineOptions options(String runner, Integer parallelism) {
    return options(new Choice(runner, parallelism));
  }

  /**
   * Builds the options on a background thread: Beam's own start-up (about a second of checking
   * every options interface on the class path) then overlaps loading the spec and planning, and so
   * does the start of {@code flink-local}'s mini-cluster. For {@code --runner flink}, a second
   * thread asks the session cluster whether it answers, runs the Flink version this build submits
   * to, and has the task slots the job needs ({@link FlinkRest#checkCluster}); {@link #checked}
   * waits for that answer. The supplier waits for the options and throws what building them threw
   * (an invalid parallelism among it: no cluster is started then).
   */
  static Building optionsInBackground(Choice c) {
    if ("flink-local".equals(c.runner()) && c.localSlots() > 0) {
      LocalFlinkCluster.prestart(c.localSlots());
    }
    FutureTask<PipelineOptions> options = new FutureTask<>(() -> options(c));
    start(options, "ferry-pipeline-options");
    FutureTask<String> cluster = null;
    if ("flink".equals(c.runner())) {
      cluster =
          new FutureTask<>(
              () -> {
                check(c);
                return FlinkRest.checkCluster(c.flinkMaster(), c.parallelism());
              });
      start(cluster, "ferry-flink-cluster-check");
    }
    return new Building(options, cluster);
  }

  /**
   * Checks the choice's flags ({@link #check}) and, for a session cluster, waits for its answer
   * ({@link FlinkRest#checkCluster}), so that an unreachable cluster, or one that runs another
   * Flink version, stops the command before a backup or a target is touched; a cluster with fewer
   * task slots than the job needs gets a warning on stderr. Returns the options being built; they
   * are waited for only when the pipeline is built.
   */
  static Supplier<PipelineOptions> checked(Choice c, Building building) {
    check(c);
    String warning = building.awaitClusterCheck();
    if (warning != null) {
      System.err.println(warning);
    }
    return building;
  }

  /** The pipeline options being built in the background, and the session cluster's check. */
  static final class Building implements Supplier<PipelineOptions> {
    private final FutureTask<PipelineOptions> options;
    private final FutureTask<String> clusterCheck;

    private Building(FutureTask<PipelineOptions> options, FutureTask<String> clusterCheck) {
      this.options = options;
      this.clusterCheck = clusterCheck;
    }

    /** Waits for the options; throws what building them threw. */
    @Override
    public PipelineOptions get() {
      return await(options, "building the pipeline options");
    }

    /**
     * Waits for the session cluster's check, if there is one; throws what it threw, and returns its
     * warning (too few task slots), or null.
     */
    String awaitClusterCheck() {
      return clusterCheck == null ? null : await(clusterCheck, "asking the Flink cluster");
    }
  }

  private static void start(FutureTask<?> task, String name) {
    Thread t = new Thread(task, name);
    t.setDaemon(true);
    t.start();
  }

  private static <T> T await(FutureTask<T> task, String what) {
    try {
      return task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while " + what, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw new IllegalStateException(cause);
    }
  }

  /** Refuses a choice whose flags do not fit together, naming the flag. */
  static void check(Choice c) {
    if (!List.of("direct", "flink", "flink-local").contains(c.runner())) {
      throw new IllegalArgumentException(
          "unknown runner '" + c.runner() + "' (this build knows: direct, flink, flink-local)");
    }
    if (c.parallelism() != null && c.parallelism() < 1) {
      throw new IllegalArgumentException(
          "--parallelism must be at least 1, was " + c.parallelism());
    }
    if (c.flinkMaster() != null && !"flink".equals(c.runner())) {
      throw new IllegalArgumentException("--flink-master applies to --runner flink only");
    }
    if ((c.flinkJar() != null || c.jarOnCluster()) && !"flink".equals(c.runner())) {
      throw new IllegalArgumentException(
          (c.jarOnCluster() ? "--flink-jar-on-cluster" : "--flink-jar")
              + " applies to --runner flink only");
    }
    if (c.flinkJar() != null && c.jarOnCluster()) {
      throw new IllegalArgumentException(
          "--flink-jar names a jar to ship and --flink-jar-on-cluster ships none: give one");
    }
    if ("flink".equals(c.runner())) {
      if (c.flinkMaster() == null || c.flinkMaster().isBlank()) {
        throw new IllegalArgumentException(
            "--runner flink needs --flink-master HOST:PORT, the REST address of a Flink 1.19"
                + " session cluster (scripts/flink-start.sh starts one)");
      }
      if (!c.flinkMaster().matches("[^\\s:/]+:\\d+")) {
        throw new IllegalArgumentException(
            "--flink-master must be HOST:PORT (the cluster's REST address), was '"
                + c.flinkMaster()
                + "'");
      }
    }
  }

  static PipelineOptions options(Choice c) {
    check(c);
    List<String> args = new ArrayList<>();
    int cores = Runtime.getRuntime().availableProcessors();
    switch (c.runner()) {
      case "direct":
        args.add("--runner=DirectRunner");
        args.add("--enforceEncodability=false");
        args.add("--enforceImmutability=false");
        args.add("--blockOnRun=false");
        args.add("--targetParallelism=" + (c.parallelism() != null ? c.parallelism() : cores));
        return PipelineOptionsFactory.fromArgs(args.toArray(new String[0])).create();
      case "flink":
        args.add("--flinkMaster=[auto]");
        args.add("--ferryFlinkCluster=" + c.flinkMaster());
        if (!c.jarOnCluster()) {
          args.add("--ferryFlinkJars=" + jobJar(c.flinkJar()));
        }
        // Beam would otherwise take the client's default (1), not the cluster's.
        args.add(
            "--parallelism="
                + (c.parallelism() != null
                    ? c.parallelism()
                    : FlinkRest.defaultParallelism(c.flinkMaster())));
        return flink(args);
      case "flink-local":
        args.add("--flinkMaster=[auto]");
        args.add("--parallelism=" + c.localSlots());
        return flink(args);
      default:
        throw new IllegalStateException("check() let runner '" + c.runner() + "' through");
    }
  }

  private static PipelineOptions flink(List<String> args) {
    // Without it, Flink copies every element between chained operators by encoding and decoding
    // it. Ferry's DoFns never mutate their inputs (the test suite runs the DirectRunner with its
    // immutability check on), so passing the same object on is safe.
    args.add("--fasterCopy=true");
    // The shaded jar leaves Flink's options registrar out (see runners/pom.xml), so that runs on
    // the DirectRunner do not pay for checking Flink's options; they are registered here instead.
    PipelineOptionsFactory.register(FlinkPipelineOptions.class);
    PipelineOptionsFactory.register(FlinkSubmitOptions.class);
    PipelineOptions o = PipelineOptionsFactory.fromArgs(args.toArray(new String[0])).create();
    o.setRunner(FlinkJobRunner.class);
    return o;
  }

  /** The jar the cluster runs: the one given, else the self-contained jar ferry runs from. */
  static Path jobJar(Path given) {
    if (given != null) {
      if (!Files.isRegularFile(given)) {
        throw new IllegalArgumentException("--flink-jar: no such file: " + given);
      }
      return given.toAbsolutePath();
    }
    Path self;
    try {
      self = Path.of(Runners.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException | RuntimeException e) {
      self = null;
    }
    if (self == null || !Files.isRegularFile(self) || !self.toString().endsWith(".jar")) {
      throw new IllegalArgumentException(
          "--runner flink ships the self-contained jar to the cluster: run ferry from"
              + " runners/target/ferry.jar (./ferry does) or name it with --flink-jar PATH");
    }
    return self.toAbsolutePath();
  }

  static String displayName(String runner) {
    switch (runner) {
      case "direct":
        return "DirectRunner";
      case "flink":
        return "FlinkRunner";
      case "flink-local":
        return "FlinkRunner (embedded)";
      default:
        return runner;
    }
  }
}
