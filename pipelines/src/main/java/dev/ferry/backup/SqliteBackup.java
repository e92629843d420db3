package dev.ferry.backup;

import dev.ferry.io.sqlite.SqliteFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.util.Map;

/**
 * Backs up SQLite files with SQLite's online backup API (a consistent copy even while another
 * connection writes, uncheckpointed WAL content included) and restores them by file copy: the copy
 * goes to a temporary file beside the database, stale {@code -wal}, {@code -shm} and {@code
 * -journal} files are removed (SQLite would otherwise apply them to the restored file), the
 * temporary file replaces the database, and the result's sha256 and table counts are checked
 * against the manifest. Stop applications that use the file before restoring.
 *
 * <pre>{@code
 * BackupEntry e = new SqliteBackup().backup(new BackupItem("sqlite", "source", "app", "/d/app.db"), dir);
 * }</pre>
 */
public final class SqliteBackup implements StoreBackup {
  private static final String[] SIDE_FILES = {"-wal", "-shm", "-journal"};

  @Override
  public String store() {
    return "sqlite";
  }

  @Override
  public BackupEntry backup(BackupItem item, Path folder) throws BackupException {
    Path db = Path.of(item.location());
    if (!Files.exists(db)) {
      return new BackupEntry(
          store(), item.role(), item.name(), item.location(), false, null, null, 0, Map.of());
    }
    String file = item.role() + "-" + item.name() + "-" + db.getFileName();
    Path dest = folder.resolve(file);
    try {
      SqliteFiles.onlineBackup(db, dest);
      String check = SqliteFiles.integrityCheck(dest);
      if (!check.equals("ok")) {
        throw new BackupException(
            "the backup of " + db + " fails SQLite's integrity check: " + check);
      }
      return new BackupEntry(
          store(),
          item.role(),
          item.name(),
          item.location(),
          true,
          file,
          Manifests.sha256(dest),
          Files.size(dest),
          SqliteFiles.tableCounts(dest));
    } catch (SQLException | IOException e) {
      throw new BackupException("cannot back up " + db + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String restore(BackupEntry entry, Path folder) throws BackupException {
    Path db = Path.of(entry.location());
    try {
      if (!entry.existed()) {
        boolean removed = Files.deleteIfExists(db);
        removeSideFiles(db);
        return removed
            ? "removed " + db + " (it did not exist when the backup was taken)"
            : "left " + db + " absent (it did not exist when the backup was taken)";
      }
      Path copy = folder.resolve(entry.file());
      Files.createDirectories(db.toAbsolutePath().getParent());
      Path tmp = db.resolveSibling(db.getFileName() + ".ferry-restore");
      Files.copy(copy, tmp, StandardCopyOption.REPLACE_EXISTING);
      removeSideFiles(db);
      Files.move(tmp, db, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      String sha = Manifests.sha256(db);
      if (!sha.equals(entry.sha256())) {
        throw new BackupException(
            "restored " + db + " has sha256 " + sha + ", the manifest says " + entry.sha256());
      }
      Map<String, Long> counts = SqliteFiles.tableCounts(db);
      if (!counts.equals(entry.tables())) {
        throw new BackupException(
            "restored " + db + " has tables " + counts + ", the manifest says " + entry.tables());
      }
      return "restored "
          + db
          + " from "
          + entry.file()
          + " (sha256 "
          + sha
          + ", tables "
          + counts
          + ")";
    } catch (IOException | SQLException e) {
      throw new BackupException("cannot restore " + db + ": " + e.getMessage(), e);
    }
  }

  private static void removeSideFiles(Path db) throws IOException {
    for (String suffix : SIDE_FILES) {
      Files.deleteIfExists(db.resolveSibling(db.getFileName() + suffix));
    }
  }
}
