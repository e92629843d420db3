package dev.ferry.cli;

import dev.ferry.pipeline.Migration;
import dev.ferry.pipeline.ProgressListener;
import dev.ferry.pipeline.RunSettings;
import dev.ferry.report.MarkdownReport;
import dev.ferry.report.RunReport;
import dev.ferry.spec.Spec;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.apache.beam.sdk.options.PipelineOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ferry run SPEC}: migrates every flow of the spec and writes the report; with {@code
 * --dry-run}, only checks, counts and estimates.
 *
 * <pre>{@code
 * ferry run spec.yaml --set user_id=t1 --strict
 * ferry run unify.yaml --no-backup
 * }</pre>
 *
 * <p>Before writing, a run backs up the spec's SQLite sources and targets into {@code --backup-dir}
 * (see {@code ferry backup}) unless {@code --no-backup} is given.
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

  @Option(
      names = "--no-backup",
      description = "do not back up the spec's SQLite files before writing")
  boolean noBackup;

  @Option(
      names = "--backup-dir",
      paramLabel = "DIR",
      defaultValue = "backups",
      description = "where the backup taken before the run goes (default: backups)")
  Path backupDir;

  @Override
  public Integer call() {
    return SpecOptions.guarded(
        () -> {
          Runners.Building building =
              dryRun ? null : Runners.optionsInBackground(common.runnerChoice());
          Spec spec = common.load();
          Supplier<PipelineOptions> options =
              building == null ? null : Runners.checked(common.runnerChoice(), building);
          Path runDir = common.runDirectory(spec);
          RunSettings settings =
              new RunSettings(runDir, strict, Runners.displayName(common.runner));
          RunReport report;
          if (dryRun) {
            report = Migration.dryRun(spec, settings);
            System.out.print(MarkdownReport.render(report));
          } else {
            report =
                Migration.run(
                    spec,
                    settings,
                    options,
                    common.quiet ? ProgressListener.NONE : new ProgressPrinter(System.err),
                    noBackup ? null : backupDir);
          }
          return Outcome.print(report, runDir, System.out);
        });
  }
}
