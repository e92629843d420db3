package dev.ferry.cli;

import dev.ferry.pipeline.Migration;
import dev.ferry.pipeline.PlanException;
import dev.ferry.pipeline.ProgressListener;
import dev.ferry.pipeline.RunSettings;
import dev.ferry.report.RunReport;
import dev.ferry.spec.Spec;
import dev.ferry.spec.SpecException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ferry run SPEC}: migrates every flow of the spec and writes the report; with {@code
 * --dry-run}, only checks, counts and estimates.
 *
 * <pre>{@code
 * ferry run spec.yaml --set user_id=t1 --strict
 * }</pre>
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Migrate every flow of SPEC and write a report into the run directory.")
final class RunCommand implements Callable<Integer> {
  @Mixin SpecOptions common;

  @Option(
      names = "--dry-run",
      description = "check the spec, connect, count and estimate; write nothing")
  boolean dryRun;

  @Option(names = "--strict", description = "fail the run on the first rejected record")
  boolean strict;

  @Override
  public Integer call() {
    try {
      Spec spec = common.load();
      Path runDir = common.runDirectory(spec);
      RunSettings settings = new RunSettings(runDir, strict, Runners.displayName(common.runner));
      RunReport report;
      if (dryRun) {
        report = Migration.dryRun(spec, settings);
        System.out.print(dev.ferry.report.MarkdownReport.render(report));
      } else {
        report =
            Migration.run(
                spec,
                settings,
                Runners.options(common.runnerChoice()),
                common.quiet ? ProgressListener.NONE : new ProgressPrinter(System.err));
      }
      return Outcome.print(report, runDir, System.out);
    } catch (SpecException e) {
      System.err.println("ferry: the spec is invalid:\n" + e.getMessage());
      return 2;
    } catch (PlanException | IllegalArgumentException e) {
      System.err.println("ferry: " + e.getMessage());
      return 2;
    }
  }
}
