package dev.ferry.io.sqlite;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

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
    return open(database, false);
  }

  /**
   * A read-only connection for one thread at a time: opened with {@code SQLITE_OPEN_NOMUTEX}, so
   * SQLite does not take the connection's mutex on every call (each column of each row read is
   * one). The caller must never use it from two threads at once.
   */
  public static Connection openReadOnlyForOneThread(String database) throws SQLException {
    return open(database, true);
  }

  private static Connection open(String database, boolean oneThread) throws SQLException {
    if (!Files.isRegularFile(Path.of(database))) {
      throw new IllegalArgumentException("SQLite database '" + database + "' does not exist");
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    if (oneThread) {
      config.setOpenMode(SQLiteOpenMode.NOMUTEX);
    }
    return config.createConnection("jdbc:sqlite:" + database);
  }
}
