package dev.ferry.backup;

import java.nio.file.Path;

/**
 * How one kind of store is backed up and restored. An implementation copies one database into the
 * backup folder consistently (even while it is in use), describes the copy for the manifest, and
 * later puts it back and checks the result against the manifest. SQLite is {@link SqliteBackup};
 * MongoDB and Cosmos DB implement the same interface.
 *
 * <pre>{@code
 * BackupEntry e = new SqliteBackup().backup(item, folder);
 * new SqliteBackup().restore(e, folder);
 * }</pre>
 */
public interface StoreBackup {
  /** The store's {@code type} as written in specs, e.g. {@code sqlite}. */
  String store();

  /**
   * Copies the database into {@code folder} and returns its manifest entry. A database that does
   * not exist yet (a target before its first run) gives an entry with {@code existed} false.
   */
  BackupEntry backup(BackupItem item, Path folder) throws BackupException;

  /**
   * Puts the copy back where it came from (for an entry that did not exist: removes what is there
   * now) and checks the result against the entry.
   *
   * @return a line saying what was done
   */
  String restore(BackupEntry entry, Path folder) throws BackupException;
}
