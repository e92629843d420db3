package dev.ferry.io.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins what {@link RowDecoder} relies on in sqlite-jdbc (xerial): lenient TEXT decoding by
 * getString/getObject, raw TEXT bytes by getBytes, getObject dispatching on each cell's storage
 * class, and getColumnTypeName reporting the declared type. If an upgrade changes one, this fails.
 */
class SqliteJdbcBehaviourTest {
  @TempDir Path dir;

  private Connection writable() throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("t.db"));
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, name VARCHAR(10), v)");
      s.execute("INSERT INTO t VALUES (1, CAST(x'66696c6596' AS TEXT), 1)");
      s.execute("INSERT INTO t VALUES (2, 'ok' || char(65533), 3000000000)");
      s.execute("INSERT INTO t VALUES (3, x'96', 2.5)");
      s.execute("INSERT INTO t VALUES (4, NULL, 'text')");
    }
    return c;
  }

  @Test
  void textCellsDecodeLenientlyButGetBytesGivesTheRawBytes() throws Exception {
    try (Connection c = writable();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT name, typeof(name) FROM t ORDER BY id")) {
      rs.next();
      assertThat(rs.getString(2)).isEqualTo("text");
      assertThat(rs.getObject(1)).isEqualTo("file\uFFFD");
      assertThat(rs.getBytes(1)).containsExactly(0x66, 0x69, 0x6c, 0x65, 0x96);
      rs.next();
      assertThat(rs.getObject(1)).isEqualTo("ok\uFFFD");
      assertThat(rs.getBytes(1)).isEqualTo("ok\uFFFD".getBytes(StandardCharsets.UTF_8));
      rs.next();
      assertThat(rs.getString(2)).isEqualTo("blob");
      assertThat(rs.getObject(1)).isEqualTo(new byte[] {(byte) 0x96});
    }
  }

  @Test
  void getObjectFollowsEachCellsStorageClass() throws Exception {
    try (Connection c = writable();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT v FROM t ORDER BY id")) {
      rs.next();
      assertThat(rs.getObject(1)).isEqualTo(1);
      rs.next();
      assertThat(rs.getObject(1)).isEqualTo(3000000000L);
      rs.next();
      assertThat(rs.getObject(1)).isEqualTo(2.5);
      rs.next();
      assertThat(rs.getObject(1)).isEqualTo("text");
    }
  }

  @Test
  void columnTypeNameIsTheDeclaredTypeElseTheCellsClass() throws Exception {
    try (Connection c = writable();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT name, v, x'00' || '' FROM t WHERE id = 3")) {
      rs.next();
      assertThat(rs.getMetaData().getColumnTypeName(1)).isEqualTo("VARCHAR");
      assertThat(rs.getMetaData().getColumnTypeName(3)).isEqualTo("TEXT");
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("t.db"));
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT x'00' FROM t WHERE id = 3")) {
      rs.next();
      assertThat(rs.getMetaData().getColumnTypeName(1)).isEqualTo("BLOB");
    }
  }

  @Test
  void readOnlyConnectionsRefuseWritesAndNeverCreateFiles() throws Exception {
    writable().close();
    try (Connection c = SqliteConnections.openReadOnly(dir.resolve("t.db").toString());
        Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.execute("DELETE FROM t"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("readonly");
    }
    Path missing = dir.resolve("missing.db");
    assertThatThrownBy(() -> SqliteConnections.openReadOnly(missing.toString()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("SQLite database '" + missing + "' does not exist");
    assertThat(Files.exists(missing)).isFalse();
  }
}
