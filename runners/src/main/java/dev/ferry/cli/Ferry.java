package dev.ferry.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ferry} command line: {@code run}, {@code validate}, {@code sample}, {@code backup} and
 * {@code restore}. Exit codes: 0 when the verdict is PASS, 1 when it is FAIL (or the pipeline
 * failed), 2 when the spec or the command line is wrong (nothing was written).
 *
 * <pre>{@code
 * ferry run examples/s2-collections/spec.yaml --set user_id=t1
 * ferry run spec.yaml --dry-run
 * ferry validate spec.yaml --set user_id=t1
 * ferry backup spec.yaml
 * ferry restore backups/s3-unify-20250101-120000
 * }</pre>
 */
@Command(
    name = "ferry",
    mixinStandardHelpOptions = true,
    version = "ferry 0.1.0 (Apache Beam 2.70.0)",
    description =
        "Moves and reshapes data between databases with Apache Beam, and proves nothing was lost.",
    subcommands = {
      RunCommand.class,
      ValidateCommand.class,
      SampleCommand.class,
      BackupCommand.class,
      RestoreCommand.class,
      RollbackCommand.class
    })
public final class Ferry implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    BeamWarmUp.start(args);
    System.exit(execute(args));
  }

  /** Runs the command line and returns the exit code (used by tests). */
  public static int execute(String... args) {
    return new CommandLine(new Ferry()).execute(args);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "name a command: run, validate, sample, backup or restore");
  }
}
