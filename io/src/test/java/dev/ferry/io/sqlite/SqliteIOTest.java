package dev.ferry.io.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.record.FlowTags;
import dev.ferry.record.Record;
import dev.ferry.record.Reject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteIOTest {
  @TempDir Path dir;

  private static Pipeline pipeline() {
    return Pipeline.create(PipelineOptionsFactory.fromArgs("--runner=DirectRunner").create());
  }

  private static SqliteIO.Read read(Path db, String flow) {
    return SqliteIO.read().withDatabase(db.toString()).withFlow(flow);
  }

  private static PCollection<Record> records(PCollectionTuple t, String name) {
    return Batches.explode(t.get(FlowTags.RECORDS), name);
  }

  @Test
  void chinookEveryTableExactly() throws Exception {
    Map<String, Integer> counts = new LinkedHashMap<>();
    counts.put("Album", 347);
    counts.put("Artist", 275);
    counts.put("Customer", 59);
    counts.put("Employee", 8);
    counts.put("Genre", 25);
    counts.put("Invoice", 412);
    counts.put("InvoiceLine", 2240);
    counts.put("MediaType", 5);
    counts.put("Playlist", 18);
    counts.put("PlaylistTrack", 8715);
    counts.put("Track", 3503);
    Path db = TestData.chinook();
    byte[] before = sha256(Files.readAllBytes(db));
    Pipeline p = pipeline();
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      String table = e.getKey();
      List<Record> expected = DirectRows.read(db, table);
      assertThat(expected).hasSize(e.getValue());
      PCollectionTuple t = p.apply("Read " + table, read(db, table).withTable(table));
      PAssert.that(t.get(FlowTags.RECORDS)).satisfies(Batches.holdExactly(expected));
      PAssert.that(t.get(FlowTags.REJECTS)).empty();
    }
    p.run().waitUntilFinish();
    assertThat(sha256(Files.readAllBytes(db))).isEqualTo(before);
  }

  @Test
  void chinookRowsKeepColumnOrderAndStorageClasses() {
    Path db = TestData.chinook();
    Pipeline p = pipeline();
    PCollectionTuple album =
        p.apply("Album", read(db, "a").withQuery("SELECT * FROM Album WHERE AlbumId = 1;"));
    PCollectionTuple track =
        p.apply("Track", read(db, "t").withQuery("SELECT * FROM \"Track\" WHERE TrackId = 1"));
    PCollectionTuple invoice =
        p.apply(
            "Invoice",
            read(db, "i").withQuery("SELECT InvoiceId, InvoiceDate, Total FROM Invoice LIMIT 1"));
    PAssert.that(records(album, "Explode album"))
        .containsInAnyOrder(
            Record.of(
                "AlbumId", 1L, "Title", "For Those About To Rock We Salute You", "ArtistId", 1L));
    PAssert.that(records(track, "Explode track"))
        .containsInAnyOrder(
            Record.of(
                "TrackId", 1L,
                "Name", "For Those About To Rock (We Salute You)",
                "AlbumId", 1L,
                "MediaTypeId", 1L,
                "GenreId", 1L,
                "Composer", "Angus Young, Malcolm Young, Brian Johnson",
                "Milliseconds", 343719L,
                "Bytes", 11170334L,
                "UnitPrice", 0.99)); // NUMERIC(10,2) stored as REAL stays a double
    PAssert.that(records(invoice, "Explode invoice"))
        .containsInAnyOrder(
            Record.of("InvoiceId", 1L, "InvoiceDate", "2009-01-01 00:00:00", "Total", 1.98));
    p.run().waitUntilFinish();
  }

  @Test
  void oneSplitAndSevenSplitsReadTheSameRecords() throws Exception {
    Path db = TestData.chinook();
    Pipeline p = pipeline();
    for (String table : List.of("Track", "PlaylistTrack", "InvoiceLine")) {
      List<Record> expected = DirectRows.read(db, table);
      for (int n : new int[] {1, 7}) {
        PCollectionTuple t =
            p.apply(
                table + " " + n, read(db, table).withTable(table).withSplits(n).withBatchSize(100));
        PAssert.that(t.get(FlowTags.RECORDS)).satisfies(Batches.holdExactly(expected));
      }
    }
    p.run().waitUntilFinish();
  }

  @Test
  void northwindOrderDetails() throws Exception {
    Path db = TestData.northwind();
    List<Record> expected = DirectRows.read(db, "Order Details");
    assertThat(expected).hasSize(2155);
    assertThat(expected.get(0).names())
        .containsExactly("OrderID", "ProductID", "UnitPrice", "Quantity", "Discount");
    Pipeline p = pipeline();
    PCollectionTuple t = p.apply(read(db, "od").withTable("Order Details").withSplits(3));
    PAssert.that(t.get(FlowTags.RECORDS)).satisfies(Batches.holdExactly(expected));
    PAssert.that(t.get(FlowTags.REJECTS)).empty();
    p.run().waitUntilFinish();
  }

  @Test
  void pgloaderJpegBlobArrivesByteExact() throws Exception {
    Path db = TestData.pgloaderSqlite();
    String expectedSha;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT hex(data), length(data) FROM blobs WHERE id = 1")) {
      rs.next();
      assertThat(rs.getLong(2)).isEqualTo(28972);
      expectedSha = HexFormat.of().formatHex(sha256(HexFormat.of().parseHex(rs.getString(1))));
    }
    // the same digest as `sqlite3 sqlite.db "select hex(data) from blobs" | xxd -r -p | sha256sum`
    assertThat(expectedSha)
        .isEqualTo("e724f102401eae604bcc418810e812c2d2fd52c2ddb91fd48f42e8189b8dfaa6");
    Pipeline p = pipeline();
    PCollectionTuple t = p.apply(read(db, "blobs").withTable("blobs"));
    PAssert.that(records(t, "Explode"))
        .satisfies(
            rows -> {
              List<Record> all = new ArrayList<>();
              rows.forEach(all::add);
              assertThat(all).hasSize(1);
              assertThat(all.get(0).names()).containsExactly("id", "data");
              assertThat(all.get(0).get("id")).isEqualTo(1L);
              byte[] data = (byte[]) all.get(0).get("data");
              assertThat(data).hasSize(28972);
              assertThat(HexFormat.of().formatHex(sha256(data))).isEqualTo(expectedSha);
              return null;
            });
    p.run().waitUntilFinish();
  }

  @Test
  void pgloaderMixedColumnsKeepEachCellsStorageClass() {
    Path db = TestData.pgloaderSqlite();
    Pipeline p = pipeline();
    PCollectionTuple intege = p.apply("intege", read(db, "i").withTable("intege"));
    PCollectionTuple stamps = p.apply("stamps", read(db, "s").withTable("stamps"));
    PCollectionTuple user = p.apply("user", read(db, "u").withTable("user"));
    PCollectionTuple refs = p.apply("references", read(db, "r").withTable("references"));
    PCollectionTuple autoinc = p.apply("autoinc", read(db, "a").withTable("autoinc"));
    PAssert.that(records(intege, "Explode intege"))
        .containsInAnyOrder(Record.of("id", 1L), Record.of("id", "toto"), Record.of("id", 12.3));
    PAssert.that(records(stamps, "Explode stamps"))
        .containsInAnyOrder(
            Record.of("StartTime", 0L, "EndTime", 0L),
            Record.of("StartTime", "2014-07-30 16:18:51", "EndTime", 2024L),
            Record.of("StartTime", null, "EndTime", null));
    PAssert.that(records(user, "Explode user"))
        .containsInAnyOrder(
            Record.of("id", 1L, "name", "dim"),
            Record.of("id", 2L, "name", "bob"),
            Record.of("id", 3L, "name", "kris"),
            Record.of("id", 4L, "name", "ken"));
    PAssert.that(records(refs, "Explode references")).empty();
    // integer auto_increment primary key is not a rowid alias: the ids really are NULL
    PAssert.that(records(autoinc, "Explode autoinc"))
        .containsInAnyOrder(
            Record.of("id", null, "ticket", "a"),
            Record.of("id", null, "ticket", "b"),
            Record.of("id", null, "ticket", "c"));
    p.run().waitUntilFinish();
  }

  @Test
  void badUtf8RowIsRejectedByKeyAndTheOthersLoad() {
    Path db = TestData.badUtf8();
    Pipeline p = pipeline();
    PCollectionTuple t = p.apply(read(db, "files").withTable("files"));
    PAssert.that(records(t, "Explode"))
        .containsInAnyOrder(
            Record.of("id", 1L, "filename", "valid-file.txt"),
            Record.of("id", 3L, "filename", "another-valid.txt"));
    byte[] bad = {'f', 'i', 'l', 'e', (byte) 0x96, 'n', 'a', 'm', 'e', '.', 't', 'x', 't'};
    PAssert.that(t.get(FlowTags.REJECTS))
        .containsInAnyOrder(
            Reject.of(
                "files",
                "read sqlite",
                "table 'files', column 'filename': invalid UTF-8 in 13 bytes: Input length = 1",
                Record.of("id", 2L),
                Record.of("id", 2L, "filename", bad)));
    p.run().waitUntilFinish();
  }

  @Test
  void invalidUtf8TextCellsAreRejectedAndRealReplacementCharactersKept() throws Exception {
    Path db = dir.resolve("text.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE notes(body TEXT, raw BLOB, n)");
      s.execute("INSERT INTO notes VALUES ('fine', x'96', 1)");
      s.execute("INSERT INTO notes VALUES ('keeps ' || char(65533), NULL, 2)");
      s.execute("INSERT INTO notes VALUES (CAST(x'61ff62' AS TEXT), x'ff', 3)");
      s.execute("INSERT INTO notes VALUES (CAST(x'eda080' AS TEXT), 'b64', CAST(x'c0' AS TEXT))");
    }
    Pipeline p = pipeline();
    PCollectionTuple t = p.apply(read(db, "notes").withTable("notes"));
    PAssert.that(records(t, "Explode"))
        .containsInAnyOrder(
            Record.of("body", "fine", "raw", new byte[] {(byte) 0x96}, "n", 1L),
            Record.of("body", "keeps \uFFFD", "raw", null, "n", 2L));
    PAssert.that(t.get(FlowTags.REJECTS))
        .containsInAnyOrder(
            Reject.of(
                "notes",
                "read sqlite",
                "table 'notes', column 'body': invalid UTF-8 in 3 bytes: Input length = 1",
                Record.of("rowid", 3L),
                Record.of(
                    "body",
                    new byte[] {'a', (byte) 0xff, 'b'},
                    "raw",
                    new byte[] {(byte) 0xff},
                    "n",
                    3L)),
            Reject.of(
                "notes",
                "read sqlite",
                "table 'notes', column 'body': invalid UTF-8 in 3 bytes: Input length = 3;"
                    + " column 'n': invalid UTF-8 in 1 bytes: Input length = 1",
                Record.of("rowid", 4L),
                Record.of(
                    "body", new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
                    "raw", "b64",
                    "n", new byte[] {(byte) 0xc0})));
    p.run().waitUntilFinish();
  }

  @Test
  void rowidOnlyWhenAskedAndKeyFieldsChosen() throws Exception {
    Path db = dir.resolve("rowid.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t(code TEXT, v TEXT)");
      s.execute(
          "INSERT INTO t(rowid, code, v) VALUES (10, 'a', 'x'), (20, 'b', CAST(x'ff' AS TEXT))");
    }
    Pipeline p = pipeline();
    PCollectionTuple plain =
        p.apply("plain", read(db, "t").withTable("t").withKeyFields(List.of("code")));
    PCollectionTuple withRowid = p.apply("rowid", read(db, "t").withTable("t").withRowid(true));
    PAssert.that(records(plain, "Explode plain"))
        .containsInAnyOrder(Record.of("code", "a", "v", "x"));
    PAssert.that(plain.get(FlowTags.REJECTS))
        .containsInAnyOrder(
            Reject.of(
                "t",
                "read sqlite",
                "table 't', column 'v': invalid UTF-8 in 1 bytes: Input length = 1",
                Record.of("code", "b"),
                Record.of("code", "b", "v", new byte[] {(byte) 0xff})));
    PAssert.that(records(withRowid, "Explode rowid"))
        .containsInAnyOrder(Record.of("code", "a", "v", "x", "rowid", 10L));
    PAssert.that(withRowid.get(FlowTags.REJECTS))
        .containsInAnyOrder(
            Reject.of(
                "t",
                "read sqlite",
                "table 't', column 'v': invalid UTF-8 in 1 bytes: Input length = 1",
                Record.of("rowid", 20L),
                Record.of("code", "b", "v", new byte[] {(byte) 0xff}, "rowid", 20L)));
    p.run().waitUntilFinish();
  }

  @Test
  void withoutRowidTableWithMixedKeysIsReadExactlyOnceWhateverTheSplits() throws Exception {
    Path db = dir.resolve("wr.db");
    List<Record> expected = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE \"select\"(k INTEGER PRIMARY KEY, v) WITHOUT ROWID");
      for (int i = -50; i <= 50; i += 5) {
        s.execute("INSERT INTO \"select\" VALUES (" + i + ", " + i + ")");
        expected.add(Record.of("k", (long) i, "v", (long) i));
      }
      s.execute("INSERT INTO \"select\" VALUES (2.5, 'real'), ('text', 't'), (x'00', 'blob')");
      s.execute("INSERT INTO \"select\" VALUES (" + Long.MAX_VALUE + ", 'max')");
    }
    expected.add(Record.of("k", 2.5, "v", "real"));
    expected.add(Record.of("k", "text", "v", "t"));
    expected.add(Record.of("k", new byte[] {0}, "v", "blob"));
    expected.add(Record.of("k", Long.MAX_VALUE, "v", "max"));
    Pipeline p = pipeline();
    for (int n : new int[] {1, 2, 7, 64}) {
      PCollectionTuple t = p.apply("splits " + n, read(db, "w").withTable("select").withSplits(n));
      PAssert.that(records(t, "Explode " + n)).satisfies(Batches.sameMultiset(expected));
    }
    p.run().waitUntilFinish();
  }

  @Test
  void querySplitByAColumnIncludesNullKeys() throws Exception {
    Path db = TestData.chinook();
    String query = "SELECT TrackId, Composer, GenreId FROM Track WHERE TrackId <= 300";
    List<Record> expected = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(query.replace("GenreId", "NULLIF(GenreId, 1)"))) {
      while (rs.next()) {
        expected.add(
            Record.of(
                "TrackId", rs.getLong(1),
                "Composer", rs.getString(2),
                "g", rs.getObject(3) == null ? null : rs.getLong(3)));
      }
    }
    assertThat(expected).hasSize(300);
    assertThat(expected).anyMatch(r -> r.get("g") == null);
    Pipeline p = pipeline();
    PCollectionTuple t =
        p.apply(
            read(db, "q")
                .withQuery(query.replace("GenreId", "NULLIF(GenreId, 1) AS g"))
                .withSplitColumn("g")
                .withSplits(5));
    PAssert.that(records(t, "Explode")).satisfies(Batches.sameMultiset(expected));
    p.run().waitUntilFinish();
  }

  @Test
  void missingSettingsAreNamed() {
    Pipeline p = pipeline();
    assertThatThrownBy(() -> p.apply(SqliteIO.read().withTable("t").withFlow("f")))
        .hasMessage("SqliteIO.read() needs withDatabase(path): the SQLite database file");
    assertThatThrownBy(() -> p.apply(SqliteIO.read().withDatabase("x.db").withFlow("f")))
        .hasMessage("SqliteIO.read() needs withTable(name) or withQuery(sql): what to read");
    assertThatThrownBy(() -> p.apply(SqliteIO.read().withDatabase("x.db").withTable("t")))
        .hasMessage("SqliteIO.read() needs withFlow(name): the flow named in rejects");
    assertThatThrownBy(
            () ->
                p.apply(
                    SqliteIO.read()
                        .withDatabase("x.db")
                        .withTable("t")
                        .withQuery("SELECT 1")
                        .withFlow("f")))
        .hasMessage("SqliteIO.read() takes withTable(name) or withQuery(sql), not both");
    assertThatThrownBy(() -> SqliteIO.read().withSplits(0))
        .hasMessage("withSplits: must be at least 1, was 0");
    assertThatThrownBy(() -> SqliteIO.read().withTable(" "))
        .hasMessage("withTable: must not be null or blank");
  }

  @Test
  void unknownKeyFieldIsRefusedWhileThePipelineIsBuiltNamingIt() {
    // The ranges are planned when the read is applied: nothing has run yet.
    Pipeline p = pipeline();
    assertThatThrownBy(
            () ->
                p.apply(
                    read(TestData.chinook(), "a")
                        .withTable("Album")
                        .withKeyFields(List.of("Nope"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("key field 'Nope' is not a column of table 'Album' [AlbumId, Title, ArtistId]");
  }

  private static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
