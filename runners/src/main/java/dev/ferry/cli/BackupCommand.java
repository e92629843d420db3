package dev.ferry.cli;

import dev.ferry.backup.BackupEntry;
import dev.ferry.backup.BackupException;
import dev.ferry.backup.Backups;
import dev.ferry.spec.Spec;
import dev.ferry.spec.SpecException;
import dev.ferry.spec.SpecLoader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ferry backup SPEC}: copies every SQLite source and target of the spec with SQLite's online
 * backup into a timestamped folder with a {@code manifest.json} (sha256, tables, row counts), and
 * prints the folder. {@code ferry restore FOLDER} puts them back.
 *
 * <pre>{@code
 * ferry backup examples/s3-unify/spec.yaml --backup-dir backups
 * }</pre>
 */
@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    description =
        "Back up every database of SPEC (SQLite: online backup) into a timestamped folder with a"
            + " manifest.")
final class BackupCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "SPEC", description = "the migration spec (YAML)")
  Path specFile;

  @Option(names = "--set", paramLabel = "NAME=VALUE", description = "set a spec param (repeatable)")
  Map<String, String> set = new LinkedHashMap<>();

  @Option(
      names = "--backup-dir",
      paramLabel = "DIR",
      defaultValue = "backups",
      description = "where the timestamped backup folder is created (default: backups)")
  Path backupDir;

  @Override
  public Integer call() {
    try {
      Spec spec = SpecLoader.load(specFile, set);
      if (Backups.items(spec).isEmpty()) {
        System.err.println("ferry: the spec has no database Ferry can back up (SQLite files)");
        return 2;
      }
      Backups.Result b = Backups.create(spec, backupDir, Instant.now());
      for (BackupEntry e : b.manifest().entries()) {
        System.out.println(
            e.role()
                + " "
                + e.name()
                + ": "
                + (e.existed()
                    ? e.location() + " -> " + e.file() + " sha256 " + e.sha256() + " " + e.tables()
                    : e.location() + " does not exist yet (restore removes it)"));
      }
      System.out.println("backup: " + b.folder());
      System.out.println("restore with: ferry restore " + b.folder());
      return 0;
    } catch (SpecException e) {
      System.err.println("ferry: the spec is invalid:\n" + e.getMessage());
      return 2;
    } catch (BackupException | IllegalArgumentException e) {
      System.err.println("ferry: " + e.getMessage());
      return 1;
    }
  }
}
