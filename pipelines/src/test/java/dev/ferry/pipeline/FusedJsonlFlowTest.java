package dev.ferry.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.record.Record;
import dev.ferry.report.FlowReport;
import dev.ferry.report.RunReport;
import dev.ferry.spec.Spec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SQLite to JSON Lines flow runs fused: every read range writes its own part, and the parts are
 * joined in range order into the one target file. 120,000 rows make three ranges.
 */
class FusedJsonlFlowTest {
  private static final int ROWS = 120_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void writesEveryRangeAndJoinsThePartsInKeyOrder() throws Exception {
    Path db = tmp.resolve("app.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, doc TEXT, created TEXT)");
      s.execute("CREATE TABLE empty (id INTEGER PRIMARY KEY, name TEXT)");
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO items VALUES (?, ?, ?, ?)")) {
        for (int id = 1; id <= ROWS; id++) {
          ps.setInt(1, id);
          ps.setString(2, "item " + id);
          ps.setString(3, id == 50_001 ? "{\"n\": " : "{\"n\":" + id + ",\"tags\":[\"a\"]}");
          ps.setString(4, id == 777 ? "not a date" : "2024-05-01 08:00:00");
          ps.addBatch();
        }
        ps.executeBatch();
      }
      c.commit();
    }
    Path spec = tmp.resolve("spec.yaml");
    Files.writeString(
        spec,
        "version: 1\n"
            + "name: fused-jsonl\n"
            + "sources:\n  app: { type: sqlite, path: "
            + db
            + " }\n"
            + "targets:\n  out: { type: jsonl, path: "
            + tmp.resolve("out")
            + " }\n"
            + "flows:\n"
            + "  - name: items\n"
            + "    from: { source: app, table: items }\n"
            + "    key: [id]\n"
            + "    steps:\n"
            + "      - cast: { field: doc, to: json }\n"
            + "      - cast: { field: created, to: timestamp, formats: [iso], zone: UTC }\n"
            + "    to: { target: out, table: items }\n"
            + "  - name: empty\n"
            + "    from: { source: app, table: empty }\n"
            + "    key: [id]\n"
            + "    to: { target: out, table: empty }\n");
    Spec loaded = Runs.load(spec, Map.of());
    assertThat(FusedFlows.applies(Planner.plan(loaded).get(0))).isTrue();

    RunReport report = Runs.run(loaded, tmp.resolve("run1"));

    FlowReport items = report.flow("items");
    assertThat(List.of(items.read(), items.written(), items.rejected()))
        .containsExactly((long) ROWS, (long) ROWS - 2, 2L);
    Path out = tmp.resolve("out/items.jsonl");
    List<String> lines = Files.readAllLines(out);
    assertThat(lines).hasSize(ROWS - 2);
    List<Long> ids = new ArrayList<>();
    for (String line : lines) {
      ids.add(JSON.readTree(line).get("id").asLong());
    }
    List<Long> expected = new ArrayList<>();
    for (long id = 1; id <= ROWS; id++) {
      if (id != 777 && id != 50_001) {
        expected.add(id);
      }
    }
    assertThat(ids).isEqualTo(expected);
    JsonNode row = JSON.readTree(lines.get(41_999));
    assertThat(row.get("id").asLong()).isEqualTo(42_001L);
    assertThat(row.get("name").asText()).isEqualTo("item 42001");
    assertThat(row.toString()).contains("{\"n\":42001,\"tags\":[\"a\"]}");
    assertThat(row.toString()).contains("2024-05-01T08:00:00Z");

    List<Record> rejects = RunFiles.readRejects(tmp.resolve("run1"), "items");
    assertThat(rejects)
        .extracting(r -> r.get("key").toString())
        .containsExactly("{id=777}", "{id=50001}"); // written by the ranges, joined in key order
    try (Stream<Path> left = Files.list(tmp.resolve("run1/rejects"))) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("items.jsonl", "empty.jsonl");
    }
    assertThat(Files.readAllLines(tmp.resolve("run1/rejects/empty.jsonl"))).isEmpty();

    assertThat(Files.readAllLines(tmp.resolve("out/empty.jsonl"))).isEmpty();
    try (Stream<Path> left = Files.list(tmp.resolve("out"))) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("items.jsonl", "empty.jsonl");
    }

    // A second run replaces the file with the same bytes: nothing is appended.
    byte[] first = Files.readAllBytes(out);
    Runs.run(loaded, tmp.resolve("run2"));
    assertThat(Files.readAllBytes(out)).isEqualTo(first);
  }
}
