package dev.ferry.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.examples.S2ChromaSample;
import dev.ferry.examples.S2SampleData;
import dev.ferry.record.Record;
import dev.ferry.report.Check;
import dev.ferry.report.FlowReport;
import dev.ferry.report.RunReport;
import dev.ferry.spec.Spec;
import dev.ferry.spec.SpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario S2 in one run (examples/s2-collections/spec-full.yaml): the SQLite tables and the sample
 * Chroma collection (written through the real server) into PostgreSQL, the vectors in LangChain's
 * layout with user_id in cmetadata, and every check of the report passing.
 */
class S2FullMigrationIT {
  private static final int ROWS = 40;
  private static final int DIM = 1024;
  private static final String TENANT = "tenant-9";

  @TempDir Path tmp;
  private TestDb db;
  private String collection;

  @BeforeEach
  void setUp() throws Exception {
    db = new TestDb("s2full_it");
    collection = ChromaTestData.uniqueName("s2full");
    S2ChromaSample.write(ChromaTestData.URL, collection, ROWS, DIM);
  }

  @AfterEach
  void tearDown() throws Exception {
    ChromaTestData.CHROMA.deleteCollection(collection);
    db.close();
  }

  @Test
  void migratesTablesAndTheCollectionInOneRun() throws Exception {
    Path sqlite = tmp.resolve("collections.db");
    S2SampleData.write(sqlite, ROWS);
    Map<String, String> env = TestDb.specEnv();
    env.put("FERRY_CHROMA_URL", ChromaTestData.URL);
    Spec spec =
        SpecLoader.load(
            TestDb.repoRoot().resolve("examples/s2-collections/spec-full.yaml"),
            Map.of(
                "user_id",
                TENANT,
                "sqlite_path",
                sqlite.toString(),
                "schema",
                db.schema,
                "chroma_collection",
                collection),
            env);
    RunReport r = Runs.run(spec, tmp.resolve("run"));

    assertThat(r.reasons()).isEmpty();
    assertThat(r.verdict()).isEqualTo("PASS");
    FlowReport v = r.flow("vectors");
    assertThat(v.read()).isEqualTo(ROWS);
    assertThat(v.written()).isEqualTo(ROWS);
    assertThat(v.checks())
        .extracting(Check::name)
        .containsExactly(
            "conservation",
            "target rows",
            "vector count",
            "vector integrity",
            "vector values",
            "vector dimension",
            "top-5 overlap",
            "search latency");
    assertThat(v.checks().get(5).detail()).isEqualTo("source 1024, target column vector(1024)");
    // The vector flow's facts come from the pass (and only vector flows have facts).
    Path run = tmp.resolve("run");
    try (var flows = Files.list(run.resolve("facts"))) {
      assertThat(flows.map(f -> f.getFileName().toString()).toList()).containsExactly("vectors");
    }
    Record facts = VectorFactFiles.readSummary(VectorFactFiles.dir(run, "vectors"));
    assertThat(facts.get("count")).isEqualTo((long) ROWS);
    assertThat(facts.get("dimensions")).isEqualTo(List.of(1024L));
    String digest = Long.toHexString((Long) facts.get("digest"));
    assertThat(v.checks().get(3).detail())
        .isEqualTo(
            "bit-exact float32 per id: 0 missing , 0 changed , 0 extra ; digest source "
                + digest
                + ", target "
                + digest);
    assertThat(VectorFactFiles.readTopK(VectorFactFiles.dir(run, "vectors"))).hasSize(20);
    String first = S2SampleData.id("embedding", 0);
    assertThat(
            db.rows(
                "SELECT e.document, e.cmetadata->>'user_id', e.cmetadata->>'item_id', c.name"
                    + " FROM "
                    + db.schema
                    + ".langchain_pg_embedding e JOIN "
                    + db.schema
                    + ".langchain_pg_collection c ON c.uuid = e.collection_id WHERE e.id = '"
                    + first
                    + "'"))
        .containsExactly(
            List.of(
                "analysis of item " + S2SampleData.id("item", 0),
                TENANT,
                S2SampleData.id("item", 0),
                "collections_vectors"));
    assertThat(r.flow("items").written()).isEqualTo(ROWS);
  }
}
