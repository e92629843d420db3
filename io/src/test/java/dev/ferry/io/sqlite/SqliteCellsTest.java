package dev.ferry.io.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SqliteCells} reads every storage class straight from the statement handle with the same
 * values {@code getObject} gives (TEXT as its exact UTF-8 bytes), and falls back to {@code
 * getObject} on a UTF-16 database, whose stored text bytes are not UTF-8.
 */
class SqliteCellsTest {
  @TempDir Path dir;

  private static final String[] ROWS = {
    "1, 42, 'plain'",
    "2, 3000000000, 'Zürich — café ✓ \uD83D\uDE80'",
    "3, -2.5, ''",
    "4, NULL, NULL",
    "5, x'', x'00ff10'",
    "6, 9223372036854775807, CAST(x'66696c6596' AS TEXT)",
  };

  private Connection database(String encoding) throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(encoding + ".db"));
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA encoding = '" + encoding + "'");
      s.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, a, b)");
      for (String row : ROWS) {
        s.execute("INSERT INTO t VALUES (" + row + ")");
      }
    }
    return c;
  }

  /** Whether the cells came from the statement handle, and the rows read. */
  private record Read(boolean direct, List<List<String>> rows) {}

  /** Each row's cells as "Kind:value", "text:<decoded>" for TEXT bytes, "bytes:[...]". */
  private Read read(String encoding) throws SQLException {
    List<List<String>> rows = new ArrayList<>();
    boolean direct;
    try (Connection c = database(encoding);
        PreparedStatement ps = c.prepareStatement("SELECT id, a, b FROM t ORDER BY id");
        ResultSet rs = ps.executeQuery()) {
      SqliteCells cells = SqliteCells.of(rs, 3);
      direct = cells.direct();
      assertThat(cells.readsFrom(rs)).isTrue();
      while (rs.next()) {
        cells.read();
        List<String> row = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          Object v = cells.value(i);
          if (cells.text(i)) {
            row.add("text:" + new String((byte[]) v, StandardCharsets.UTF_8));
          } else if (v instanceof byte[]) {
            row.add("bytes:" + Arrays.toString((byte[]) v));
          } else {
            row.add(v == null ? "null" : v.getClass().getSimpleName() + ":" + v);
          }
        }
        rows.add(row);
      }
    }
    return new Read(direct, rows);
  }

  @Test
  void readsEveryStorageClassOfAUtf8DatabaseFromTheStatementHandle() throws Exception {
    Read read = read("UTF-8");
    assertThat(read.direct()).isTrue();
    assertThat(read.rows())
        .containsExactly(
            List.of("Long:1", "Long:42", "text:plain"),
            List.of("Long:2", "Long:3000000000", "text:Zürich — café ✓ \uD83D\uDE80"),
            List.of("Long:3", "Double:-2.5", "text:"),
            List.of("Long:4", "null", "null"),
            List.of("Long:5", "bytes:[]", "bytes:[0, -1, 16]"),
            List.of("Long:6", "Long:9223372036854775807", "text:file\uFFFD"));
  }

  @Test
  void malformedTextKeepsItsRawBytes() throws Exception {
    try (Connection c = database("UTF-8");
        PreparedStatement ps = c.prepareStatement("SELECT b FROM t WHERE id = 6");
        ResultSet rs = ps.executeQuery()) {
      SqliteCells cells = SqliteCells.of(rs, 1);
      assertThat(rs.next()).isTrue();
      cells.read();
      assertThat(cells.text(0)).isTrue();
      assertThat((byte[]) cells.value(0)).containsExactly(0x66, 0x69, 0x6c, 0x65, 0x96);
    }
  }

  @Test
  void aUtf16DatabaseIsReadThroughGetObject() throws Exception {
    Read read = read("UTF-16le");
    assertThat(read.direct()).isFalse();
    List<List<String>> rows = read.rows();
    assertThat(rows.get(1))
        .containsExactly("Long:2", "Long:3000000000", "String:Zürich — café ✓ \uD83D\uDE80");
    assertThat(rows.get(2)).containsExactly("Long:3", "Double:-2.5", "String:");
    assertThat(rows.get(4)).containsExactly("Long:5", "bytes:[]", "bytes:[0, -1, 16]");
  }
}
