package dev.ferry.pipeline;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.sqlite.SQLiteConfig;

/**
 * Test helper: a SQLite database as text to compare exactly — its schema objects with their SQL,
 * and every row of a table with its rowid and each cell's storage class ({@code typeof}), BLOBs in
 * hex. Opens read-only.
 */
final class SqliteDump {
  private SqliteDump() {}

  static Connection open(Path db) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    return config.createConnection("jdbc:sqlite:" + db);
  }

  /** {@code type name ON table: sql} for every object with SQL, sorted. */
  static List<String> schema(Path db) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = open(db);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL AND"
                    + " name NOT LIKE 'sqlite_%' ORDER BY type, name")) {
      while (rs.next()) {
        out.add(
            rs.getString(1)
                + " "
                + rs.getString(2)
                + " ON "
                + rs.getString(3)
                + ": "
                + rs.getString(4));
      }
    }
    return out;
  }

  /** The user tables, in sqlite_master order. */
  static List<String> tables(Path db) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = open(db);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                    + " ORDER BY rowid")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  /** Every row as {@code rowid|typeof:value|...}, in rowid (or key) order; rowid only if any. */
  static List<String> rows(Path db, String table) throws SQLException {
    return rows(db, table, table);
  }

  static List<String> rows(Path db, String table, String ignored) throws SQLException {
    List<String> out = new ArrayList<>();
    String q = "\"" + table.replace("\"", "\"\"") + "\"";
    try (Connection c = open(db);
        Statement s = c.createStatement()) {
      boolean rowid = true;
      try (ResultSet rs =
          s.executeQuery(
              "SELECT wr FROM pragma_table_list WHERE name = '" + table.replace("'", "''") + "'")) {
        rowid = !rs.next() || rs.getInt(1) == 0;
      }
      List<String> cols = new ArrayList<>();
      try (ResultSet rs =
          s.executeQuery(
              "SELECT name FROM pragma_table_info('"
                  + table.replace("'", "''")
                  + "') ORDER BY cid")) {
        while (rs.next()) {
          cols.add(rs.getString(1));
        }
      }
      StringBuilder sql = new StringBuilder("SELECT ");
      sql.append(rowid ? "_rowid_" : "NULL");
      for (String col : cols) {
        String cq = "\"" + col.replace("\"", "\"\"") + "\"";
        sql.append(", typeof(").append(cq).append("), ").append(cq);
      }
      sql.append(" FROM ").append(q).append(rowid ? " ORDER BY _rowid_" : "");
      try (ResultSet rs = s.executeQuery(sql.toString())) {
        while (rs.next()) {
          StringBuilder row = new StringBuilder(String.valueOf(rs.getObject(1)));
          for (int i = 0; i < cols.size(); i++) {
            String type = rs.getString(2 + 2 * i);
            Object v =
                type.equals("blob")
                    ? "x'" + HexFormat.of().formatHex(rs.getBytes(3 + 2 * i)) + "'"
                    : type.equals("real")
                        ? Double.toString(rs.getDouble(3 + 2 * i))
                        : rs.getString(3 + 2 * i);
            row.append('|').append(type).append(':').append(v);
          }
          out.add(row.toString());
        }
      }
      if (!rowid) {
        out.sort(null);
      }
    }
    return out;
  }

  static long count(Path db, String sql) throws SQLException {
    try (Connection c = open(db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static Connection openWritable(Path db) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + db);
  }
}
