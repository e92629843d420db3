package dev.ferry.cli;

import java.util.List;
import java.util.NoSuchElementException;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.VoidCoder;
import org.apache.beam.sdk.io.BoundedSource;
import org.apache.beam.sdk.io.Read;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * A source of nothing that checks that the worker's Ferry is the client's build ({@link
 * FerryBuild}), added to a job that ships no jar. On Flink, the JobManager splits every source
 * while it initializes the job, before any task runs: a job on another build fails there, naming
 * both builds, and writes nothing; a cluster without Ferry fails there too, unable to load the
 * job's classes. Reading it checks again.
 *
 * <pre>{@code
 * SameBuildSource.addTo(pipeline);   // before run(), when --flink-jar-on-cluster
 * }</pre>
 */
final class SameBuildSource extends BoundedSource<Void> {
  private static final long serialVersionUID = 1L;
  private final String clientBuild;

  SameBuildSource(String clientBuild) {
    this.clientBuild = clientBuild;
  }

  /** Adds the check, with this client's build, to a pipeline about to be submitted. */
  static void addTo(Pipeline pipeline) {
    pipeline.apply("Ferry build check", Read.from(new SameBuildSource(FerryBuild.id())));
  }

  @Override
  public List<SameBuildSource> split(long desiredBundleSizeBytes, PipelineOptions options) {
    check();
    return List.of(this);
  }

  @Override
  public long getEstimatedSizeBytes(PipelineOptions options) {
    return 1;
  }

  @Override
  public Coder<Void> getOutputCoder() {
    return VoidCoder.of();
  }

  @Override
  public BoundedReader<Void> createReader(PipelineOptions options) {
    check();
    return new BoundedReader<>() {
      @Override
      public boolean start() {
        return false;
      }

      @Override
      public boolean advance() {
        return false;
      }

      @Override
      public Void getCurrent() {
        throw new NoSuchElementException();
      }

      @Override
      public void close() {}

      @Override
      public BoundedSource<Void> getCurrentSource() {
        return SameBuildSource.this;
      }
    };
  }

  private void check() {
    if (!clientBuild.equals(FerryBuild.id())) {
      throw new IllegalStateException(
          "the Flink cluster's class path holds Ferry build "
              + FerryBuild.id()
              + ", not this client's build "
              + clientBuild
              + ": put this build's ferry.jar on the cluster (scripts/flink-start.sh --ferry-jar)"
              + " or run without --flink-jar-on-cluster to ship it with the job");
    }
  }
}
