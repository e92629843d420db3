package dev.ferry.io.postgres;

import dev.ferry.io.schema.ColumnDef;
import dev.ferry.io.schema.TableDef;
import dev.ferry.record.Json;
import dev.ferry.record.Record;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a test: a measurement of {@link PgTableWriter} on generated rows (id bigint, a double, a
 * text, a jsonb, a timestamp) into a table keyed by id, printing rows/s for binary COPY into
 * staging + merge, a re-run over identical rows, text COPY into staging + merge, the keyed writer's
 * direct COPY into a fresh table, and binary and text COPY without a key. Run it with
 *
 * <pre>
 * mvn -o -pl io test-compile surefire:test -Dtest=PgWriteBench -Dferry.bench=true \
 *     [-Dferry.bench.rows=1000000] [-Dferry.bench.batch=2000]
 * </pre>
 */
class PgWriteBench {
  private static final String SCHEMA = "ferry_bench";

  static final TableDef TABLE =
      new TableDef(
          "bench",
          List.of(
              new ColumnDef("id", "bigint", false, null),
              new ColumnDef("score", "double precision", true, null),
              new ColumnDef("label", "text", true, null),
              new ColumnDef("doc", "jsonb", true, null),
              new ColumnDef("created_at", "timestamp", true, null)),
          List.of("id"),
          List.of());

  @Test
  @EnabledIfSystemProperty(named = "ferry.bench", matches = "true")
  void measure() throws Exception {
    main(new String[0]);
  }

  public static void main(String[] args) throws Exception {
    int rows = Integer.getInteger("ferry.bench.rows", 1_000_000);
    int batch = Integer.getInteger("ferry.bench.batch", 2_000);
    PgConnection pg = PgTestDb.server().withSchema(SCHEMA);
    List<List<Record>> batches = generate(rows, batch);
    System.out.printf("PgWriteBench: %,d rows in batches of %,d%n", rows, batch);
    try (Connection c = pg.open()) {
      exec(c, "DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
      // warm-up: JIT, connection paths
      run(c, pg, "warm-up", generate(100_000, batch), List.of("id"), false, false, true);
      for (int round = 1; round <= 2; round++) {
        System.out.println("round " + round);
        run(c, pg, "binary COPY -> staging + merge", batches, List.of("id"), false, false, true);
        run(c, pg, "  re-run, identical rows", batches, List.of("id"), false, false, false);
        run(c, pg, "text COPY   -> staging + merge", batches, List.of("id"), true, false, true);
        run(c, pg, "binary COPY -> table (key, fresh)", batches, List.of("id"), false, true, true);
        run(c, pg, "binary COPY -> table (no key)", batches, List.of(), false, true, true);
        run(c, pg, "text COPY   -> table (no key)", batches, List.of(), true, true, true);
      }
      encodeOnly(batches);
      exec(c, "DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
    }
  }

  static List<List<Record>> generate(int rows, int batch) {
    List<List<Record>> out = new ArrayList<>();
    List<Record> cur = new ArrayList<>(batch);
    Instant t0 = Instant.parse("2024-01-01T00:00:00Z");
    for (long i = 1; i <= rows; i++) {
      cur.add(
          Record.of(
              "id",
              i,
              "score",
              i * 0.25,
              "label",
              "item number " + i,
              "doc",
              Json.of("{\"n\":" + i + ",\"tags\":[\"a\",\"b\"],\"ok\":true}"),
              "created_at",
              t0.plusSeconds(i).plusNanos((i % 1000) * 1000)));
      if (cur.size() == batch) {
        out.add(cur);
        cur = new ArrayList<>(batch);
      }
    }
    if (!cur.isEmpty()) {
      out.add(cur);
    }
    return out;
  }

  private static void run(
      Connection c,
      PgConnection pg,
      String label,
      List<List<Record>> batches,
      List<String> key,
      boolean text,
      boolean optimistic,
      boolean fresh)
      throws SQLException {
    if (fresh) {
      exec(c, "DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
      PgDdl.createTable(c, SCHEMA, TABLE);
      exec(c, "CHECKPOINT");
    }
    long n = 0;
    long start = System.nanoTime();
    try (PgTableWriter w = PgTableWriter.open(pg, TABLE, key, text, optimistic)) {
      for (List<Record> b : batches) {
        n += w.write(b);
      }
    }
    double secs = (System.nanoTime() - start) / 1e9;
    long count;
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + SCHEMA + ".bench")) {
      rs.next();
      count = rs.getLong(1);
    }
    System.out.printf(
        "  %-36s %,10d rows %7.2f s %,12.0f rows/s (table holds %,d)%n",
        label, n, secs, n / secs, count);
  }

  private static void encodeOnly(List<List<Record>> batches) {
    for (boolean text : new boolean[] {false, true}) {
      CopyEncoder enc = CopyEncoder.forTable(TABLE, text);
      CopyBuffer buf = new CopyBuffer(1 << 20);
      long bytes = 0;
      long n = 0;
      long start = System.nanoTime();
      for (List<Record> b : batches) {
        buf.reset();
        enc.begin(buf);
        for (Record r : b) {
          enc.row(r, buf);
          n++;
        }
        enc.end(buf);
        bytes += buf.size();
      }
      double secs = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          "  encode only (%s)%-20s %,10d rows %7.2f s %,12.0f rows/s, %,d bytes%n",
          enc.format(), "", n, secs, n / secs, bytes);
    }
  }

  private static void exec(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
