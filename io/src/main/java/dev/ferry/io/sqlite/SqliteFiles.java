package dev.ferry.io.sqlite;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sqlite.SQLiteConnection;

/**
 * Whole-file operations on SQLite databases: a consistent copy with SQLite's online backup API
 * (correct while the database is in use, WAL content included), the row count of every table, and
 * SQLite's integrity check.
 *
 * <pre>{@code
 * SqliteFiles.onlineBackup(Path.of("app.db"), Path.of("backups/x/app.db"));
 * Map<String, Long> counts = SqliteFiles.tableCounts(Path.of("backups/x/app.db"));
 * }</pre>
 */
public final class SqliteFiles {
  private SqliteFiles() {}

  /** Copies {@code source} into the new file {@code dest} with the online backup API. */
  public static void onlineBackup(Path source, Path dest) throws SQLException {
    if (Files.exists(dest)) {
      throw new IllegalArgumentException("backup destination " + dest + " already exists");
    }
    try (Connection c = SqliteConnections.openReadOnly(source.toString())) {
      ((SQLiteConnection) c).getDatabase().backup("main", dest.toString(), null);
    }
  }

  /** Row count of every user table, in {@code sqlite_master} order. */
  public static Map<String, Long> tableCounts(Path db) throws SQLException {
    Map<String, Long> out = new LinkedHashMap<>();
    try (Connection c = SqliteConnections.openReadOnly(db.toString());
        Statement s = c.createStatement()) {
      for (String t : SqliteSchema.tableNames(c)) {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + SqliteIdentifiers.quote(t))) {
          rs.next();
          out.put(t, rs.getLong(1));
        }
      }
    }
    return out;
  }

  /** The result of {@code PRAGMA integrity_check}: "ok", or the problems found. */
  public static String integrityCheck(Path db) throws SQLException {
    StringBuilder sb = new StringBuilder();
    try (Connection c = SqliteConnections.openReadOnly(db.toString());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
      while (rs.next()) {
        sb.append(sb.length() == 0 ? "" : "; ").append(rs.getString(1));
      }
    }
    return sb.toString();
  }
}
