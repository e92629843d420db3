package dev.ferry.io.sqlite;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The schema of a SQLite database as its own SQL text, for copying it into another SQLite file
 * unchanged: every table's original {@code CREATE TABLE} statement (types, affinities, PRIMARY KEY,
 * UNIQUE, CHECK, DEFAULT, FOREIGN KEY, exactly as written), its indexes, views and triggers, in
 * {@code sqlite_master} order.
 *
 * <p>Renaming tables ({@link #renamed}) is done by SQLite itself: the statements are run in a
 * scratch in-memory database, the tables are renamed there with {@code ALTER TABLE ... RENAME TO}
 * (which also rewrites the foreign keys, indexes, views and triggers that refer to them), and the
 * rewritten text is read back. A prefix is also put in front of index, view and trigger names,
 * because SQLite keeps those names in one namespace per database.
 *
 * <pre>{@code
 * List<SqliteDdl.SchemaObject> objects = SqliteDdl.objects(Path.of("app.db"));
 * objects = SqliteDdl.renamed(objects, Map.of("Album", "old_Album"), "old_");
 * try (Connection c = SqliteDdl.openWritable(Path.of("unified.db"))) {
 *   SqliteDdl.create(c, objects.get(0));
 * }
 * }</pre>
 */
public final class SqliteDdl {
  private SqliteDdl() {}

  /**
   * One schema object as stored in {@code sqlite_master}.
   *
   * @param type table, index, view or trigger
   * @param name the object's name
   * @param table the table it belongs to (its own name for a table or view)
   * @param sql the {@code CREATE} statement
   */
  public record SchemaObject(String type, String name, String table, String sql) {
    /** Whether this is a table. */
    public boolean isTable() {
      return type.equals("table");
    }
  }

  /** Every table, index, view and trigger that has SQL text, internal objects left out. */
  public static List<SchemaObject> objects(Path db) {
    try (Connection c = SqliteConnections.openReadOnly(db.toString())) {
      return objects(c);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the schema of SQLite database " + db, e);
    }
  }

  static List<SchemaObject> objects(Connection c) throws SQLException {
    List<SchemaObject> out = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL"
                    + " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid")) {
      while (rs.next()) {
        out.add(
            new SchemaObject(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
      }
    }
    return out;
  }

  /**
   * The objects with tables renamed (and every reference to them rewritten by SQLite) and, when
   * {@code prefix} is not empty, the prefix put in front of index, view and trigger names.
   *
   * @param renames old table name to new table name; tables not named keep their name
   * @param prefix put in front of index, view and trigger names; may be empty
   */
  public static List<SchemaObject> renamed(
      List<SchemaObject> objects, Map<String, String> renames, String prefix) {
    if (renames.isEmpty() && prefix.isEmpty()) {
      return objects;
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:");
        Statement s = c.createStatement()) {
      for (SchemaObject o : objects) {
        s.execute(o.sql());
      }
      for (Map.Entry<String, String> r : renames.entrySet()) {
        s.execute(
            "ALTER TABLE "
                + SqliteIdentifiers.quote(r.getKey())
                + " RENAME TO "
                + SqliteIdentifiers.quote(r.getValue()));
      }
      List<SchemaObject> out = new ArrayList<>();
      for (SchemaObject o : objects(c)) {
        if (!o.isTable() && !prefix.isEmpty()) {
          String name = prefix + o.name();
          o = new SchemaObject(o.type(), name, o.table(), withName(o.sql(), name));
        }
        out.add(o);
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalArgumentException(
          "cannot rename tables " + renames + ": " + e.getMessage(), e);
    }
  }

  /**
   * The {@code CREATE INDEX|VIEW|TRIGGER} statement with the object's name replaced (quoted).
   *
   * @throws IllegalArgumentException if the statement's name cannot be found
   */
  static String withName(String sql, String name) {
    SqlTokens t = new SqlTokens(sql);
    Set<String> skip = Set.of("CREATE", "TEMP", "TEMPORARY", "UNIQUE", "INDEX", "VIEW", "TRIGGER");
    while (true) {
      SqlTokens.Token tok = t.next();
      if (tok == null) {
        throw new IllegalArgumentException("no object name in: " + sql);
      }
      String upper = tok.text().toUpperCase(Locale.ROOT);
      if (!tok.quoted() && skip.contains(upper)) {
        continue;
      }
      if (!tok.quoted() && upper.equals("IF")) {
        t.next(); // NOT
        t.next(); // EXISTS
        continue;
      }
      SqlTokens.Token after = t.next();
      int end = tok.end();
      if (after != null && after.text().equals(".")) {
        // schema-qualified name: replace schema.name
        SqlTokens.Token real = t.next();
        end = real.end();
      }
      return sql.substring(0, tok.start()) + SqliteIdentifiers.quote(name) + sql.substring(end);
    }
  }

  /**
   * Opens (and creates, with its folder, if missing) a SQLite database for writing, with a busy
   * timeout so a writer waits for another's transaction instead of failing, and foreign keys not
   * enforced (tables are loaded in parallel, in no particular order).
   */
  public static Connection openWritable(Path db) throws SQLException {
    try {
      if (db.getParent() != null) {
        Files.createDirectories(db.getParent());
      }
    } catch (java.io.IOException e) {
      throw new SQLException("cannot create the folder of " + db + ": " + e.getMessage(), e);
    }
    org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
    config.setBusyTimeout(SqliteIO.BUSY_TIMEOUT_MS);
    config.enforceForeignKeys(false);
    return config.createConnection("jdbc:sqlite:" + db);
  }

  /** The stored SQL of the object with this type and name (names match case-insensitively). */
  public static Optional<String> existing(Connection c, String type, String name)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT sql FROM sqlite_master WHERE type = ? AND name = ? COLLATE NOCASE")) {
      ps.setString(1, type);
      ps.setString(2, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
      }
    }
  }

  /** Runs the object's {@code CREATE} statement. */
  public static void create(Connection c, SchemaObject o) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(o.sql());
    }
  }

  /** Drops a trigger if it exists. */
  public static void dropTrigger(Connection c, String name) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("DROP TRIGGER IF EXISTS " + SqliteIdentifiers.quote(name));
    }
  }

  /** Deletes every row of a table. */
  public static void deleteAll(Connection c, String table) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("DELETE FROM " + SqliteIdentifiers.quote(table));
    }
  }

  /** A name quoted as a SQLite identifier. */
  public static String quote(String name) {
    return SqliteIdentifiers.quote(name);
  }
}
