package dev.ferry.backup;

import java.util.Objects;

/**
 * One database to back up: the store, whether the spec reads or writes it, its name in the spec and
 * where it is (a file path for SQLite).
 *
 * <pre>{@code
 * new BackupItem("sqlite", "source", "app", "/data/app.db");
 * }</pre>
 */
public record BackupItem(String store, String role, String name, String location) {
  public BackupItem {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(location, "location");
  }
}
