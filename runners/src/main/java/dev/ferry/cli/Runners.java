package dev.ferry.cli;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * Turns the command line's runner choice into Beam pipeline options. The DirectRunner runs with its
 * per-element encodability and immutability checks off (they re-encode every element and cost more
 * than the migration itself; the test suite keeps them on) and does not block on {@code run()}, so
 * progress can be shown.
 *
 * <pre>{@code
 * PipelineOptions o = Runners.options("direct", 4);
 * }</pre>
 */
final class Runners {
  private Runners() {}

  static PipelineOptions options(String runner, Integer parallelism) {
    List<String> args = new ArrayList<>();
    switch (runner) {
      case "direct":
        args.add("--runner=DirectRunner");
        args.add("--enforceEncodability=false");
        args.add("--enforceImmutability=false");
        args.add("--blockOnRun=false");
        args.add(
            "--targetParallelism="
                + (parallelism != null ? parallelism : Runtime.getRuntime().availableProcessors()));
        break;
      default:
        throw new IllegalArgumentException(
            "unknown runner '" + runner + "' (this build knows: direct)");
    }
    return PipelineOptionsFactory.fromArgs(args.toArray(new String[0])).create();
  }

  static String displayName(String runner) {
    return "direct".equals(runner) ? "DirectRunner" : runner;
  }
}
