package dev.ferry.io.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ferry.io.schema.ColumnDef;
import dev.ferry.io.schema.TableDef;
import dev.ferry.record.FlowTags;
import dev.ferry.record.Json;
import dev.ferry.record.Record;
import dev.ferry.record.RecordBatch;
import dev.ferry.record.RecordBatchCoder;
import dev.ferry.record.RecordCoder;
import dev.ferry.record.Reject;
import dev.ferry.record.RejectCoder;
import dev.ferry.steps.StepRejection;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTagList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PostgresIOIT {
  private static final String SCHEMA = "ferry_it_io";
  private static PgTestDb db;

  @BeforeAll
  static void start() throws SQLException {
    db = PgTestDb.withSchema(SCHEMA);
  }

  @AfterAll
  static void stop() throws SQLException {
    db.close();
  }

  private static ColumnDef col(String name, String type) {
    return new ColumnDef(name, type, true, null);
  }

  static TableDef allTypes(String name) {
    return new TableDef(
        name,
        List.of(
            new ColumnDef("id", "bigint", false, null),
            col("b", "boolean"),
            col("i2", "smallint"),
            col("i4", "integer"),
            col("i8", "bigint"),
            col("f4", "real"),
            col("f8", "double precision"),
            col("n", "numeric"),
            col("n2", "numeric(12,4)"),
            col("t", "text"),
            col("vc", "varchar(20)"),
            col("ch", "char(3)"),
            col("by", "bytea"),
            col("j", "json"),
            col("jb", "jsonb"),
            col("ts", "timestamp"),
            col("tstz", "timestamptz"),
            col("d", "date"),
            col("u", "uuid"),
            col("v", "vector(4)")),
        List.of("id"),
        List.of());
  }

  static final byte[] BLOB = blob();

  private static byte[] blob() {
    byte[] b = new byte[28_972];
    new Random(42).nextBytes(b);
    return b;
  }

  static final String TEXT = "tab\there\nnew \\ back\r ünï 😀 \"q\" ,;";
  static final float[] VECTOR = {0.1f, -1e-7f, Float.MAX_VALUE, Float.MIN_NORMAL};

  /** Source-like values (text, numbers), as a SQLite or JSON source would give them. */
  static List<Record> rawRows() {
    return List.of(
        Record.of(
            "id", 1L,
            "b", "true",
            "i2", -32768L,
            "i4", "2147483647",
            "i8", Long.MIN_VALUE,
            "f4", 0.1,
            "f8", Math.PI,
            "n", "12345678901234567890.123456",
            "n2", "-0.00005",
            "t", TEXT,
            "vc", "varchar",
            "ch", "ab",
            "by", BLOB,
            "j", "{\"b\": 1,  \"a\": [1, 2]}",
            "jb", "{\"b\": 1,  \"a\": [1, 2]}",
            "ts", "2024-05-01 08:00:00.123456",
            "tstz", "2024-05-01T10:00:00.654321+02:00",
            "d", "2024-02-29",
            "u", "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11",
            "v", List.of(0.1, -1e-7, (double) Float.MAX_VALUE, (double) Float.MIN_NORMAL)),
        Record.of("id", 2L),
        Record.of(
            "id", 3L,
            "b", false,
            "f4", -0.0,
            "f8", Double.NaN,
            "n", "0",
            "n2", 0L,
            "t", "",
            "by", new byte[0],
            "j", "null",
            "jb", "[]",
            "ts", "1969-12-31 23:59:59.999999",
            "tstz", "1900-01-01T00:00:00Z",
            "d", "0001-01-01",
            "v", "[0, 0, 0, 0]"));
  }

  /** What reading the table back gives: exact values, JSONB as PostgreSQL normalizes it. */
  static List<Record> expectedRows() {
    Record nulls = new Record().put("id", 2L);
    for (String c : allTypes("x").columnNames().subList(1, 20)) {
      nulls.put(c, null);
    }
    return List.of(
        Record.of(
            "id",
            1L,
            "b",
            true,
            "i2",
            -32768L,
            "i4",
            2147483647L,
            "i8",
            Long.MIN_VALUE,
            "f4",
            (double) 0.1f,
            "f8",
            Math.PI,
            "n",
            new BigDecimal("12345678901234567890.123456"),
            "n2",
            new BigDecimal("-0.0001"),
            "t",
            TEXT,
            "vc",
            "varchar",
            "ch",
            "ab ",
            "by",
            BLOB,
            "j",
            Json.of("{\"b\": 1,  \"a\": [1, 2]}"), // json keeps the text as written
            "jb",
            Json.of("{\"a\": [1, 2], \"b\": 1}"),
            "ts",
            Instant.parse("2024-05-01T08:00:00.123456Z"),
            "tstz",
            Instant.parse("2024-05-01T08:00:00.654321Z"),
            "d",
            LocalDate.of(2024, 2, 29),
            "u",
            "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
            "v",
            VECTOR),
        nulls,
        Record.of(
            "id",
            3L,
            "b",
            false,
            "i2",
            null,
            "i4",
            null,
            "i8",
            null,
            "f4",
            -0.0,
            "f8",
            Double.NaN,
            "n",
            new BigDecimal("0"),
            "n2",
            new BigDecimal("0.0000"),
            "t",
            "",
            "vc",
            null,
            "ch",
            null,
            "by",
            new byte[0],
            "j",
            Json.of("null"),
            "jb",
            Json.of("[]"),
            "ts",
            Instant.parse("1969-12-31T23:59:59.999999Z"),
            "tstz",
            Instant.parse("1900-01-01T00:00:00Z"),
            "d",
            LocalDate.of(1, 1, 1),
            "u",
            null,
            "v",
            new float[] {0, 0, 0, 0}));
  }

  static List<Record> conformed(TableDef t, List<Record> raw) throws StepRejection {
    PgConform c = PgConform.forTable(t);
    List<Record> out = new ArrayList<>();
    for (Record r : raw) {
      out.add(c.apply(r.copy()));
    }
    return out;
  }

  private static PipelineResult write(TableDef t, List<String> key, List<Record> rows) {
    Pipeline p = TestFns.pipeline();
    PCollection<Long> out =
        p.apply(
                Create.of(List.of(RecordBatch.of(new ArrayList<>(rows))))
                    .withCoder(RecordBatchCoder.of()))
            .apply(PostgresIO.write().withConnection(db.pg).withTable(t).withKey(key));
    PAssert.that(out).containsInAnyOrder((long) rows.size());
    PipelineResult r = p.run();
    r.waitUntilFinish();
    return r;
  }

  private static long counter(PipelineResult r, String name) {
    Iterable<MetricResult<Long>> it =
        r.metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.named(PostgresIO.class, name))
                    .build())
            .getCounters();
    long sum = 0;
    for (MetricResult<Long> m : it) {
      sum += m.getAttempted();
    }
    return sum;
  }

  @Test
  void writesEveryTypeAndReadsBackExactValues() throws Exception {
    TableDef t = allTypes("all_types");
    PgDdl.createTable(db.conn, SCHEMA, t);
    write(t, List.of("id"), conformed(t, rawRows()));

    assertThat(
            db.text(
                "SELECT id, f4, n, n2, ch, j, jb, ts, tstz, d, u, v FROM "
                    + SCHEMA
                    + ".all_types ORDER BY id"))
        .containsExactly(
            "1|0.1|12345678901234567890.123456|-0.0001|ab |{\"b\": 1,  \"a\": [1, 2]}|{\"a\": [1, 2],"
                + " \"b\": 1}|2024-05-01 08:00:00.123456|2024-05-01 08:00:00.654321+00|2024-02-29"
                + "|a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11|[0.1,-1e-07,3.4028235e+38,1.1754944e-38]",
            "2|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL",
            "3|-0|0|0.0000|NULL|null|[]|1969-12-31 23:59:59.999999|1900-01-01 00:00:00+00"
                + "|0001-01-01|NULL|[0,0,0,0]");
    List<List<Object>> blob = db.rows("SELECT \"by\" FROM " + SCHEMA + ".all_types WHERE id = 1");
    assertThat((byte[]) blob.get(0).get(0)).hasSize(28_972).isEqualTo(BLOB);

    Pipeline p = TestFns.pipeline();
    PCollection<Record> back =
        p.apply(PostgresIO.read().withConnection(db.pg).withTable("all_types"))
            .apply(ParDo.of(new TestFns.ExplodeFn()))
            .setCoder(RecordCoder.of());
    PAssert.that(back).containsInAnyOrder(expectedRows());
    p.run().waitUntilFinish();
  }

  @Test
  void textCopyWritesTheSameTableAsBinaryCopy() throws Exception {
    TableDef bin = allTypes("parity_binary");
    TableDef txt = allTypes("parity_text");
    PgDdl.createTable(db.conn, SCHEMA, bin);
    PgDdl.createTable(db.conn, SCHEMA, txt);
    // binary through staging + merge; text straight into the table
    try (PgTableWriter b = PgTableWriter.open(db.pg, bin, List.of("id"), false, false);
        PgTableWriter x = PgTableWriter.open(db.pg, txt, List.of("id"), true, true)) {
      assertThat(b.format()).isEqualTo("binary");
      assertThat(x.format()).isEqualTo("text");
      assertThat(b.write(conformed(bin, rawRows()))).isEqualTo(3);
      assertThat(x.write(conformed(txt, rawRows()))).isEqualTo(3);
    }
    List<String> a = db.text("SELECT * FROM " + SCHEMA + ".parity_binary ORDER BY id");
    assertThat(a).hasSize(3);
    assertThat(db.text("SELECT * FROM " + SCHEMA + ".parity_text ORDER BY id"))
        .containsExactlyElementsOf(a);
  }

  @Test
  void rerunningTheSameWriteLeavesTheTableIdentical() throws Exception {
    TableDef t = allTypes("rerun");
    PgDdl.createTable(db.conn, SCHEMA, t);
    List<Record> rows = conformed(t, rawRows());
    PipelineResult first = write(t, List.of("id"), rows);
    assertThat(counter(first, "rows_changed_rerun")).isEqualTo(3);
    String sql = "SELECT *, xmin::text FROM " + SCHEMA + ".rerun ORDER BY id";
    List<String> before = db.text(sql);

    PipelineResult second = write(t, List.of("id"), rows);
    assertThat(db.text(sql)).containsExactlyElementsOf(before);
    assertThat(db.rows("SELECT count(*) FROM " + SCHEMA + ".rerun")).containsExactly(List.of(3L));
    assertThat(counter(second, "records_written_rerun")).isEqualTo(3);
    assertThat(counter(second, "rows_changed_rerun")).isEqualTo(0);
  }

  @Test
  void upsertChangesOnlyChangedRows() throws Exception {
    TableDef t = allTypes("upsert");
    PgDdl.createTable(db.conn, SCHEMA, t);
    write(t, List.of("id"), conformed(t, rawRows()));
    List<List<Object>> xminBefore =
        db.rows("SELECT id, xmin::text FROM " + SCHEMA + ".upsert ORDER BY id");

    List<Record> next = new ArrayList<>(rawRows());
    next.set(0, rawRows().get(0).copy().put("t", "changed"));
    next.add(Record.of("id", 4L, "t", "new"));
    next.add(Record.of("id", 4L, "t", "newer")); // same key twice in a batch: the last one wins
    PipelineResult r = write(t, List.of("id"), conformed(t, next));
    assertThat(counter(r, "rows_changed_upsert")).isEqualTo(2);

    List<List<Object>> xminAfter =
        db.rows("SELECT id, xmin::text FROM " + SCHEMA + ".upsert ORDER BY id");
    assertThat(xminAfter).hasSize(4);
    assertThat(xminAfter.get(0)).isNotEqualTo(xminBefore.get(0));
    assertThat(xminAfter.subList(1, 3)).isEqualTo(xminBefore.subList(1, 3));
    assertThat(db.text("SELECT id, t FROM " + SCHEMA + ".upsert ORDER BY id"))
        .containsExactly("1|changed", "2|NULL", "3|", "4|newer");
  }

  @Test
  void keyedWriterCopiesStraightInUntilAKeyRepeatsThenMerges() throws Exception {
    TableDef t =
        new TableDef(
            "optimistic",
            List.of(new ColumnDef("id", "bigint", false, null), col("v", "text")),
            List.of("id"),
            List.of());
    PgDdl.createTable(db.conn, SCHEMA, t);
    try (PgTableWriter w = PgTableWriter.open(db.pg, t, List.of("id"))) {
      assertThat(w.direct()).isTrue();
      w.write(conformed(t, List.of(Record.of("id", 1L, "v", "a"), Record.of("id", 2L, "v", "b"))));
      assertThat(w.direct()).isTrue();
      assertThat(w.changedRows()).isEqualTo(2);
      w.write(conformed(t, List.of(Record.of("id", 2L, "v", "b"), Record.of("id", 3L, "v", "c"))));
      assertThat(w.direct()).isFalse();
      assertThat(w.changedRows()).isEqualTo(3);
      w.write(conformed(t, List.of(Record.of("id", 4L, "v", "d"))));
      assertThat(w.changedRows()).isEqualTo(4);
    }
    assertThat(db.text("SELECT * FROM " + SCHEMA + ".optimistic ORDER BY id"))
        .containsExactly("1|a", "2|b", "3|c", "4|d");
  }

  @Test
  void addHoldsAscendingBatchesBackAndSendsThemAsOneCopy() throws Exception {
    TableDef t = keyedText("held");
    try (PgTableWriter w = PgTableWriter.open(db.pg, t, List.of("id"))) {
      assertThat(w.add(conformed(t, List.of(Record.of("id", 1L, "v", "a"))))).isZero();
      assertThat(w.add(conformed(t, List.of(Record.of("id", 2L, "v", "b"))))).isZero();
      assertThat(db.text("SELECT count(*) FROM " + SCHEMA + ".held")).containsExactly("0");
      assertThat(w.flush()).isEqualTo(2);
      assertThat(w.flush()).isZero();
      assertThat(db.text("SELECT * FROM " + SCHEMA + ".held ORDER BY id"))
          .containsExactly("1|a", "2|b");
      // One COPY, one transaction.
      assertThat(db.text("SELECT count(DISTINCT xmin::text) FROM " + SCHEMA + ".held"))
          .containsExactly("1");
    }
  }

  @Test
  void addSendsOnceTheHeldRowsReachALimitThatDoubles() throws Exception {
    TableDef t = keyedText("held_limit");
    // Rows of a quarter of the first limit: the first COPY takes 4 of them, the next 8 (the limit
    // doubled), and so on up to HELD_BYTES.
    String big = "x".repeat(PgTableWriter.FIRST_HELD_BYTES / 4);
    List<Long> sent = new ArrayList<>();
    try (PgTableWriter w = PgTableWriter.open(db.pg, t, List.of("id"))) {
      for (long id = 1; id <= 13; id++) {
        sent.add(w.add(conformed(t, List.of(Record.of("id", id, "v", big)))));
      }
      assertThat(db.text("SELECT count(*) FROM " + SCHEMA + ".held_limit")).containsExactly("12");
      assertThat(w.flush()).isEqualTo(1);
    }
    assertThat(sent).containsExactly(0L, 0L, 0L, 4L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 8L, 0L);
    assertThat(
            db.text(
                "SELECT count(*), min(length(v)), max(length(v)) FROM " + SCHEMA + ".held_limit"))
        .containsExactly("13|" + big.length() + "|" + big.length());
  }

  @Test
  void addWritesABatchThatCouldRepeatAHeldKeyOnItsOwn() throws Exception {
    TableDef t = keyedText("held_repeat");
    try (PgTableWriter w = PgTableWriter.open(db.pg, t, List.of("id"))) {
      assertThat(
              w.add(
                  conformed(
                      t, List.of(Record.of("id", 1L, "v", "a"), Record.of("id", 2L, "v", "b")))))
          .isZero();
      // 2 again: the held rows go first, then this batch, merged by key.
      assertThat(
              w.add(
                  conformed(
                      t, List.of(Record.of("id", 2L, "v", "B"), Record.of("id", 3L, "v", "c")))))
          .isEqualTo(4);
      // From then on every batch is written as it comes.
      assertThat(w.add(conformed(t, List.of(Record.of("id", 4L, "v", "d"))))).isEqualTo(1);
      assertThat(w.flush()).isZero();
    }
    assertThat(db.text("SELECT * FROM " + SCHEMA + ".held_repeat ORDER BY id"))
        .containsExactly("1|a", "2|B", "3|c", "4|d");
  }

  @Test
  void heldRowsMeetingExistingKeysAreMergedThroughStaging() throws Exception {
    TableDef t = keyedText("held_merge");
    db.exec("INSERT INTO " + SCHEMA + ".held_merge VALUES (2, 'old')");
    try (PgTableWriter w = PgTableWriter.open(db.pg, t, List.of("id"))) {
      w.add(conformed(t, List.of(Record.of("id", 1L, "v", "a"))));
      w.add(conformed(t, List.of(Record.of("id", 2L, "v", "new"), Record.of("id", 3L, "v", "c"))));
      assertThat(w.flush()).isEqualTo(3);
      assertThat(w.direct()).isFalse();
      assertThat(w.changedRows()).isEqualTo(3);
    }
    assertThat(db.text("SELECT * FROM " + SCHEMA + ".held_merge ORDER BY id"))
        .containsExactly("1|a", "2|new", "3|c");
  }

  private static TableDef keyedText(String name) throws SQLException {
    TableDef t =
        new TableDef(
            name,
            List.of(new ColumnDef("id", "bigint", false, null), col("v", "text")),
            List.of("id"),
            List.of());
    PgDdl.createTable(db.conn, SCHEMA, t);
    return t;
  }

  @Test
  void keyedWriterNeedsAUniqueIndexOnTheKey() throws Exception {
    db.exec(
        "CREATE TABLE "
            + SCHEMA
            + ".loose (id bigint, v text, UNIQUE (v, id)); CREATE UNIQUE INDEX ON "
            + SCHEMA
            + ".loose (id) WHERE v IS NOT NULL");
    TableDef t = PgDdl.describe(db.conn, SCHEMA, "loose").orElseThrow();
    assertThatThrownBy(() -> PgTableWriter.open(db.pg, t, List.of("id")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "table \"ferry_it_io\".\"loose\" has no primary key or unique index on exactly [id];"
                + " an idempotent upsert needs one (or write with an empty key to append)");
    try (PgTableWriter w = PgTableWriter.open(db.pg, t, List.of("id", "v"))) {
      w.write(conformed(t, List.of(Record.of("id", 1L, "v", "a"))));
      w.write(conformed(t, List.of(Record.of("id", 1L, "v", "a"))));
    }
    assertThat(db.text("SELECT * FROM " + SCHEMA + ".loose")).containsExactly("1|a");
  }

  @Test
  void appendsWithoutAKey() throws Exception {
    TableDef t =
        new TableDef(
            "events", List.of(col("at", "timestamptz"), col("what", "text")), List.of(), List.of());
    PgDdl.createTable(db.conn, SCHEMA, t);
    List<Record> rows =
        conformed(t, List.of(Record.of("at", "2024-01-01T00:00:00Z", "what", "start")));
    write(t, List.of(), rows);
    write(t, List.of(), rows);
    assertThat(db.text("SELECT at, what FROM " + SCHEMA + ".events"))
        .containsExactly("2024-01-01 00:00:00+00|start", "2024-01-01 00:00:00+00|start");
  }

  @Test
  void typesWithoutBinaryEncoderTravelAsText() throws Exception {
    TableDef t =
        new TableDef(
            "misc",
            List.of(
                new ColumnDef("id", "bigint", false, null),
                col("span", "interval"),
                col("tags", "text[]"),
                col("nums", "integer[]"),
                col("at", "time"),
                col("ip", "inet"),
                col("note", "text")),
            List.of("id"),
            List.of());
    PgDdl.createTable(db.conn, SCHEMA, t);
    List<Record> raw =
        List.of(
            Record.of(
                "id", 1L,
                "span", "1 day 2 hours",
                "tags", Arrays.asList("a", "b \"q\" \\ c", null, "{x,y}"),
                "nums", List.of(1L, "2", -3L),
                "at", "12:34:56",
                "ip", "10.0.0.1",
                "note", "tab\there"),
            Record.of(
                "id", 2L, "tags", List.of(), "nums", List.of(List.of(1L, 2L), List.of(3L, 4L))));
    try (PgTableWriter w = PgTableWriter.open(db.pg, t, List.of("id"))) {
      assertThat(w.format()).isEqualTo("text");
    }
    write(t, List.of("id"), conformed(t, raw));
    write(t, List.of("id"), conformed(t, raw));
    assertThat(db.text("SELECT * FROM " + SCHEMA + ".misc ORDER BY id"))
        .containsExactly(
            "1|1 day 02:00:00|{a,\"b \\\"q\\\" \\\\ c\",NULL,\"{x,y}\"}|{1,2,-3}|12:34:56|10.0.0.1"
                + "|tab\there",
            "2|NULL|{}|{{1,2},{3,4}}|NULL|NULL|NULL");

    Pipeline p = TestFns.pipeline();
    PCollection<Record> back =
        p.apply(
                PostgresIO.read()
                    .withConnection(db.pg)
                    .withQuery("SELECT id, span, tags, nums, at, ip FROM " + SCHEMA + ".misc"))
            .apply(ParDo.of(new TestFns.ExplodeFn()))
            .setCoder(RecordCoder.of());
    PAssert.that(back)
        .containsInAnyOrder(
            Record.of(
                "id",
                1L,
                "span",
                "1 day 02:00:00",
                "tags",
                Arrays.asList("a", "b \"q\" \\ c", null, "{x,y}"),
                "nums",
                List.of(1L, 2L, -3L),
                "at",
                "12:34:56",
                "ip",
                "10.0.0.1"),
            Record.of(
                "id",
                2L,
                "span",
                null,
                "tags",
                List.of(),
                "nums",
                List.of(List.of(1L, 2L), List.of(3L, 4L)),
                "at",
                null,
                "ip",
                null));
    p.run().waitUntilFinish();
  }

  @Test
  void rejectsTheSqliteTypeMismatchAndNullRowsWithExactReasons() throws Exception {
    TableDef sqlite =
        new TableDef(
            "products",
            List.of(
                new ColumnDef("id", "INTEGER", true, null),
                new ColumnDef("name", "TEXT", false, null),
                new ColumnDef("qty", "INTEGER", false, null)),
            List.of("id"),
            List.of());
    TableDef pg = PgTypeMapping.toPostgres(sqlite, Map.of());
    PgDdl.createTable(db.conn, SCHEMA, pg);
    Record banana = Record.of("id", 2L, "name", "banana", "qty", "lots-of-it");
    Record nameless = Record.of("id", 4L, "name", null, "qty", 7L);
    Record extra = Record.of("id", 5L, "name", "fig", "qty", 1L, "colour", "purple");
    List<Record> raw =
        List.of(
            Record.of("id", 1L, "name", "apple", "qty", 10L),
            banana,
            Record.of("id", 3L, "name", "cherry", "qty", 5L),
            nameless,
            extra);

    Pipeline p = TestFns.pipeline();
    PCollectionTuple conformed =
        p.apply(
                Create.of(List.of(RecordBatch.of(new ArrayList<>(raw))))
                    .withCoder(RecordBatchCoder.of()))
            .apply(
                ParDo.of(new TestFns.ApplyStepFn("products", PgConform.forTable(pg), List.of("id")))
                    .withOutputTags(FlowTags.RECORDS, TupleTagList.of(FlowTags.REJECTS)));
    PCollection<Reject> rejects = conformed.get(FlowTags.REJECTS).setCoder(RejectCoder.of());
    PCollection<Long> written =
        conformed
            .get(FlowTags.RECORDS)
            .setCoder(RecordBatchCoder.of())
            .apply(PostgresIO.write().withConnection(db.pg).withTable(pg));
    PAssert.that(rejects)
        .containsInAnyOrder(
            Reject.of(
                "products",
                "conform to products",
                "table 'products', column 'qty' (bigint): cannot cast text 'lots-of-it' to int:"
                    + " not an integer",
                Record.of("id", 2L),
                banana),
            Reject.of(
                "products",
                "conform to products",
                "table 'products', column 'name' is NOT NULL but the value is null",
                Record.of("id", 4L),
                nameless),
            Reject.of(
                "products",
                "conform to products",
                "table 'products' has no column 'colour'",
                Record.of("id", 5L),
                extra));
    PAssert.that(written).containsInAnyOrder(2L);
    p.run().waitUntilFinish();
    assertThat(db.text("SELECT * FROM " + SCHEMA + ".products ORDER BY id"))
        .containsExactly("1|apple|10", "3|cherry|5");
  }

  @Test
  void dataErrorsFailLoudlyWithTableAndServerMessage() throws Exception {
    db.exec(
        "CREATE TABLE " + SCHEMA + ".checked (id bigint PRIMARY KEY, qty bigint CHECK (qty > 0))");
    TableDef t = PgDdl.describe(db.conn, SCHEMA, "checked").orElseThrow();
    List<Record> rows = conformed(t, List.of(Record.of("id", 1L, "qty", -1L)));
    Pipeline p = TestFns.pipeline();
    p.apply(Create.of(List.of(RecordBatch.of(rows))).withCoder(RecordBatchCoder.of()))
        .apply(PostgresIO.write().withConnection(db.pg).withTable(t));
    Throwable thrown = catchThrowable(() -> p.run().waitUntilFinish());
    PgWriteException e = null;
    for (Throwable c = thrown; c != null; c = c.getCause()) {
      if (c instanceof PgWriteException) {
        e = (PgWriteException) c;
      }
    }
    assertThat(e).as("cause chain of %s", thrown).isNotNull();
    assertThat(e.sqlState()).isEqualTo("23514");
    assertThat(e.getMessage())
        .startsWith(
            "writing 1 records to \"ferry_it_io\".\"checked\" failed: ERROR: new row for relation"
                + " \"checked\" violates check constraint \"checked_qty_check\"")
        .contains("Detail: Failing row contains (1, -1).")
        .endsWith("(SQLState 23514)");
    assertThat(db.rows("SELECT count(*) FROM " + SCHEMA + ".checked")).containsExactly(List.of(0L));

    // the same writer goes on after a data error, and the failed batch left nothing in staging
    try (PgTableWriter w = PgTableWriter.open(db.pg, t, List.of("id"))) {
      assertThatThrownBy(() -> w.write(rows)).isInstanceOf(PgWriteException.class);
      w.write(conformed(t, List.of(Record.of("id", 2L, "qty", 5L))));
    }
    assertThat(db.text("SELECT * FROM " + SCHEMA + ".checked")).containsExactly("2|5");
  }

  @Test
  void reconnectsAfterALostConnection() throws Exception {
    TableDef t =
        new TableDef(
            "resilient",
            List.of(new ColumnDef("id", "bigint", false, null), col("v", "text")),
            List.of("id"),
            List.of());
    PgDdl.createTable(db.conn, SCHEMA, t);
    try (PgTableWriter w = PgTableWriter.open(db.pg, t, List.of("id"))) {
      w.write(conformed(t, List.of(Record.of("id", 1L, "v", "a"))));
      int pid = w.backendPid();
      assertThat(db.rows("SELECT pg_terminate_backend(" + pid + ")"))
          .containsExactly(List.of(true));
      w.write(conformed(t, List.of(Record.of("id", 2L, "v", "b"), Record.of("id", 1L, "v", "c"))));
      assertThat(w.backendPid()).isNotEqualTo(pid);
    }
    assertThat(db.text("SELECT * FROM " + SCHEMA + ".resilient ORDER BY id"))
        .containsExactly("1|c", "2|b");
  }

  @Test
  void refusesBadSettingsBeforeWriting() {
    assertThatThrownBy(() -> PostgresIO.write().withTable(PgIdentifiersTest.collisionProducts()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "table 'products': columns '"
                + PgIdentifiersTest.COL_A
                + "' and '"
                + PgIdentifiersTest.COL_B
                + "' both become '"
                + PgIdentifiersTest.PREFIX
                + "' because PostgreSQL truncates identifiers to 63 bytes; rename one of them");
    Pipeline p = TestFns.pipeline();
    PCollection<RecordBatch> in =
        p.apply(Create.of(List.of(RecordBatch.empty())).withCoder(RecordBatchCoder.of()));
    assertThatThrownBy(() -> in.apply(PostgresIO.write().withTable(allTypes("x"))))
        .hasMessage("PostgresIO.write() needs withConnection(...)");
    assertThatThrownBy(() -> in.apply(PostgresIO.write().withConnection(db.pg)))
        .hasMessage("PostgresIO.write() needs withTable(...)");
    assertThatThrownBy(
            () ->
                in.apply(
                    PostgresIO.write()
                        .withConnection(db.pg)
                        .withTable(allTypes("x"))
                        .withKey(List.of("nope"))))
        .hasMessageStartingWith(
            "PostgresIO.write() withKey: 'nope' is not a column of table 'x' (columns: [id, b,");
    assertThatThrownBy(() -> PgTableWriter.open(db.pg, allTypes("missing"), List.of("id")))
        .isInstanceOf(PgWriteException.class)
        .hasMessageStartingWith(
            "table \"ferry_it_io\".\"missing\" does not exist; create it first"
                + " (PgDdl.createTable): ERROR: relation \"ferry_it_io.missing\" does not exist");
    assertThatThrownBy(() -> p.apply(PostgresIO.read().withConnection(db.pg)))
        .hasMessage("PostgresIO.read() needs withQuery(...) or withTable(...)");
  }

  @Test
  void readsInBatchesAndPartitions() throws Exception {
    db.exec("CREATE TABLE " + SCHEMA + ".numbers (id bigint, label text)");
    db.exec(
        "INSERT INTO "
            + SCHEMA
            + ".numbers SELECT g, 'n' || g FROM generate_series(1, 10) g"
            + " UNION ALL SELECT NULL, 'none'");
    List<Record> all = new ArrayList<>();
    for (long i = 1; i <= 10; i++) {
      all.add(Record.of("id", i, "label", "n" + i));
    }
    all.add(Record.of("id", null, "label", "none"));

    Pipeline p = TestFns.pipeline();
    PCollection<RecordBatch> batches =
        p.apply(
            "plain",
            PostgresIO.read().withConnection(db.pg).withTable(SCHEMA, "numbers").withBatchSize(4));
    PAssert.that(batches.apply("sizes", ParDo.of(new TestFns.SizeFn())).setCoder(VarIntCoder.of()))
        .containsInAnyOrder(4, 4, 3);
    PCollection<Record> parted =
        p.apply(
                "parted",
                PostgresIO.read()
                    .withConnection(db.pg)
                    .withTable("numbers")
                    .withPartitions("id", 3)
                    .withBatchSize(100))
            .apply("explode", ParDo.of(new TestFns.ExplodeFn()))
            .setCoder(RecordCoder.of());
    PAssert.that(parted).containsInAnyOrder(all);
    PCollection<Record> queried =
        p.apply(
                "query",
                PostgresIO.read()
                    .withConnection(db.pg)
                    .withQuery(
                        "SELECT label AS l, id * 2 AS twice FROM "
                            + SCHEMA
                            + ".numbers WHERE id <= 2"))
            .apply("explode query", ParDo.of(new TestFns.ExplodeFn()))
            .setCoder(RecordCoder.of());
    PAssert.that(queried)
        .containsInAnyOrder(Record.of("l", "n1", "twice", 2L), Record.of("l", "n2", "twice", 4L));
    p.run().waitUntilFinish();

    assertThat(PostgresIO.RangeQueries.ranges(1, 10, 3))
        .containsExactly("$c >= 1 AND $c < 4", "$c >= 4 AND $c < 7", "$c >= 7 AND $c <= 10");
    assertThat(PostgresIO.RangeQueries.ranges(5, 6, 4))
        .containsExactly("$c >= 5 AND $c < 6", "$c >= 6 AND $c <= 6");
    assertThat(PostgresIO.RangeQueries.ranges(Long.MIN_VALUE, Long.MAX_VALUE, 2))
        .containsExactly(
            "$c >= -9223372036854775808 AND $c < 0", "$c >= 0 AND $c <= 9223372036854775807");
  }

  @Test
  void aSplitColumnCutsTheRowsIntoKeyRangesOfFiftyThousandValuesEachASplit() throws Exception {
    db.exec("CREATE TABLE " + SCHEMA + ".wide (id integer PRIMARY KEY, label text)");
    // Keys 1..120,000 with a gap: three ranges of 50,000 key values, plus the NULL part.
    db.exec(
        "INSERT INTO "
            + SCHEMA
            + ".wide SELECT g, 'w' || g FROM generate_series(1, 120000) g WHERE g % 1000 <> 7");
    PostgresIO.RangeQueries plan =
        new PostgresIO.RangeQueries(db.pg, "SELECT * FROM " + SCHEMA + ".wide", "id", 0);
    String from = "SELECT ferry_q.* FROM (SELECT * FROM " + SCHEMA + ".wide) AS ferry_q WHERE ";
    assertThat(plan.ranges())
        .containsExactly(
            from + "ferry_q.\"id\" >= 1 AND ferry_q.\"id\" < 40001",
            from + "ferry_q.\"id\" >= 40001 AND ferry_q.\"id\" < 80001",
            from + "ferry_q.\"id\" >= 80001 AND ferry_q.\"id\" <= 120000",
            from + "ferry_q.\"id\" IS NULL");
    // An empty result is one query, without ranges.
    assertThat(
            new PostgresIO.RangeQueries(
                    db.pg, "SELECT * FROM " + SCHEMA + ".wide WHERE false", "id", 0)
                .ranges())
        .containsExactly(
            "SELECT ferry_q.* FROM (SELECT * FROM " + SCHEMA + ".wide WHERE false) AS ferry_q");
    // A column that is not an integer one is refused, naming the read and the column.
    assertThatThrownBy(
            () ->
                new PostgresIO.RangeQueries(db.pg, "SELECT * FROM " + SCHEMA + ".wide", "label", 0)
                    .ranges())
        .isInstanceOf(java.sql.SQLException.class)
        .hasMessageStartingWith(
            "cannot split the read of 'SELECT * FROM "
                + SCHEMA
                + ".wide' on the integer column 'label': ");
    assertThatThrownBy(
            () ->
                new PostgresIO.RangeQueries(db.pg, "SELECT * FROM " + SCHEMA + ".wide", "nope", 0)
                    .ranges())
        .hasMessageContaining("on the integer column 'nope': ")
        .hasMessageContaining("column ferry_q.nope does not exist");
    assertThat(PostgresIO.RangeQueries.parts(1, 50_000)).isEqualTo(1);
    assertThat(PostgresIO.RangeQueries.parts(1, 50_001)).isEqualTo(2);
    assertThat(PostgresIO.RangeQueries.parts(7, 7)).isEqualTo(1);
    assertThat(PostgresIO.RangeQueries.parts(1, 10_000_000)).isEqualTo(64);
    assertThat(PostgresIO.RangeQueries.parts(Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(64);

    Pipeline p = TestFns.pipeline();
    PCollection<Long> counted =
        p.apply(
                "split",
                PostgresIO.read()
                    .withConnection(db.pg)
                    .withTable(SCHEMA, "wide")
                    .withSplitColumn("id")
                    .withBatchSize(5000))
            .apply("explode", ParDo.of(new TestFns.ExplodeFn()))
            .setCoder(RecordCoder.of())
            .apply("ids", ParDo.of(new IdFn()))
            .apply(Sum.longsGlobally());
    // Every row once: the sum of the ids 1..120,000 without those ending in 007.
    long expected = 120_000L * 120_001 / 2;
    for (long k = 7; k <= 120_000; k += 1000) {
      expected -= k;
    }
    PAssert.thatSingleton(counted).isEqualTo(expected);
    p.run().waitUntilFinish();
    assertThat(PostgresIO.read().withSplitColumn("id").splitColumn()).isEqualTo("id");
    assertThatThrownBy(() -> PostgresIO.read().withSplitColumn(""))
        .hasMessage("withSplitColumn: column must not be empty");
  }

  /** The {@code id} of a record, as a long. */
  static final class IdFn extends org.apache.beam.sdk.transforms.DoFn<Record, Long> {
    @ProcessElement
    public void process(@Element Record r, OutputReceiver<Long> out) {
      out.output(((Number) r.get("id")).longValue());
    }
  }

  @Test
  void refusesDuplicateResultColumnNames() {
    Pipeline p = TestFns.pipeline();
    p.apply(PostgresIO.read().withConnection(db.pg).withQuery("SELECT 1 AS a, 2 AS a"));
    Throwable thrown = catchThrowable(() -> p.run().waitUntilFinish());
    Throwable root = thrown;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    assertThat(root)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the query returns two columns named 'a'; give them distinct names with AS");
  }
}
