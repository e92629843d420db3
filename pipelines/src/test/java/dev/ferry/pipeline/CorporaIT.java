package dev.ferry.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.record.Record;
import dev.ferry.record.RecordJson;
import dev.ferry.report.FlowReport;
import dev.ferry.report.RunReport;
import dev.ferry.spec.Spec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole SQLite databases made by others (../shared/testdata, read in place) copied into the real
 * PostgreSQL with {@code tables: "*"}: exact counts per table, checked values, the JPEG BLOB
 * byte-exact, and the bad inputs rejected or refused with messages that name what is wrong.
 */
class CorporaIT {
  @TempDir Path tmp;
  private TestDb db;

  @BeforeEach
  void setUp() throws Exception {
    db = new TestDb("corpora_it");
  }

  @AfterEach
  void tearDown() throws Exception {
    db.close();
  }

  private RunReport copyAll(String corpus) throws Exception {
    Spec spec = copySpec("copy-all.yaml", corpus);
    return Runs.run(spec, tmp.resolve("run"));
  }

  private Spec copySpec(String specFile, String corpus) throws Exception {
    Path spec = TestDb.repoRoot().resolve("pipelines/src/test/resources/it/" + specFile);
    return Runs.load(spec, Map.of("db", TestDb.testdata(corpus).toString(), "schema", db.schema));
  }

  private static Map<String, Long> written(RunReport r) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (FlowReport f : r.flows()) {
      assertThat(f.read()).as(f.name()).isEqualTo(f.written() + f.rejected());
      out.put(f.name().substring("copy.".length()), f.written());
    }
    return out;
  }

  @Test
  void chinookEveryTableExactly() throws Exception {
    RunReport r = copyAll("pgloader/test/sqlite/Chinook_Sqlite.sqlite");

    assertThat(r.reasons()).isEmpty();
    assertThat(written(r))
        .containsExactlyInAnyOrderEntriesOf(
            Map.ofEntries(
                Map.entry("Album", 347L),
                Map.entry("Artist", 275L),
                Map.entry("Customer", 59L),
                Map.entry("Employee", 8L),
                Map.entry("Genre", 25L),
                Map.entry("Invoice", 412L),
                Map.entry("InvoiceLine", 2240L),
                Map.entry("MediaType", 5L),
                Map.entry("Playlist", 18L),
                Map.entry("PlaylistTrack", 8715L),
                Map.entry("Track", 3503L)));
    String s = "\"" + db.schema + "\".";
    assertThat(
            db.rows(
                "SELECT \"TrackId\", \"Name\", \"AlbumId\", \"Composer\", \"Milliseconds\","
                    + " \"Bytes\", \"UnitPrice\" FROM "
                    + s
                    + "\"Track\" WHERE \"TrackId\" IN (1, 3503)"
                    + " ORDER BY 1"))
        .containsExactly(
            List.of(
                "1",
                "For Those About To Rock (We Salute You)",
                "1",
                "Angus Young, Malcolm Young, Brian Johnson",
                "343719",
                "11170334",
                "0.99"),
            java.util.Arrays.asList(
                "3503", "Koyaanisqatsi", "347", "Philip Glass", "206005", "3305164", "0.99"));
    assertThat(
            db.rows(
                "SELECT \"InvoiceId\", \"InvoiceDate\"::text, \"Total\"::text FROM "
                    + s
                    + "\"Invoice\" WHERE \"InvoiceId\" = 98"))
        .containsExactly(List.of("98", "2010-03-11 00:00:00", "3.98"));
    // types from the type mapping, primary keys from the source
    assertThat(
            db.rows(
                "SELECT column_name, data_type FROM information_schema.columns WHERE"
                    + " table_schema = '"
                    + db.schema
                    + "' AND table_name = 'Track' ORDER BY ordinal_position"))
        .containsExactly(
            List.of("TrackId", "bigint"),
            List.of("Name", "text"),
            List.of("AlbumId", "bigint"),
            List.of("MediaTypeId", "bigint"),
            List.of("GenreId", "bigint"),
            List.of("Composer", "text"),
            List.of("Milliseconds", "bigint"),
            List.of("Bytes", "bigint"),
            List.of("UnitPrice", "numeric"));
    assertThat(
            db.rows(
                "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid ="
                    + " i.indrelid AND a.attnum = ANY(i.indkey) WHERE i.indisprimary AND i.indrelid = '"
                    + s
                    + "\"PlaylistTrack\"'::regclass ORDER BY a.attname"))
        .containsExactly(List.of("PlaylistId"), List.of("TrackId"));
    // the source's 21 indexes (11 unique IPK_*, 10 IFK_* on foreign keys) plus 11 primary keys
    assertThat(db.count("SELECT count(*) FROM pg_indexes WHERE schemaname = '" + db.schema + "'"))
        .isEqualTo(32);
    assertThat(
            db.rows(
                "SELECT indexdef FROM pg_indexes WHERE schemaname = '"
                    + db.schema
                    + "' AND indexname = 'IFK_TrackAlbumId'"))
        .containsExactly(
            List.of(
                "CREATE INDEX \"IFK_TrackAlbumId\" ON "
                    + db.schema
                    + ".\"Track\" USING btree"
                    + " (\"AlbumId\")"));
  }

  @Test
  void typeOverridesPerColumn() throws Exception {
    RunReport r =
        Runs.run(
            copySpec("copy-all-typed.yaml", "pgloader/test/sqlite/Chinook_Sqlite.sqlite"),
            tmp.resolve("run"));

    assertThat(r.reasons()).isEmpty();
    assertThat(written(r)).containsExactly(Map.entry("Track", 3503L), Map.entry("Genre", 25L));
    assertThat(
            db.rows(
                "SELECT column_name, data_type, character_maximum_length FROM"
                    + " information_schema.columns WHERE table_schema = '"
                    + db.schema
                    + "' AND column_name"
                    + " IN ('Milliseconds', 'Composer') ORDER BY 1"))
        .containsExactly(
            List.of("Composer", "character varying", "220"),
            java.util.Arrays.asList("Milliseconds", "integer", null));
  }

  @Test
  void northwindWithASpaceInATableName() throws Exception {
    RunReport r = copyAll("northwind_jpwhite3/northwind.db");

    assertThat(r.reasons()).isEmpty();
    assertThat(written(r))
        .containsExactlyInAnyOrderEntriesOf(
            Map.ofEntries(
                Map.entry("Categories", 8L),
                Map.entry("CustomerCustomerDemo", 0L),
                Map.entry("CustomerDemographics", 0L),
                Map.entry("Customers", 93L),
                Map.entry("EmployeeTerritories", 49L),
                Map.entry("Employees", 9L),
                Map.entry("Order Details", 2155L),
                Map.entry("Orders", 830L),
                Map.entry("Products", 77L),
                Map.entry("Regions", 4L),
                Map.entry("Shippers", 3L),
                Map.entry("Suppliers", 29L),
                Map.entry("Territories", 53L)));
    assertThat(
            db.rows(
                "SELECT \"OrderID\", \"ProductID\", \"UnitPrice\"::text, \"Quantity\","
                    + " \"Discount\"::text FROM \""
                    + db.schema
                    + "\".\"Order Details\" WHERE \"OrderID\" ="
                    + " 10248 ORDER BY 2"))
        .containsExactly(
            List.of("10248", "11", "14", "12", "0"),
            List.of("10248", "42", "9.8", "10", "0"),
            List.of("10248", "72", "34.8", "5", "0"));
    // the category pictures (JPEG BLOBs) arrive byte-exact
    assertThat(
            sha256(
                db.bytes(
                    "SELECT \"Picture\" FROM \""
                        + db.schema
                        + "\".\"Categories\" WHERE \"CategoryID\" = 1")))
        .isEqualTo(
            sha256(
                sqliteBytes(
                    "northwind_jpwhite3/northwind.db",
                    "SELECT Picture FROM Categories WHERE CategoryID = 1")));
  }

  @Test
  void pgloaderOdditiesAndTheJpegByteExact() throws Exception {
    RunReport r = copyAll("pgloader/test/sqlite/sqlite.db");

    assertThat(r.flows()).hasSize(20);
    byte[] jpeg = db.bytes("SELECT data FROM \"" + db.schema + "\".blobs");
    assertThat(jpeg).hasSize(28972);
    assertThat(sha256(jpeg))
        .isEqualTo(sha256(sqliteBytes("pgloader/test/sqlite/sqlite.db", "SELECT data FROM blobs")));
    assertThat(HexFormat.of().formatHex(jpeg, 0, 4)).isEqualTo("ffd8ffe0");
    // reserved words as table names
    assertThat(db.count("SELECT count(*) FROM \"" + db.schema + "\".\"user\"")).isEqualTo(4);
    // DATETIME DEFAULT 0 is not carried into a timestamp column (it would not mean the same)
    assertThat(
            db.rows(
                "SELECT column_default FROM information_schema.columns WHERE table_schema ="
                    + " '"
                    + db.schema
                    + "' AND table_name = 'stamps' AND column_name = 'StartTime'"))
        .containsExactly(java.util.Collections.singletonList(null));
    // a column declared 'intege' holding int, text and real: the int lands, the others are
    // rejected with the value and the reason
    assertThat(db.rows("SELECT id FROM \"" + db.schema + "\".intege"))
        .containsExactly(List.of("1"));
    assertThat(rejects("copy.intege"))
        .extracting(x -> x.get("reason"))
        .containsExactly(
            "table 'intege', column 'id' (bigint): cannot cast text 'toto' to int: not an integer",
            "table 'intege', column 'id' (bigint): cannot cast float 12.3 to int: not a whole"
                + " number in range");
  }

  @Test
  void badUtf8RowIsRejectedByKeyAndTheOthersLoad() throws Exception {
    RunReport r = copyAll("pgloader/test/sqlite/bad-utf8.db");

    assertThat(r.verdict()).isEqualTo("PASS");
    assertThat(r.flow("copy.files").rejected()).isEqualTo(1);
    assertThat(db.rows("SELECT id FROM \"" + db.schema + "\".files ORDER BY id"))
        .containsExactly(List.of("1"), List.of("3"));
    Record reject = rejects("copy.files").get(0);
    assertThat(reject.get("key")).isEqualTo(Record.of("id", 2L));
    assertThat(reject.get("step")).isEqualTo("read sqlite");
    assertThat(reject.get("reason"))
        .isEqualTo("table 'files', column 'filename': invalid UTF-8 in 13 bytes: Input length = 1");
  }

  @Test
  void typeMismatchIsRejectedNamingTableColumnKeyAndValue() throws Exception {
    RunReport r = copyAll("pgloader/test/sqlite/type-mismatch.db");

    assertThat(r.flow("copy.products").written()).isEqualTo(2);
    Record reject = rejects("copy.products").get(0);
    assertThat(reject.get("key")).isEqualTo(Record.of("id", 2L));
    assertThat(reject.get("reason"))
        .isEqualTo(
            "table 'products', column 'qty' (bigint): cannot cast text 'lots-of-it' to int: not"
                + " an integer");
  }

  @Test
  void identifierCollisionIsRefusedBeforeAnythingIsWritten() throws Exception {
    Spec spec = copySpec("copy-all.yaml", "pgloader/test/sqlite/collision.db");

    assertThatThrownBy(() -> Runs.run(spec, tmp.resolve("run")))
        .isInstanceOf(PlanException.class)
        .hasMessage(
            "flow 'copy.products': table 'products': columns"
                + " 'col_very_long_name_that_exceeds_postgresql_identifier_limit_aaax' and"
                + " 'col_very_long_name_that_exceeds_postgresql_identifier_limit_aaay' both become"
                + " 'col_very_long_name_that_exceeds_postgresql_identifier_limit_aaa' because"
                + " PostgreSQL truncates identifiers to 63 bytes; rename one of them — nothing was"
                + " written");
    assertThat(
            db.count(
                "SELECT count(*) FROM information_schema.schemata WHERE schema_name = '"
                    + db.schema
                    + "'"))
        .isZero();
  }

  private List<Record> rejects(String flow) throws Exception {
    return Files.readAllLines(tmp.resolve("run/rejects/" + flow + ".jsonl"), StandardCharsets.UTF_8)
        .stream()
        .map(RecordJson::read)
        .toList();
  }

  private static byte[] sqliteBytes(String corpus, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + TestDb.testdata(corpus));
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getBytes(1);
    }
  }

  private static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }
}
