package dev.ferry.backup;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One database in a backup manifest: what it is and where it was, whether it existed, the file in
 * the backup folder with its sha256 and size, and the row count of every table.
 *
 * <pre>{@code
 * entry.file();     // "source-app-app.db"
 * entry.tables();   // {users=3, sessions=10}
 * }</pre>
 *
 * @param store the store type, e.g. sqlite
 * @param role source or target
 * @param name the name in the spec
 * @param location where the database is (an absolute file path for SQLite)
 * @param existed false for a target that did not exist yet (restore removes it)
 * @param file the copy's file name in the backup folder; null when it did not exist
 * @param sha256 the copy's sha256 in hex; null when it did not exist
 * @param bytes the copy's size
 * @param tables row count per table, in the database's order
 */
public record BackupEntry(
    String store,
    String role,
    String name,
    String location,
    boolean existed,
    String file,
    String sha256,
    long bytes,
    Map<String, Long> tables) {
  public BackupEntry {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(location, "location");
    tables =
        tables == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tables));
  }
}
