package dev.ferry.io.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadPlannerTest {
  private static final String TRACK_SELECT =
      "SELECT \"TrackId\", \"Name\", \"AlbumId\", \"MediaTypeId\", \"GenreId\", \"Composer\","
          + " \"Milliseconds\", \"Bytes\", \"UnitPrice\" FROM \"Track\"";

  private static ReadSpec table(String table, int splits, List<String> keys, boolean rowid) {
    return new ReadSpec("db", table, null, null, "f", keys, splits, 100, rowid);
  }

  @Test
  void autoSplitsOnePer50000RowsBetween1And64() {
    assertThat(ReadPlanner.autoSplits(0)).isEqualTo(1);
    assertThat(ReadPlanner.autoSplits(50_000)).isEqualTo(1);
    assertThat(ReadPlanner.autoSplits(50_001)).isEqualTo(2);
    assertThat(ReadPlanner.autoSplits(1_000_000)).isEqualTo(20);
    assertThat(ReadPlanner.autoSplits(10_000_000_000L)).isEqualTo(64);
    assertThat(ReadPlanner.autoSplits(Long.MAX_VALUE)).isEqualTo(64);
  }

  /** Without a split count, a table splits by its key span (rows are not counted). */
  @Test
  void autoSplitsFollowTheKeySpan(@TempDir Path dir) throws Exception {
    String db = dir.resolve("sparse.db").toString();
    try (Connection w = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
        java.sql.Statement s = w.createStatement()) {
      s.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
      s.execute("INSERT INTO t VALUES (1, 'a'), (149999, 'b')");
      s.execute("CREATE TABLE small(id INTEGER PRIMARY KEY, v TEXT)");
      s.execute("INSERT INTO small VALUES (1, 'a'), (50000, 'b')");
    }
    try (Connection c = SqliteConnections.openReadOnly(db)) {
      List<ReadTask> tasks = ReadPlanner.plan(c, table("t", 0, null, false));
      assertThat(tasks)
          .extracting(ReadTask::binds)
          .containsExactly(List.of(50001L), List.of(50001L, 100001L), List.of(100001L));
      assertThat(ReadPlanner.plan(c, table("small", 0, null, false)))
          .extracting(ReadTask::binds)
          .containsExactly(List.of());
    }
  }

  @Test
  void trackSplitsByItsRowidAliasIntoHalfOpenRanges() throws Exception {
    try (Connection c = SqliteConnections.openReadOnly(TestData.chinook().toString())) {
      List<ReadTask> tasks = ReadPlanner.plan(c, table("Track", 7, null, false));
      List<String> keys = List.of("TrackId");
      assertThat(tasks)
          .containsExactly(
              new ReadTask(
                  "table 'Track'",
                  TRACK_SELECT + " WHERE \"TrackId\" < ?",
                  List.of(502L),
                  9,
                  0,
                  keys,
                  1),
              new ReadTask(
                  "table 'Track'",
                  TRACK_SELECT + " WHERE \"TrackId\" >= ? AND \"TrackId\" < ?",
                  List.of(502L, 1003L),
                  9,
                  0,
                  keys,
                  2),
              new ReadTask(
                  "table 'Track'",
                  TRACK_SELECT + " WHERE \"TrackId\" >= ? AND \"TrackId\" < ?",
                  List.of(1003L, 1504L),
                  9,
                  0,
                  keys,
                  3),
              new ReadTask(
                  "table 'Track'",
                  TRACK_SELECT + " WHERE \"TrackId\" >= ? AND \"TrackId\" < ?",
                  List.of(1504L, 2004L),
                  9,
                  0,
                  keys,
                  4),
              new ReadTask(
                  "table 'Track'",
                  TRACK_SELECT + " WHERE \"TrackId\" >= ? AND \"TrackId\" < ?",
                  List.of(2004L, 2504L),
                  9,
                  0,
                  keys,
                  5),
              new ReadTask(
                  "table 'Track'",
                  TRACK_SELECT + " WHERE \"TrackId\" >= ? AND \"TrackId\" < ?",
                  List.of(2504L, 3004L),
                  9,
                  0,
                  keys,
                  6),
              new ReadTask(
                  "table 'Track'",
                  TRACK_SELECT + " WHERE \"TrackId\" >= ?",
                  List.of(3004L),
                  9,
                  0,
                  keys,
                  7));
      // 3,503 rows: one split by default
      assertThat(ReadPlanner.plan(c, table("Track", 0, null, false)))
          .containsExactly(new ReadTask("table 'Track'", TRACK_SELECT, List.of(), 9, 0, keys));
    }
  }

  @Test
  void tableWithoutKeyUsesAHiddenRowidForRejectKeys() throws Exception {
    try (Connection c = SqliteConnections.openReadOnly(TestData.pgloaderSqlite().toString())) {
      assertThat(ReadPlanner.plan(c, table("item", 2, null, false)))
          .containsExactly(
              new ReadTask(
                  "table 'item'",
                  "SELECT \"id\", \"price\", \"rowid\" FROM \"item\" WHERE \"rowid\" < ?",
                  List.of(2L),
                  2,
                  3,
                  List.of("rowid"),
                  1),
              new ReadTask(
                  "table 'item'",
                  "SELECT \"id\", \"price\", \"rowid\" FROM \"item\" WHERE \"rowid\" >= ?",
                  List.of(2L),
                  2,
                  3,
                  List.of("rowid"),
                  2));
      assertThat(ReadPlanner.plan(c, table("user", 1, null, true)))
          .containsExactly(
              new ReadTask(
                  "table 'user'",
                  "SELECT \"id\", \"name\", \"id\" AS \"rowid\" FROM \"user\"",
                  List.of(),
                  3,
                  0,
                  List.of("id")));
    }
  }

  @Test
  void querySplitAddsATaskForNullKeys() throws Exception {
    try (Connection c = SqliteConnections.openReadOnly(TestData.chinook().toString())) {
      ReadSpec spec =
          new ReadSpec(
              "db",
              null,
              "SELECT AlbumId a FROM Album WHERE AlbumId <= 4 ;",
              "a",
              "f",
              null,
              2,
              100,
              false);
      String select = "SELECT * FROM (SELECT AlbumId a FROM Album WHERE AlbumId <= 4)";
      assertThat(ReadPlanner.plan(c, spec))
          .containsExactly(
              new ReadTask("query", select + " WHERE \"a\" < ?", List.of(3L), -1, 0, List.of(), 1),
              new ReadTask("query", select + " WHERE \"a\" >= ?", List.of(3L), -1, 0, List.of(), 2),
              new ReadTask("query", select + " WHERE \"a\" IS NULL", List.of(), -1, 0, List.of()));
    }
  }

  @Test
  void unknownKeyFieldIsNamed() throws Exception {
    try (Connection c = SqliteConnections.openReadOnly(TestData.chinook().toString())) {
      assertThatThrownBy(() -> ReadPlanner.plan(c, table("Genre", 1, List.of("Nope"), false)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("key field 'Nope' is not a column of table 'Genre' [GenreId, Name]");
    }
  }
}
