package dev.ferry.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The real PostgreSQL the integration tests use (started by scripts/pg-start.sh), one fresh schema
 * per test, and the shared test corpora read in place.
 */
final class TestDb implements AutoCloseable {
  static final String URL = env("FERRY_PG_URL", "jdbc:postgresql://127.0.0.1:55432/ferry");
  static final String USER = env("FERRY_PG_USER", "ferry");
  static final String PASSWORD = env("FERRY_PG_PASSWORD", "ferry");

  final String schema;
  private final Connection c;

  TestDb(String prefix) throws SQLException {
    this.schema = prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
    this.c = DriverManager.getConnection(URL, USER, PASSWORD);
  }

  /** The environment a spec sees: the test server's connection. */
  static Map<String, String> specEnv() {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("FERRY_PG_URL", URL);
    env.put("FERRY_PG_USER", USER);
    env.put("FERRY_PG_PASSWORD", PASSWORD);
    return env;
  }

  /** Rows of a query as lists of column values (as text, via JDBC getString). */
  List<List<String>> rows(String sql) throws SQLException {
    List<List<String>> out = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          row.add(rs.getString(i));
        }
        out.add(row);
      }
    }
    return out;
  }

  long count(String sql) throws SQLException {
    return Long.parseLong(rows(sql).get(0).get(0));
  }

  byte[] bytes(String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getBytes(1);
    }
  }

  void execute(String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** Tables of this test's schema, sorted. */
  List<String> tables() throws SQLException {
    List<String> out = new ArrayList<>();
    for (List<String> r :
        rows(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = '"
                + schema
                + "' ORDER BY table_name")) {
      out.add(r.get(0));
    }
    return out;
  }

  @Override
  public void close() throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
    } finally {
      c.close();
    }
  }

  /** A file of the shared corpora (../shared/testdata beside the repository), read in place. */
  static Path testdata(String relative) {
    String prop = System.getProperty("ferry.testdata");
    Path base = prop != null ? Path.of(prop) : null;
    if (base == null) {
      Path dir = Path.of("").toAbsolutePath();
      while (dir != null && !Files.isDirectory(dir.resolveSibling("shared").resolve("testdata"))) {
        dir = dir.getParent();
      }
      if (dir == null) {
        throw new IllegalStateException(
            "cannot find ../shared/testdata beside the repository; set -Dferry.testdata=DIR");
      }
      base = dir.resolveSibling("shared").resolve("testdata");
    }
    Path p = base.resolve(relative);
    if (!Files.exists(p)) {
      throw new IllegalStateException("test corpus file missing: " + p);
    }
    return p;
  }

  /** The repository root (for examples/). */
  static Path repoRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("examples"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("cannot find the repository root (a folder with examples/)");
    }
    return dir;
  }

  private static String env(String name, String dflt) {
    String v = System.getenv(name);
    return v == null || v.isEmpty() ? dflt : v;
  }
}
