package dev.ferry.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.report.RunReport;
import dev.ferry.spec.Spec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PostgreSQL source on the real server: a query with {@code split_by} is read in key ranges (each
 * a split of its own); a table, and a query without it, in one piece. Every row arrives exactly
 * once.
 */
class PostgresSourceIT {
  private static final int ROWS = 120_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  private TestDb db;

  @BeforeEach
  void setUp() throws Exception {
    db = new TestDb("source_pg_it");
    String s = "\"" + db.schema + "\"";
    db.execute("CREATE SCHEMA " + s);
    db.execute("CREATE TABLE " + s + ".events (id bigint PRIMARY KEY, label text NOT NULL)");
    // Keys 1..120,000 without those ending in 007: three key ranges of 50,000 values.
    db.execute(
        "INSERT INTO "
            + s
            + ".events SELECT g, 'e' || g FROM generate_series(1, "
            + ROWS
            + ") g WHERE g % 1000 <> 7");
    db.execute("CREATE TABLE " + s + ".notes (code text PRIMARY KEY, body text)");
    db.execute("INSERT INTO " + s + ".notes VALUES ('a', 'first'), ('b', NULL)");
  }

  @AfterEach
  void tearDown() throws Exception {
    db.close();
  }

  @Test
  void splitByCutsAQueryIntoKeyRangesAndEveryRowArrivesOnce() throws Exception {
    Path out = tmp.resolve("out");
    Path specFile = tmp.resolve("spec.yaml");
    Files.writeString(
        specFile,
        specHead("pg-source", out)
            + String.join(
                "\n",
                "  - name: events",
                "    from: { source: legacy, table: events }",
                "    to: { target: out, table: events }",
                "  - name: all",
                "    from:",
                "      source: legacy",
                "      query: \"SELECT id, label FROM \\\"" + db.schema + "\\\".events\"",
                "      split_by: id",
                "    key: [id]",
                "    to: { target: out, table: all }",
                "  - name: even",
                "    from:",
                "      source: legacy",
                "      query: \"SELECT id, label FROM \\\""
                    + db.schema
                    + "\\\".events WHERE id % 2 = 0\"",
                "      split_by: id",
                "    key: [id]",
                "    to: { target: out, table: even }",
                "  - name: notes",
                "    from: { source: legacy, table: notes }",
                "    to: { target: out, table: notes }",
                ""));
    Spec spec = Runs.load(specFile, Map.of());

    List<FlowPlan> plans = Planner.plan(spec);
    assertThat(plans).extracting(FlowPlan::name).containsExactly("events", "all", "even", "notes");
    assertThat(plans).extracting(FlowPlan::splitBy).containsExactly(null, "id", "id", null);
    // The reads the graph gets: the two split ones plan their key ranges as splits.
    org.apache.beam.sdk.Pipeline graph = org.apache.beam.sdk.Pipeline.create(Runs.direct());
    for (FlowPlan plan : plans) {
      SourceReads.read(graph, plan, 2000);
    }
    List<String> names = new ArrayList<>();
    graph.traverseTopologically(
        new org.apache.beam.sdk.Pipeline.PipelineVisitor.Defaults() {
          @Override
          public CompositeBehavior enterCompositeTransform(
              org.apache.beam.sdk.runners.TransformHierarchy.Node node) {
            if (node.getFullName().endsWith("Ranges of id")) {
              names.add(node.getFullName());
            }
            return CompositeBehavior.ENTER_TRANSFORM;
          }
        });
    assertThat(names).containsExactly("all/read/Ranges of id", "even/read/Ranges of id");

    RunReport r = Runs.run(spec, tmp.resolve("run"));
    assertThat(r.reasons()).isEmpty();
    assertThat(r.verdict()).isEqualTo("PASS");

    List<Long> expected = new ArrayList<>();
    for (long id = 1; id <= ROWS; id++) {
      if (id % 1000 != 7) {
        expected.add(id);
      }
    }
    assertThat(r.flow("events").read()).isEqualTo(expected.size());
    assertThat(ids(out.resolve("events.jsonl"), "e")).isEqualTo(expected);
    assertThat(r.flow("all").read()).isEqualTo(expected.size());
    assertThat(ids(out.resolve("all.jsonl"), "e")).isEqualTo(expected);
    List<Long> even = expected.stream().filter(id -> id % 2 == 0).toList();
    assertThat(r.flow("even").read()).isEqualTo(even.size());
    assertThat(ids(out.resolve("even.jsonl"), "e")).isEqualTo(even);
    assertThat(Files.readAllLines(out.resolve("notes.jsonl")))
        .containsExactlyInAnyOrder(
            "{\"code\":\"a\",\"body\":\"first\"}", "{\"code\":\"b\",\"body\":null}");
  }

  @Test
  void aSplitByColumnThatIsNotAnIntegerColumnOfTheQueryIsRefusedBeforeAnythingRuns()
      throws Exception {
    for (String[] c :
        new String[][] {
          {
            "label",
            "split_by column 'label' is of type text; it must be an integer column"
                + " (smallint, integer or bigint)"
          },
          {
            "nope",
            "split_by column 'nope' is not a column of the query's result (its columns:"
                + " id, label)"
          }
        }) {
      Path specFile = tmp.resolve("split-" + c[0] + ".yaml");
      Files.writeString(
          specFile,
          specHead("pg-split", tmp.resolve("never"))
              + String.join(
                  "\n",
                  "  - name: labels",
                  "    from:",
                  "      source: legacy",
                  "      query: \"SELECT id, label FROM \\\"" + db.schema + "\\\".events\"",
                  "      split_by: " + c[0],
                  "    to: { target: out, table: labels }",
                  ""));
      Spec spec = Runs.load(specFile, Map.of());
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> Planner.plan(spec))
          .isInstanceOf(PlanException.class)
          .hasMessage("flow 'labels': " + c[1]);
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> Runs.run(spec, tmp.resolve("run-" + c[0])))
          .isInstanceOf(PlanException.class)
          .hasMessage("flow 'labels': " + c[1]);
      assertThat(Files.exists(tmp.resolve("never"))).isFalse();
    }
  }

  /**
   * A spec's first lines: the PostgreSQL source {@code legacy} and the JSON Lines target {@code
   * out}.
   */
  private String specHead(String name, Path out) {
    return String.join(
        "\n",
        "version: 1",
        "name: " + name,
        "sources:",
        "  legacy:",
        "    type: postgres",
        "    url: \"${env:FERRY_PG_URL}\"",
        "    user: \"${env:FERRY_PG_USER}\"",
        "    password: \"${env:FERRY_PG_PASSWORD}\"",
        "    schema: " + db.schema,
        "targets:",
        "  out: { type: jsonl, path: \"" + out + "\" }",
        "flows:",
        "");
  }

  /** The ids of a JSON Lines file, sorted, after checking each line's label is prefix + id. */
  private static List<Long> ids(Path file, String prefix) throws Exception {
    List<Long> ids = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      JsonNode n = JSON.readTree(line);
      long id = n.get("id").asLong();
      assertThat(n.get("label").asText()).isEqualTo(prefix + id);
      assertThat(n.size()).isEqualTo(2);
      ids.add(id);
    }
    ids.sort(null);
    return ids;
  }
}
