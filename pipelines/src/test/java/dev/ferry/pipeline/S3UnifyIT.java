package dev.ferry.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.backup.BackupEntry;
import dev.ferry.backup.Manifests;
import dev.ferry.examples.S3SampleData;
import dev.ferry.report.Check;
import dev.ferry.report.FlowReport;
import dev.ferry.report.RunReport;
import dev.ferry.spec.Spec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario S3 end to end with {@code examples/s3-unify/spec.yaml}: a generated SQLAlchemy-style
 * application database and a LangGraph SqliteSaver checkpoint database (WAL) merged into one file,
 * then compared table by table with the sources: schema text, indexes, view, trigger, every row
 * with its rowid and each cell's storage class, every BLOB byte for byte. The run backs up both
 * sources first; a second run changes nothing.
 */
class S3UnifyIT {
  @TempDir Path tmp;

  private Path app;
  private Path memory;
  private Path unified;

  private Spec spec() throws Exception {
    app = tmp.resolve("data/langgraph_agent.db");
    memory = tmp.resolve("data/chatbot_memory.sqlite");
    unified = tmp.resolve("data/unified_app.sqlite");
    return Runs.load(
        TestDb.repoRoot().resolve("examples/s3-unify/spec.yaml"),
        Map.of(
            "app_db", app.toString(),
            "checkpoint_db", memory.toString(),
            "unified_db", unified.toString()));
  }

  @Test
  void mergesBothDatabasesExactlyAndBacksThemUpFirst() throws Exception {
    Spec spec = spec();
    S3SampleData.writeApp(app, 30);
    S3SampleData.writeCheckpoints(memory, 10);

    RunReport dry =
        Migration.dryRun(spec, new RunSettings(tmp.resolve("dry"), false, "DirectRunner"));
    assertThat(dry.reasons()).isEmpty();
    assertThat(dry.notes())
        .contains(
            "target 'unified': would create table 'users'",
            "target 'unified': would create index 'ix_users_email'",
            "target 'unified': would create trigger 'messages_title'");
    assertThat(unified).doesNotExist();

    RunReport r = Runs.run(spec, tmp.resolve("run1"), tmp.resolve("backups"));
    assertThat(r.notes()).contains("target 'unified': created 1 trigger(s)");

    assertThat(r.reasons()).isEmpty();
    Map<String, Long> expected =
        Map.of(
            "app.llm_providers", 3L,
            "app.users", 30L,
            "app.conversations", 60L,
            "app.messages", 180L,
            "app.audit_log", 23L,
            "memory.checkpoints", 40L,
            "memory.writes", 120L);
    List<String> flows = new ArrayList<>();
    for (FlowReport f : r.flows()) {
      flows.add(f.name());
      assertThat(f.read()).as(f.name()).isEqualTo(expected.get(f.name()));
      assertThat(f.written()).as(f.name()).isEqualTo(expected.get(f.name()));
      Check fp =
          f.checks().stream()
              .filter(c -> c.name().equals("fingerprints"))
              .findFirst()
              .orElseThrow();
      assertThat(fp.passed()).as(fp.detail()).isTrue();
      assertThat(fp.detail()).startsWith(expected.get(f.name()) + " rows in sqlite ");
    }
    assertThat(flows)
        .containsExactlyElementsOf(
            List.of(
                "app.llm_providers",
                "app.users",
                "app.conversations",
                "app.messages",
                "app.audit_log",
                "memory.checkpoints",
                "memory.writes"));

    // schema: the union of both sources' objects, SQL text identical
    List<String> schema = new ArrayList<>(SqliteDump.schema(app));
    schema.addAll(SqliteDump.schema(memory));
    assertThat(SqliteDump.schema(unified)).containsExactlyInAnyOrderElementsOf(schema);
    assertThat(SqliteDump.schema(unified))
        .contains(
            "index ix_users_email ON users: CREATE UNIQUE INDEX ix_users_email ON users (email)",
            "view active_providers ON active_providers: CREATE VIEW active_providers AS SELECT"
                + " id, name FROM llm_providers WHERE is_active = 1")
        .anyMatch(
            s ->
                s.startsWith(
                    "table checkpoints ON checkpoints: CREATE TABLE checkpoints ("
                        + "\n    thread_id TEXT NOT NULL,"));
    // the automatic indexes of UNIQUE and composite primary keys exist too
    assertThat(
            SqliteDump.count(
                unified,
                "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name LIKE 'sqlite_autoindex_%'"))
        .isEqualTo(
            SqliteDump.count(
                    app,
                    "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name LIKE 'sqlite_autoindex_%'")
                + SqliteDump.count(
                    memory,
                    "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name LIKE 'sqlite_autoindex_%'"));

    // every row, rowid and storage class
    for (String t : SqliteDump.tables(app)) {
      assertThat(SqliteDump.rows(unified, t))
          .as(t)
          .containsExactlyElementsOf(SqliteDump.rows(app, t));
    }
    for (String t : SqliteDump.tables(memory)) {
      assertThat(SqliteDump.rows(unified, t))
          .as(t)
          .containsExactlyElementsOf(SqliteDump.rows(memory, t));
    }
    // the quirks, spelled out
    assertThat(SqliteDump.rows(unified, "audit_log").get(3))
        .startsWith("5|text:event-4|text:{\"n\": 4}|real:1.7000000045E9");
    assertThat(
            SqliteDump.count(
                unified, "SELECT count(*) FROM users WHERE typeof(created_at) = 'integer'"))
        .isEqualTo(3);
    assertThat(
            SqliteDump.count(
                unified, "SELECT count(*) FROM messages WHERE id = 6 AND typeof(content) = 'blob'"))
        .isEqualTo(1);
    assertThat(SqliteDump.count(unified, "SELECT count(*) FROM conversations WHERE title IS NULL"))
        .isEqualTo(30);
    assertThat(
            SqliteDump.count(
                unified,
                "SELECT count(*) FROM writes WHERE typeof(value) = 'blob' AND length(value) = 0"))
        .isEqualTo(
            SqliteDump.count(
                memory,
                "SELECT count(*) FROM writes WHERE typeof(value) = 'blob' AND length(value) = 0"));

    // the backup was taken first: both sources, the target did not exist yet
    assertThat(r.backup()).isNotNull();
    Manifests.Manifest m = Manifests.read(Path.of(r.backup()));
    assertThat(m.entries())
        .extracting(BackupEntry::name, BackupEntry::existed)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("app", true),
            org.assertj.core.groups.Tuple.tuple("memory", true),
            org.assertj.core.groups.Tuple.tuple("unified", false));
    assertThat(m.entries().get(1).tables())
        .containsExactly(Map.entry("checkpoints", 40L), Map.entry("writes", 120L));
    assertThat(m.entries().get(0).sha256())
        .isEqualTo(Manifests.sha256(Path.of(r.backup()).resolve(m.entries().get(0).file())));
    assertThat(Files.readString(tmp.resolve("run1/report.md")))
        .contains("| backup | `" + r.backup() + "` |");

    // a second run changes nothing
    List<String> before = new ArrayList<>();
    for (String t : SqliteDump.tables(unified)) {
      before.addAll(SqliteDump.rows(unified, t));
    }
    List<String> schemaBefore = SqliteDump.schema(unified);
    RunReport again = Runs.run(spec, tmp.resolve("run2"), null);
    assertThat(again.reasons()).isEmpty();
    assertThat(again.backup()).isNull();
    List<String> after = new ArrayList<>();
    for (String t : SqliteDump.tables(unified)) {
      after.addAll(SqliteDump.rows(unified, t));
    }
    assertThat(after).containsExactlyElementsOf(before);
    assertThat(SqliteDump.schema(unified)).containsExactlyElementsOf(schemaBefore);
  }
}
