package dev.ferry.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.examples.S2SampleData;
import dev.ferry.report.RunReport;
import dev.ferry.spec.Spec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A target whose tables come from a Flyway migrations folder named in the spec. */
class FlywayTargetIT {
  @TempDir Path tmp;
  private TestDb db;

  @BeforeEach
  void setUp() throws Exception {
    db = new TestDb("flyway_it");
  }

  @AfterEach
  void tearDown() throws Exception {
    db.close();
  }

  @Test
  void migrationsCreateTheTableThenTheFlowFillsIt() throws Exception {
    Path sqlite = tmp.resolve("c.db");
    S2SampleData.write(sqlite, 25);
    Spec spec =
        Runs.load(
            TestDb.repoRoot().resolve("pipelines/src/test/resources/it/flyway/spec.yaml"),
            Map.of("sqlite_path", sqlite.toString(), "schema", db.schema, "user_id", "t1"));

    RunReport first = Runs.run(spec, tmp.resolve("run1"));
    RunReport second = Runs.run(spec, tmp.resolve("run2"));

    assertThat(first.reasons()).isEmpty();
    assertThat(first.notes().get(0))
        .isEqualTo(
            "target 'pg': applied 2 Flyway migration(s) from "
                + TestDb.repoRoot().resolve("pipelines/src/test/resources/it/flyway/db/migration"));
    assertThat(second.notes().get(0)).startsWith("target 'pg': applied 0 Flyway migration(s)");
    assertThat(second.reasons()).isEmpty();
    assertThat(
            db.rows(
                "SELECT version, success::text FROM \""
                    + db.schema
                    + "\".flyway_schema_history ORDER BY installed_rank"))
        .containsExactly(
            java.util.Arrays.asList(null, "true"), // Flyway's own "create schema" entry
            List.of("1", "true"),
            List.of("2", "true"));
    assertThat(db.count("SELECT count(*) FROM \"" + db.schema + "\".items WHERE user_id = 't1'"))
        .isEqualTo(25);
    assertThat(
            db.rows(
                "SELECT indexname FROM pg_indexes WHERE schemaname = '"
                    + db.schema
                    + "' AND tablename = 'items' ORDER BY 1"))
        .containsExactly(List.of("items_pkey"), List.of("items_user_id_idx"));
  }
}
