package dev.ferry.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Properties;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.VoidCoder;
import org.apache.beam.sdk.io.BoundedSource;
import org.apache.beam.sdk.io.Read;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * This build of Ferry: the time Maven built it, written into {@code ferry-build.properties}. A job
 * that ships no jar runs on the Ferry classes of the cluster's own class path; {@link #checkOn}
 * adds a source to it that fails the job before it starts, naming both builds, when those are not
 * this build's, so that a cluster left with an older jar cannot run a migration with other code
 * than the client planned it with.
 *
 * <pre>{@code
 * FerryBuild.checkOn(pipeline);   // before run(), when --flink-jar-on-cluster
 * }</pre>
 */
final class FerryBuild {
  private static final String ID = load();

  private FerryBuild() {}

  /** This build's identity, for example {@code 20261122T160512.123Z}. */
  static String id() {
    return ID;
  }

  /**
   * Adds a source that checks that the cluster's Ferry is this build. On Flink, the JobManager
   * splits every source while it initializes the job, before any task runs, so a job on another
   * build fails there and writes nothing; a cluster without Ferry fails there too, unable to load
   * the source's class.
   */
  static void checkOn(Pipeline pipeline) {
    pipeline.apply("Ferry build check", Read.from(new SameBuildSource(ID)));
  }

  /** A source of nothing whose splitting (and reading) fails when the build is not the client's. */
  static final class SameBuildSource extends BoundedSource<Void> {
    private static final long serialVersionUID = 1L;
    private final String clientBuild;

    SameBuildSource(String clientBuild) {
      this.clientBuild = clientBuild;
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
      if (!clientBuild.equals(ID)) {
        throw new IllegalStateException(
            "the Flink cluster's class path holds Ferry build "
                + ID
                + ", not this client's build "
                + clientBuild
                + ": put this build's ferry.jar on the cluster (scripts/flink-start.sh --ferry-jar)"
                + " or run without --flink-jar-on-cluster to ship it with the job");
      }
    }
  }

  private static String load() {
    try (InputStream in = FerryBuild.class.getResourceAsStream("ferry-build.properties")) {
      if (in == null) {
        throw new IllegalStateException("ferry-build.properties is missing from the class path");
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("build");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read ferry-build.properties", e);
    }
  }
}
