package dev.ferry.io.sqlite;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.sqlite.SQLiteConfig;

/**
 * Opens SQLite databases read-only (the {@code SQLITE_OPEN_READONLY} flag, never {@code CREATE}),
 * so that describing or reading a source can never change it or create a missing file.
 *
 * <pre>{@code
 * try (Connection c = SqliteConnections.openReadOnly("chinook.sqlite")) { ... }
 * }</pre>
 */
public final class SqliteConnections {
  private SqliteConnections() {}

  /** A read-only connection, so a read never changes a source; refuses a missing file. */
  public static Connection openReadOnly(String database) throws SQLException {
    if (!Files.isRegularFile(Path.of(database))) {
      throw new IllegalArgumentException("SQLite database '" + database + "' does not exist");
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    return config.createConnection("jdbc:sqlite:" + database);
  }
}
