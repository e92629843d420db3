package dev.ferry.cli;

import dev.ferry.backup.BackupException;
import dev.ferry.backup.Backups;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code ferry restore FOLDER}: checks every file of a backup taken by {@code ferry backup} or
 * {@code ferry run} against its manifest, refuses (naming the file, restoring nothing) if one is
 * missing or changed, then puts every database back and checks it. Exit 0 when restored, 1 when
 * refused or a restored file does not match.
 *
 * <pre>{@code
 * ferry restore backups/s3-unify-20250101-120000
 * }</pre>
 */
@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    description = "Put back the databases of a backup folder, checked against its manifest.")
final class RestoreCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "BACKUP", description = "the backup folder")
  Path folder;

  @Override
  public Integer call() {
    try {
      for (String line : Backups.restore(folder)) {
        System.out.println(line);
      }
      System.out.println("restored: every file matches " + folder.resolve("manifest.json"));
      return 0;
    } catch (BackupException e) {
      System.err.println("ferry: restore refused: " + e.getMessage());
      return 1;
    }
  }
}
