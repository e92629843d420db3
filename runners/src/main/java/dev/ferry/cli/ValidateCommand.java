package dev.ferry.cli;

import dev.ferry.pipeline.Migration;
import dev.ferry.pipeline.ProgressListener;
import dev.ferry.pipeline.RunSettings;
import dev.ferry.report.RunReport;
import dev.ferry.spec.Spec;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.apache.beam.sdk.options.PipelineOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code ferry validate SPEC}: reads each flow's source through its steps and its target table,
 * compares counts and row fingerprints by key, and names every missing, extra and changed key.
 * Writes nothing to any target.
 *
 * <pre>{@code
 * ferry validate spec.yaml --set user_id=t1
 * }</pre>
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = "Compare SPEC's sources (through its steps) with its targets; write nothing.")
final class ValidateCommand implements Callable<Integer> {
  @Mixin SpecOptions common;

  @Override
  public Integer call() {
    return SpecOptions.guarded(
        () -> {
          Runners.Building building = Runners.optionsInBackground(common.runnerChoice());
          Spec spec = common.load();
          Supplier<PipelineOptions> options = Runners.checked(common.runnerChoice(), building);
          Path runDir = common.runDirectory(spec);
          RunReport report =
              Migration.validate(
                  spec,
                  new RunSettings(runDir, false, Runners.displayName(common.runner)),
                  options,
                  common.quiet ? ProgressListener.NONE : new ProgressPrinter(System.err));
          return Outcome.print(report, runDir, System.out);
        });
  }
}
