package dev.ferry.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.examples.S2SampleData;
import dev.ferry.record.Record;
import dev.ferry.record.RecordJson;
import dev.ferry.report.Check;
import dev.ferry.report.FlowReport;
import dev.ferry.report.RunReport;
import dev.ferry.spec.Spec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario S2's relational half on the real PostgreSQL: the example spec, run on generated sample
 * data, gives exact rows; a second run changes nothing; validate names seeded differences by key; a
 * dry run writes nothing; strict mode fails on the first reject.
 */
class S2MigrationIT {
  private static final int ROWS = 60;
  private static final String TENANT = "tenant-42";

  @TempDir Path tmp;
  private TestDb db;
  private Path sqlite;
  private Spec spec;

  @BeforeEach
  void setUp() throws Exception {
    db = new TestDb("s2_it");
    sqlite = tmp.resolve("collections.db");
    S2SampleData.write(sqlite, ROWS);
    spec =
        Runs.load(
            TestDb.repoRoot().resolve("examples/s2-collections/spec.yaml"),
            Map.of("user_id", TENANT, "sqlite_path", sqlite.toString(), "schema", db.schema));
  }

  @AfterEach
  void tearDown() throws Exception {
    db.close();
  }

  @Test
  void migratesExactRowsAndProvesTheCounts() throws Exception {
    RunReport r = Runs.run(spec, tmp.resolve("run1"));

    assertThat(r.reasons()).isEmpty();
    assertThat(r.verdict()).isEqualTo("PASS");
    assertCounts(r.flow("items"), ROWS, ROWS, 0);
    assertCounts(r.flow("analyses"), ROWS, ROWS - 1, 1);
    assertCounts(r.flow("embeddings"), ROWS, ROWS - 1, 1);
    assertThat(checkNames(r.flow("analyses")))
        .containsExactly("conservation", "target rows", "not null user_id", "json raw_response");
    assertThat(r.flow("analyses").checks().get(3).detail())
        .isEqualTo(
            (ROWS - 1 - 2)
                + " non-null values parsed as JSON and written; "
                + (ROWS - 1 - 2)
                + " non-null values in the jsonb column");

    // Every items row, exactly: the SQLite text timestamps (two formats) become TIMESTAMP.
    List<List<String>> expectedItems = new ArrayList<>();
    for (List<String> s :
        sqliteRows(
            "SELECT id, filename, file_path, created_at, updated_at FROM items ORDER BY id")) {
      expectedItems.add(
          List.of(s.get(0), TENANT, s.get(1), s.get(2), s.get(3), s.get(4).replace('T', ' ')));
    }
    assertThat(
            db.rows(
                "SELECT id, user_id, filename, file_path,"
                    + " to_char(created_at, 'YYYY-MM-DD HH24:MI:SS.US'),"
                    + " to_char(updated_at, 'YYYY-MM-DD HH24:MI:SS.US') FROM \""
                    + db.schema
                    + "\".items ORDER BY id"))
        .isEqualTo(expectedItems);
    assertThat(expectedItems).hasSize(ROWS);

    // analyses: JSON text became JSONB (PostgreSQL's own parse of the source text is the oracle).
    List<List<String>> expectedAnalyses = new ArrayList<>();
    for (List<String> s :
        sqliteRows("SELECT id, item_id, raw_response, created_at FROM analyses ORDER BY id")) {
      if (s.get(0).equals(S2SampleData.BAD_JSON_ANALYSIS)) {
        continue;
      }
      String json =
          s.get(2) == null
              ? null
              : db.rows("SELECT " + literal(s.get(2)) + "::jsonb::text").get(0).get(0);
      expectedAnalyses.add(java.util.Arrays.asList(s.get(0), TENANT, s.get(1), json, s.get(3)));
    }
    assertThat(
            db.rows(
                "SELECT id, user_id, item_id, raw_response::text,"
                    + " to_char(created_at, 'YYYY-MM-DD HH24:MI:SS.US') FROM \""
                    + db.schema
                    + "\".analyses ORDER BY id"))
        .isEqualTo(expectedAnalyses);
    assertThat(
            db.rows(
                "SELECT jsonb_typeof(raw_response) FROM \""
                    + db.schema
                    + "\".analyses"
                    + " WHERE id = '"
                    + S2SampleData.id("analysis", 1)
                    + "'"))
        .containsExactly(List.of("object"));

    // The two bad rows are rejected by key, with the step and the reason.
    Record analysisReject = onlyReject(tmp.resolve("run1/rejects/analyses.jsonl"));
    assertThat(analysisReject.get("step")).isEqualTo("cast raw_response to jsonb");
    assertThat(analysisReject.get("key"))
        .isEqualTo(Record.of("id", S2SampleData.BAD_JSON_ANALYSIS));
    assertThat((String) analysisReject.get("reason"))
        .startsWith("field 'raw_response': invalid JSON: ");
    Record embeddingReject = onlyReject(tmp.resolve("run1/rejects/embeddings.jsonl"));
    assertThat(embeddingReject.get("step")).isEqualTo("cast created_at to timestamp");
    assertThat(embeddingReject.get("key"))
        .isEqualTo(Record.of("id", S2SampleData.BAD_DATE_EMBEDDING));
    assertThat(embeddingReject.get("reason"))
        .isEqualTo(
            "field 'created_at': cannot cast text 'yesterday afternoon' to timestamp: matches none"
                + " of the formats [iso]");
    assertThat(Files.readString(tmp.resolve("run1/rejects/items.jsonl"))).isEmpty();

    String md = Files.readString(tmp.resolve("run1/report.md"));
    assertThat(md).contains("**Verdict: PASS**");
    assertThat(md)
        .contains(
            "| analyses | sqlite app.analyses | postgres pg."
                + db.schema
                + ".analyses | "
                + ROWS
                + " | "
                + (ROWS - 1)
                + " | 1 | 0 | ok |");
    assertThat(Files.readString(tmp.resolve("run1/report.json")))
        .contains("\"verdict\" : \"PASS\"");
  }

  @Test
  void aSecondRunChangesNothing() throws Exception {
    Runs.run(spec, tmp.resolve("run1"));
    String dump = "SELECT xmin::text, t::text FROM \"" + db.schema + "\".%s t ORDER BY id";
    List<List<String>> items = db.rows(String.format(dump, "items"));
    List<List<String>> analyses = db.rows(String.format(dump, "analyses"));
    List<List<String>> embeddings = db.rows(String.format(dump, "embeddings"));

    RunReport second = Runs.run(spec, tmp.resolve("run2"));

    assertThat(second.verdict()).isEqualTo("PASS");
    // Same rows, and not even rewritten: the upsert skips rows whose values are unchanged.
    assertThat(db.rows(String.format(dump, "items"))).isEqualTo(items);
    assertThat(db.rows(String.format(dump, "analyses"))).isEqualTo(analyses);
    assertThat(db.rows(String.format(dump, "embeddings"))).isEqualTo(embeddings);
    assertThat(items).hasSize(ROWS);
  }

  @Test
  void validateNamesASeededMissingRowAndAChangedJsonValue() throws Exception {
    Runs.run(spec, tmp.resolve("run1"));
    RunReport clean = Runs.validate(spec, tmp.resolve("validate1"));
    assertThat(clean.reasons()).isEmpty();
    assertThat(clean.flow("analyses").checks())
        .extracting(Check::name, Check::passed, Check::detail)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "conservation",
                true,
                "read " + ROWS + " = written " + (ROWS - 1) + " + rejected 1"),
            org.assertj.core.groups.Tuple.tuple(
                "counts",
                true,
                "source " + (ROWS - 1) + " records after steps, target " + (ROWS - 1) + " rows"),
            org.assertj.core.groups.Tuple.tuple(
                "fingerprints",
                true,
                (ROWS - 1) + " matched, 0 missing, 0 extra, 0 changed, 0 duplicate keys"));

    String deleted = S2SampleData.id("analysis", 3);
    String changed = S2SampleData.id("analysis", 4);
    db.execute("DELETE FROM \"" + db.schema + "\".analyses WHERE id = '" + deleted + "'");
    db.execute(
        "UPDATE \""
            + db.schema
            + "\".analyses SET raw_response = raw_response || '{\"confidence\": 0.01}'"
            + " WHERE id = '"
            + changed
            + "'");

    RunReport r = Runs.validate(spec, tmp.resolve("validate2"));

    assertThat(r.verdict()).isEqualTo("FAIL");
    assertThat(r.reasons())
        .containsExactly(
            "flow 'analyses': counts: source "
                + (ROWS - 1)
                + " records after steps, target "
                + (ROWS - 2)
                + " rows",
            "flow 'analyses': fingerprints: "
                + (ROWS - 3)
                + " matched, 1 missing, 0 extra, 1 changed, 0 duplicate keys",
            "flow 'analyses': differences: "
                + String.join(
                    "; ",
                    new java.util.TreeSet<>(
                        List.of(
                            "changed id=" + changed + " (columns [raw_response])",
                            "missing id=" + deleted))));
    assertThat(r.flow("items").passed()).isTrue();
    assertThat(r.flow("embeddings").passed()).isTrue();
    // validate wrote nothing: the seeded differences are still there
    assertThat(db.count("SELECT count(*) FROM \"" + db.schema + "\".analyses")).isEqualTo(ROWS - 2);
  }

  @Test
  void dryRunChecksAndEstimatesButWritesNothing() throws Exception {
    RunReport r =
        Migration.dryRun(spec, new RunSettings(tmp.resolve("dry"), false, "DirectRunner"));

    assertThat(db.tables()).isEmpty();
    assertThat(r.notes())
        .contains(
            "would create table "
                + db.schema
                + ".items [id text NOT NULL, user_id text NOT NULL,"
                + " filename text NOT NULL, file_path text NOT NULL, created_at timestamp NOT NULL,"
                + " updated_at timestamp NOT NULL]");
    FlowReport analyses = r.flow("analyses");
    assertThat(analyses.checks().get(0).detail()).isEqualTo(ROWS + " rows");
    assertThat(analyses.checks().get(1).detail())
        .startsWith(
            ROWS
                + " records through 4 steps: "
                + (ROWS - 1)
                + " pass, 1 would be rejected"
                + " — first: cast raw_response to jsonb: field 'raw_response': invalid JSON: ");
  }

  @Test
  void strictModeFailsOnTheFirstRejectNamingIt() throws Exception {
    RunReport r = Runs.runStrict(spec, tmp.resolve("strict"));

    assertThat(r.verdict()).isEqualTo("FAIL");
    assertThat(r.failure()).contains("--strict: flow '");
    assertThat(r.failure())
        .containsAnyOf(
            "key {id=" + S2SampleData.BAD_JSON_ANALYSIS + "}",
            "key {id=" + S2SampleData.BAD_DATE_EMBEDDING + "}");
  }

  private static void assertCounts(FlowReport f, long read, long written, long rejected) {
    assertThat(List.of(f.read(), f.written(), f.rejected()))
        .containsExactly(read, written, rejected);
  }

  private static List<String> checkNames(FlowReport f) {
    List<String> out = new ArrayList<>();
    f.checks().forEach(c -> out.add(c.name()));
    return out;
  }

  private static Record onlyReject(Path file) throws Exception {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertThat(lines).hasSize(1);
    return RecordJson.read(lines.get(0));
  }

  private List<List<String>> sqliteRows(String sql) throws Exception {
    List<List<String>> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + sqlite);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          row.add(rs.getString(i));
        }
        out.add(row);
      }
    }
    return out;
  }

  private static String literal(String s) {
    return "'" + s.replace("'", "''") + "'";
  }
}
