package dev.ferry.io.sqlite;

import dev.ferry.io.schema.ColumnDef;
import dev.ferry.io.schema.IndexDef;
import dev.ferry.io.schema.TableDef;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Describes the user tables of a SQLite database as {@link TableDef}s, read from {@code
 * sqlite_master} and the {@code table_info}, {@code index_list} and {@code index_info} pragmas, and
 * tells a reader how a table can be split ({@link TableInfo}). The database is opened read-only.
 *
 * <p>Tables come in {@code sqlite_master} order, internal {@code sqlite_*} tables skipped. Columns
 * keep their declared type as SQLite reports it (e.g. {@code NVARCHAR(200)}, {@code numeric(20,
 * 6)}, {@code text nocase}; quotes around a quoted type name are removed by SQLite), NOT NULL and
 * the default expression's text. The primary key lists its columns in key order. Indexes come in
 * {@code sqlite_master} order and include the automatic indexes of UNIQUE constraints (as unique
 * indexes) but not the primary key's; partial indexes and indexes on expressions are left out
 * because {@link IndexDef} cannot say what they mean.
 *
 * <pre>{@code
 * List<TableDef> tables = SqliteSchema.tables(Path.of("chinook.sqlite"));
 * TableInfo track = SqliteSchema.info(Path.of("chinook.sqlite"), "Track");
 * }</pre>
 */
public final class SqliteSchema {
  private static final List<String> ROWID_NAMES = List.of("rowid", "_rowid_", "oid");

  private SqliteSchema() {}

  /** Every user table, in {@code sqlite_master} order. */
  public static List<TableDef> tables(Path db) {
    try (Connection c = SqliteConnections.openReadOnly(db.toString())) {
      List<TableDef> out = new ArrayList<>();
      for (String name : tableNames(c)) {
        out.add(table(c, name));
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the schema of SQLite database " + db, e);
    }
  }

  /** One table; fails naming the table if the database has no such table. */
  public static TableDef table(Path db, String table) {
    try (Connection c = SqliteConnections.openReadOnly(db.toString())) {
      return table(c, table);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read table '" + table + "' of " + db, e);
    }
  }

  /** How the table can be split, and its row count. */
  public static TableInfo info(Path db, String table) {
    try (Connection c = SqliteConnections.openReadOnly(db.toString())) {
      return info(c, table);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read table '" + table + "' of " + db, e);
    }
  }

  static List<String> tableNames(Connection c) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                    + " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }

  /** The table's name as stored (SQLite matches table names case-insensitively). */
  static String storedName(Connection c, String table) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name = ? COLLATE NOCASE")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalArgumentException("SQLite database has no table '" + table + "'");
        }
        return rs.getString(1);
      }
    }
  }

  static TableDef table(Connection c, String table) throws SQLException {
    String name = storedName(c, table);
    List<ColumnDef> columns = new ArrayList<>();
    Map<Integer, String> pk = new TreeMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?) ORDER BY"
                + " cid")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String column = rs.getString(1);
          columns.add(new ColumnDef(column, rs.getString(2), rs.getInt(3) == 0, rs.getString(4)));
          if (rs.getInt(5) > 0) {
            pk.put(rs.getInt(5), column);
          }
        }
      }
    }
    return new TableDef(name, columns, new ArrayList<>(pk.values()), indexes(c, name));
  }

  private static List<IndexDef> indexes(Connection c, String table) throws SQLException {
    List<IndexDef> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT il.name, il.\"unique\", il.origin, il.partial FROM pragma_index_list(?) il"
                + " LEFT JOIN sqlite_master m ON m.type = 'index' AND m.name = il.name"
                + " ORDER BY m.rowid")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String index = rs.getString(1);
          boolean unique = rs.getInt(2) == 1;
          boolean primaryKey = "pk".equals(rs.getString(3));
          boolean partial = rs.getInt(4) == 1;
          if (primaryKey || partial) {
            continue;
          }
          List<String> columns = indexColumns(c, index);
          if (columns != null) {
            out.add(new IndexDef(index, columns, unique));
          }
        }
      }
    }
    return out;
  }

  /** The index's columns in order, or null if it indexes an expression. */
  private static List<String> indexColumns(Connection c, String index) throws SQLException {
    List<String> columns = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement("SELECT name FROM pragma_index_info(?) ORDER BY seqno")) {
      ps.setString(1, index);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String column = rs.getString(1);
          if (column == null) {
            return null;
          }
          columns.add(column);
        }
      }
    }
    return columns;
  }

  static TableInfo info(Connection c, String table) throws SQLException {
    return info(c, table, true);
  }

  /** As {@link #info(Connection, String)}; without {@code countRows}, the row count is -1. */
  static TableInfo info(Connection c, String table, boolean countRows) throws SQLException {
    TableDef def = table(c, table);
    boolean rowidTable = isRowidTable(c, def.name());
    String rowidName = null;
    String rowidAlias = null;
    String integerKey = null;
    if (rowidTable) {
      for (String candidate : ROWID_NAMES) {
        if (def.columns().stream().noneMatch(col -> col.name().equalsIgnoreCase(candidate))) {
          rowidName = candidate;
          break;
        }
      }
      if (def.primaryKey().size() == 1
          && def.column(def.primaryKey().get(0)).orElseThrow().type().equalsIgnoreCase("INTEGER")) {
        rowidAlias = def.primaryKey().get(0);
      }
    } else if (def.primaryKey().size() == 1
        && integerAffinity(def.column(def.primaryKey().get(0)).orElseThrow().type())) {
      integerKey = def.primaryKey().get(0);
    }
    long rows = -1;
    if (countRows) {
      try (Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery("SELECT count(*) FROM " + SqliteIdentifiers.quote(def.name()))) {
        rs.next();
        rows = rs.getLong(1);
      }
    }
    return new TableInfo(def.name(), rowidTable, rowidName, rowidAlias, integerKey, rows);
  }

  private static boolean isRowidTable(Connection c, String table) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT wr FROM pragma_table_list WHERE schema = 'main' AND name = ?")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        return !rs.next() || rs.getInt(1) == 0;
      }
    }
  }

  /** SQLite's first affinity rule: a declared type containing "INT" has INTEGER affinity. */
  static boolean integerAffinity(String declaredType) {
    return declaredType != null && declaredType.toUpperCase(Locale.ROOT).contains("INT");
  }

  /**
   * SQLite's affinity rules 1 and 2: a declared type containing "CHAR", "CLOB" or "TEXT" and not
   * "INT" has TEXT affinity.
   */
  static boolean textAffinity(String declaredType) {
    if (declaredType == null) {
      return false;
    }
    String t = declaredType.toUpperCase(Locale.ROOT);
    return !t.contains("INT") && (t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT"));
  }
}
