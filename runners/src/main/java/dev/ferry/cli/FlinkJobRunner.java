package dev.ferry.cli;

import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.PipelineRunner;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.flink.core.execution.JobClient;

/**
 * Submits a pipeline to Flink with Beam's {@link FlinkRunner} without waiting for it (detached),
 * and returns a {@link FlinkJob} that follows the job: its state and Beam counters while it runs,
 * its final counters and, when it fails, the cluster's reason as the exception {@code
 * waitUntilFinish} throws. Beam's own detached result only reports the state {@code FAILED} (and
 * keeps the job's client to itself); the attached one blocks in {@code run()}, so no progress could
 * be shown. Where the job goes (a session cluster and the jars it ships, or the embedded cluster)
 * is set by {@link FlinkSubmitOptions} and installed by {@link FlinkContext} while Beam translates
 * and submits.
 *
 * <pre>{@code
 * options.setRunner(FlinkJobRunner.class);   // done by Runners for flink and flink-local
 * PipelineResult r = pipeline.run();
 * }</pre>
 */
public final class FlinkJobRunner extends PipelineRunner<PipelineResult> {
  private final FlinkPipelineOptions options;

  private FlinkJobRunner(FlinkPipelineOptions options) {
    this.options = options;
  }

  /** Beam's entry point: builds the runner from the pipeline's options. */
  public static FlinkJobRunner fromOptions(PipelineOptions options) {
    FlinkPipelineOptions flink = options.as(FlinkPipelineOptions.class);
    flink.setAttachedMode(false);
    return new FlinkJobRunner(flink);
  }

  @Override
  public PipelineResult run(Pipeline pipeline) {
    FlinkSubmitOptions where = options.as(FlinkSubmitOptions.class);
    boolean shipsNoJar =
        where.getFerryFlinkCluster() != null
            && (where.getFerryFlinkJars() == null || where.getFerryFlinkJars().isEmpty());
    if (shipsNoJar) {
      SameBuildSource.addTo(pipeline);
    }
    CompletableFuture<JobClient> submitted = FlinkContext.install(where);
    try {
      FlinkRunner.fromOptions(options).run(pipeline);
    } finally {
      FlinkContext.uninstall();
    }
    JobClient client = submitted.getNow(null);
    if (client == null) {
      throw new IllegalStateException("Beam's Flink runner returned without submitting the job");
    }
    PrintStream err = System.err;
    err.printf(
        "flink: job %s submitted to %s (parallelism %s)%n",
        client.getJobID(), where(), options.getParallelism());
    return new FlinkJob(client, err);
  }

  /** The cluster's REST address, or {@code [local]} for the embedded one. */
  private String where() {
    String cluster = options.as(FlinkSubmitOptions.class).getFerryFlinkCluster();
    return cluster != null ? cluster : "[local]";
  }

  @Override
  public String toString() {
    return "FlinkJobRunner(" + where() + ")";
  }
}
