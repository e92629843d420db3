package dev.ferry.io.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The test server (env {@code FERRY_PG_URL}, {@code FERRY_PG_USER}, {@code FERRY_PG_PASSWORD},
 * defaulting to the one {@code scripts/pg-start.sh} starts) and a schema of one test class, created
 * empty at start and dropped at the end.
 */
final class PgTestDb implements AutoCloseable {
  final PgConnection pg;
  final Connection conn;

  private PgTestDb(PgConnection pg, Connection conn) {
    this.pg = pg;
    this.conn = conn;
  }

  static PgConnection server() {
    return PgConnection.of(
        env("FERRY_PG_URL", "jdbc:postgresql://127.0.0.1:55432/ferry"),
        env("FERRY_PG_USER", "ferry"),
        env("FERRY_PG_PASSWORD", "ferry"));
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isEmpty() ? fallback : v;
  }

  /** A fresh, empty schema (dropped first if a previous run left it). */
  static PgTestDb withSchema(String schema) throws SQLException {
    PgConnection pg = server().withSchema(schema);
    Connection c = pg.open();
    try (Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + PgIdentifiers.quote(schema) + " CASCADE");
      s.execute("CREATE SCHEMA " + PgIdentifiers.quote(schema));
    }
    return new PgTestDb(pg, c);
  }

  String schema() {
    return pg.schema();
  }

  void exec(String sql) throws SQLException {
    try (Statement s = conn.createStatement()) {
      s.execute(sql);
    }
  }

  /** Every row of a query, each as a list of JDBC objects (getObject). */
  List<List<Object>> rows(String sql) throws SQLException {
    List<List<Object>> out = new ArrayList<>();
    try (Statement s = conn.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          row.add(rs.getObject(i));
        }
        out.add(row);
      }
    }
    return out;
  }

  /** Every row of a query as tab-joined text (what psql would show with NULL as 'NULL'). */
  List<String> text(String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = conn.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          if (i > 1) {
            sb.append('|');
          }
          String v = rs.getString(i);
          sb.append(v == null ? "NULL" : v);
        }
        out.add(sb.toString());
      }
    }
    return out;
  }

  @Override
  public void close() throws SQLException {
    try (Statement s = conn.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + PgIdentifiers.quote(schema()) + " CASCADE");
    } finally {
      conn.close();
    }
  }
}
