package dev.ferry.io.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.record.Record;
import dev.ferry.record.RecordBatch;
import dev.ferry.record.RecordBatchCoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteWriteTest {
  @TempDir Path dir;

  private static Pipeline pipeline() {
    return Pipeline.create(
        PipelineOptionsFactory.fromArgs("--runner=DirectRunner", "--targetParallelism=4").create());
  }

  private Path table(String ddl) throws Exception {
    Path db = dir.resolve("t.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      s.execute(ddl);
    }
    return db;
  }

  private static List<String> rows(Path db, String sql) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          sb.append(i == 1 ? "" : "|").append(rs.getString(i));
        }
        out.add(sb.toString());
      }
    }
    return out;
  }

  private static PCollectionTuple write(
      Pipeline p, Path db, List<List<Record>> batches, List<String> key, SqliteIO.OnConflict c) {
    List<RecordBatch> in = new ArrayList<>();
    batches.forEach(b -> in.add(RecordBatch.of(b)));
    return p.apply(Create.of(in).withCoder(RecordBatchCoder.of()))
        .apply(
            SqliteIO.write()
                .withDatabase(db.toString())
                .withTable("t")
                .withKey(key)
                .withOnConflict(c));
  }

  private static String sha(Path f) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
  }

  @Test
  void valuesKeepStorageClassAndRowidsAreSetAndARerunWritesNoPage() throws Exception {
    Path db = table("CREATE TABLE t (a DATETIME, b TEXT, c BLOB, d REAL)");
    List<Record> rows = new ArrayList<>();
    rows.add(
        Record.of("a", 1700000000L, "b", "x", "c", new byte[] {0, 1, 2}, "d", 1.5, "rowid", 7L));
    rows.add(Record.of("a", "2025-01-01", "b", null, "c", new byte[0], "d", null, "rowid", 3L));
    rows.add(Record.of("a", 2.25, "b", "y", "c", "text in a blob column", "d", 4.0, "rowid", 42L));
    for (int round = 0; round < 2; round++) {
      Pipeline p = pipeline();
      PCollectionTuple w =
          write(p, db, List.of(rows), List.of("rowid"), SqliteIO.OnConflict.UPDATE);
      PAssert.that(w.get(SqliteIO.WRITTEN).apply(Sum.longsGlobally())).containsInAnyOrder(3L);
      PAssert.that(w.get(SqliteIO.CONFLICTS)).empty();
      String before = round == 0 ? null : sha(db);
      p.run().waitUntilFinish();
      if (before != null) {
        assertThat(sha(db)).as("an identical re-run writes nothing").isEqualTo(before);
      }
    }
    assertThat(
            rows(
                db,
                "SELECT rowid, typeof(a), a, typeof(b), typeof(c), hex(c), typeof(d), d FROM t ORDER BY rowid"))
        .containsExactly(
            "3|text|2025-01-01|null|blob||null|null",
            "7|integer|1700000000|text|blob|000102|real|1.5",
            "42|real|2.25|text|text|7465787420696E206120626C6F6220636F6C756D6E|real|4.0");
  }

  @Test
  void conflictPoliciesSkipReplaceAndFail() throws Exception {
    Path db = table("CREATE TABLE t (id TEXT PRIMARY KEY, v INTEGER)");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      s.execute("INSERT INTO t VALUES ('a', 1), ('b', 2)");
    }
    List<Record> in =
        List.of(
            Record.of("id", "a", "v", 1L),
            Record.of("id", "b", "v", 20L),
            Record.of("id", "c", "v", 3L));

    Pipeline p = pipeline();
    PCollectionTuple w = write(p, db, List.of(in), List.of("id"), SqliteIO.OnConflict.SKIP);
    PAssert.that(w.get(SqliteIO.WRITTEN)).containsInAnyOrder(2L);
    PAssert.that(w.get(SqliteIO.CONFLICTS))
        .containsInAnyOrder(Record.of("table", "t", "key", "id=b", "action", "skipped"));
    p.run().waitUntilFinish();
    assertThat(rows(db, "SELECT id, v FROM t ORDER BY id")).containsExactly("a|1", "b|2", "c|3");

    p = pipeline();
    w = write(p, db, List.of(in), List.of("id"), SqliteIO.OnConflict.REPLACE);
    PAssert.that(w.get(SqliteIO.CONFLICTS))
        .containsInAnyOrder(Record.of("table", "t", "key", "id=b", "action", "replaced"));
    p.run().waitUntilFinish();
    assertThat(rows(db, "SELECT id, v FROM t ORDER BY id")).containsExactly("a|1", "b|20", "c|3");

    Pipeline failing = pipeline();
    write(
        failing,
        db,
        List.of(List.of(Record.of("id", "d", "v", 4L), Record.of("id", "a", "v", 9L))),
        List.of("id"),
        SqliteIO.OnConflict.FAIL);
    assertThatThrownBy(() -> failing.run().waitUntilFinish())
        .hasRootCauseMessage(
            "table 't': 1 row(s) have the key of an existing row with other values (on_conflict:"
                + " fail): id=a");
    // the failed batch committed nothing
    assertThat(rows(db, "SELECT id, v FROM t ORDER BY id")).containsExactly("a|1", "b|20", "c|3");
  }

  @Test
  void parallelBatchesIntoOneFileTakeTurns() throws Exception {
    Path db = table("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
    List<List<Record>> batches = new ArrayList<>();
    for (int b = 0; b < 40; b++) {
      List<Record> batch = new ArrayList<>();
      for (int i = 0; i < 250; i++) {
        batch.add(Record.of("id", (long) b * 1000 + i, "v", "row " + b + "/" + i));
      }
      batches.add(batch);
    }
    Pipeline p = pipeline();
    PCollectionTuple w = write(p, db, batches, List.of("id"), SqliteIO.OnConflict.UPDATE);
    PAssert.that(w.get(SqliteIO.WRITTEN).apply(Sum.longsGlobally())).containsInAnyOrder(10_000L);
    p.run().waitUntilFinish();
    assertThat(rows(db, "SELECT count(*), count(DISTINCT v) FROM t"))
        .containsExactly("10000|10000");
  }

  @Test
  void settingsAreCheckedAndNamed() {
    assertThatThrownBy(() -> SqliteIO.write().withKey(List.of()))
        .hasMessage("withKey: must name at least one field");
    Pipeline p = pipeline();
    assertThatThrownBy(
            () ->
                p.apply(Create.empty(RecordBatchCoder.of()))
                    .apply(SqliteIO.write().withDatabase("x.db").withKey(List.of("id"))))
        .hasMessage("SqliteIO.write() needs withTable(name)");
  }
}
