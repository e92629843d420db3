package dev.ferry.cli;

import dev.ferry.pipeline.ProgressListener;
import dev.ferry.pipeline.Rollback;
import dev.ferry.pipeline.RunSettings;
import dev.ferry.report.RunReport;
import dev.ferry.spec.Spec;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ferry rollback SPEC}: rebuilds the original collection from the collections a run made, as
 * the spec's {@code rollback} section says, into the collection its target names (a param lets the
 * user choose), and proves it equal to the original or to a backup's copy, document by document.
 *
 * <pre>{@code
 * ferry rollback examples/s5-userdata-split/spec.yaml --set restore_collection=user_data_v1
 * ferry rollback examples/s5-userdata-split/spec.yaml --backup backups/s5-userdata-split-20250101-120000
 * }</pre>
 */
@Command(
    name = "rollback",
    mixinStandardHelpOptions = true,
    description =
        "Rebuild the original collection from a run's collections (the spec's rollback section)"
            + " and prove it equal to the original, or to a backup's copy.")
final class RollbackCommand implements Callable<Integer> {
  @Mixin SpecOptions common;

  @Option(names = "--strict", description = "fail on the first rejected document")
  boolean strict;

  @Option(
      names = "--backup",
      paramLabel = "DIR",
      description =
          "compare with this backup folder's copy of the original (default: the live one)")
  Path backup;

  @Override
  public Integer call() {
    return SpecOptions.guarded(
        () -> {
          Spec spec = common.load();
          Path runDir = common.runDirectory(spec);
          RunSettings settings =
              new RunSettings(runDir, strict, Runners.displayName(common.runner));
          RunReport report =
              Rollback.run(
                  spec,
                  settings,
                  Runners.options(common.runnerChoice()),
                  common.quiet ? ProgressListener.NONE : new ProgressPrinter(System.err),
                  backup);
          return Outcome.print(report, runDir, System.out);
        });
  }
}
