package dev.ferry.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Impulse;
import org.apache.beam.sdk.transforms.ParDo;

/**
 * This build of Ferry: the time Maven built it, written into {@code ferry-build.properties}. A job
 * that ships no jar runs on the Ferry classes of the cluster's own class path; {@link #checkOn}
 * adds a step to it that fails the job, naming both builds, when those are not this build's, so
 * that a cluster left with an older jar cannot run a migration with other code than the client
 * planned it with.
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

  /** Adds the step that checks, on a worker, that the worker's Ferry is this build. */
  static void checkOn(Pipeline pipeline) {
    pipeline
        .apply("Ferry build check", Impulse.create())
        .apply("Same build as the client", ParDo.of(new SameBuildFn(ID)));
  }

  /** Fails when the worker's Ferry build is not the client's. */
  static final class SameBuildFn extends DoFn<byte[], Void> {
    private final String clientBuild;

    SameBuildFn(String clientBuild) {
      this.clientBuild = clientBuild;
    }

    @ProcessElement
    public void process() {
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
