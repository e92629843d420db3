package dev.ferry.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.io.chroma.ChromaCollection;
import dev.ferry.record.Record;
import dev.ferry.report.Check;
import dev.ferry.report.FlowReport;
import dev.ferry.report.RunReport;
import dev.ferry.spec.Spec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chroma into PostgreSQL + pgvector in LangChain's layout, on the real servers: collections made
 * through the Chroma server (1,200 records, so some sit in the HNSW files and some only in the
 * log), read from the persisted directory or the server, written with user_id added into cmetadata;
 * exact vectors, documents and metadata per id; the collection row and the indexes; the vector
 * checks; and seeded faults (a row deleted in the target, a flipped float bit, a vector of the
 * wrong dimension in the source) each reported by id.
 */
class ChromaMigrationIT {
  private static final int N = 1200;
  private static final int DIM = 8;
  private static final String TENANT = "tenant-7";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static ChromaCollection l2;
  private static ChromaCollection cosine;

  @TempDir Path tmp;
  private TestDb db;

  @BeforeAll
  static void collections() throws Exception {
    l2 = ChromaTestData.populate(ChromaTestData.uniqueName("mig_l2"), "l2", N, DIM);
    cosine = ChromaTestData.populate(ChromaTestData.uniqueName("mig_cos"), "cosine", N, DIM);
  }

  @AfterAll
  static void dropCollections() throws Exception {
    ChromaTestData.CHROMA.deleteCollection(l2.name());
    ChromaTestData.CHROMA.deleteCollection(cosine.name());
  }

  @BeforeEach
  void setUp() throws Exception {
    db = new TestDb("chroma_it");
  }

  @AfterEach
  void tearDown() throws Exception {
    db.close();
  }

  @Test
  void directoryIntoLangchainLayoutGivesExactRows() throws Exception {
    Spec spec = spec("source: { type: chroma, path: \"" + ChromaTestData.PATH + "\" }", l2.name());
    RunReport r = Runs.run(spec, tmp.resolve("run1"));

    assertThat(r.reasons()).isEmpty();
    assertThat(r.verdict()).isEqualTo("PASS");
    FlowReport f = r.flow("vectors");
    assertThat(f.read()).isEqualTo(N - 1);
    assertThat(f.written()).isEqualTo(N - 1);
    assertThat(f.rejected()).isZero();
    assertAllL2VectorsArrived(f);
    assertThat(check(f, "vector integrity").passed()).isTrue();
    assertThat(check(f, "top-5 overlap").passed()).isTrue();
    assertThat(check(f, "search latency").passed()).isTrue();

    String uuid = LangchainLayout.collectionUuid(l2.name()).toString();
    assertThat(
            db.rows(
                "SELECT uuid::text, name, cmetadata::text FROM "
                    + db.schema
                    + ".langchain_pg_collection"))
        .containsExactly(List.of(uuid, l2.name(), "{\"hnsw:space\": \"l2\"}"));
    assertExactRows(l2, uuid);
    List<List<String>> idx =
        db.rows(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = '"
                + db.schema
                + "' AND tablename = 'langchain_pg_embedding' ORDER BY indexname");
    assertThat(idx.stream().map(i -> i.get(0)))
        .containsExactly(
            "langchain_pg_embedding_cmetadata_gin",
            "langchain_pg_embedding_collection_id_idx",
            "langchain_pg_embedding_embedding_hnsw",
            "langchain_pg_embedding_pkey");
    assertThat(idx.get(2).get(1)).contains("USING hnsw (embedding vector_l2_ops)");
    assertThat(idx.get(0).get(1)).contains("USING gin (cmetadata jsonb_path_ops)");

    // A second run changes nothing and still passes.
    RunReport again = Runs.run(spec, tmp.resolve("run2"));
    assertThat(again.verdict()).isEqualTo("PASS");
    assertExactRows(l2, uuid);
  }

  @Test
  void serverIntoLangchainLayoutThenValidateNamesSeededFaults() throws Exception {
    Spec spec =
        spec("source: { type: chroma, url: \"" + ChromaTestData.URL + "\" }", cosine.name());
    RunReport r = Runs.run(spec, tmp.resolve("run"));
    assertThat(r.reasons()).isEmpty();
    assertThat(r.verdict()).isEqualTo("PASS");
    String uuid = LangchainLayout.collectionUuid(cosine.name()).toString();
    assertExactRows(cosine, uuid);
    assertThat(
            db.rows(
                    "SELECT indexdef FROM pg_indexes WHERE indexname ="
                        + " 'langchain_pg_embedding_embedding_hnsw' AND schemaname = '"
                        + db.schema
                        + "'")
                .get(0)
                .get(0))
        .contains("vector_cosine_ops");

    // Exact search (no HNSW index): the target's top-5 equals the exact top-5.
    db.execute("DROP INDEX " + db.schema + ".langchain_pg_embedding_embedding_hnsw");
    RunReport exact = Runs.validate(spec, tmp.resolve("exact"));
    assertThat(exact.verdict()).isEqualTo("PASS");
    assertThat(check(exact.flow("vectors"), "top-5 overlap").detail())
        .startsWith("20 seeded sample queries (seed 42): average 1.000, worst 1.000");

    // Seeded faults: one row deleted, one float's lowest bit flipped.
    db.execute("DELETE FROM " + db.schema + ".langchain_pg_embedding WHERE id = 'doc-00010'");
    flipLowestBit("doc-00020");
    RunReport v = Runs.validate(spec, tmp.resolve("faults"));
    assertThat(v.verdict()).isEqualTo("FAIL");
    Check integrity = check(v.flow("vectors"), "vector integrity");
    assertThat(integrity.passed()).isFalse();
    assertThat(integrity.detail())
        .startsWith(
            "bit-exact float32 per id: 1 missing [doc-00010], 1 changed [doc-00020], 0 extra ;");
    assertThat(check(v.flow("vectors"), "vector count").detail())
        .isEqualTo(
            "Chroma collection '"
                + cosine.name()
                + "': 1199 records, 1199 with a valid vector; target: 1198");
    // validate computed the facts in its own pass over the source and the steps.
    assertThat(VectorFactFiles.readSummary(VectorFactFiles.dir(tmp.resolve("faults"), "vectors")))
        .satisfies(
            sum -> {
              assertThat(sum.get("count")).isEqualTo(1199L);
              assertThat(sum.get("space")).isEqualTo("cosine");
            });
  }

  @Test
  void checksUseTheFactsOfThePassNotTheSource() throws Exception {
    // The source is a copy of the persisted directory, deleted as soon as every record is written:
    // the checks after the pipeline can only use the facts the pass wrote, and the target.
    Path copy = copyOfPersistedDirectory();
    Spec spec = spec("source: { type: chroma, path: \"" + copy + "\" }", l2.name());
    AtomicBoolean deleted = new AtomicBoolean();
    ProgressListener deleteSourceOnceWritten =
        counters -> {
          if (!deleted.get() && counters.getOrDefault(Counters.written("vectors"), 0L) == N - 1) {
            deleteTree(copy);
            deleted.set(true);
          }
        };
    Path runDir = tmp.resolve("run");
    RunReport r =
        Migration.run(
            spec,
            new RunSettings(runDir, false, "DirectRunner"),
            Runs.direct(),
            deleteSourceOnceWritten);
    assertThat(deleted).isTrue();
    assertThat(copy).doesNotExist();
    assertThat(r.reasons()).isEmpty();
    assertThat(r.verdict()).isEqualTo("PASS");
    FlowReport f = r.flow("vectors");
    assertAllL2VectorsArrived(f);
    assertThat(check(f, "top-5 overlap").detail())
        .startsWith("20 seeded sample queries (seed 42): average ");

    // The facts, against the server's records: the digest, and the exact top-5 of every sample
    // query by brute force here (squared l2, equal distances: smaller id first).
    Map<String, Record> records = ChromaTestData.serverRecords(l2);
    Path facts = VectorFactFiles.dir(runDir, "vectors");
    Record summary = VectorFactFiles.readSummary(facts);
    long digest = 0;
    for (Record rec : records.values()) {
      digest += VectorMath.fingerprint((String) rec.get("id"), (float[]) rec.get("embedding"));
    }
    assertThat(summary.get("count")).isEqualTo(1199L);
    assertThat(summary.get("digest")).isEqualTo(digest);
    assertThat(summary.get("dimensions")).isEqualTo(List.of(8L));
    assertThat(summary.get("space")).isEqualTo("l2");
    assertThat(check(f, "vector integrity").detail())
        .isEqualTo(
            "bit-exact float32 per id: 0 missing , 0 changed , 0 extra ; digest source "
                + Long.toHexString(digest)
                + ", target "
                + Long.toHexString(digest));
    List<Record> samples = VectorFactFiles.readSamples(facts);
    assertThat(samples).hasSize(20);
    Map<String, List<String>> topK = VectorFactFiles.readTopK(facts);
    assertThat(topK.keySet())
        .containsExactlyInAnyOrderElementsOf(
            samples.stream().map(x -> (String) x.get("id")).toList());
    for (Record sample : samples) {
      String q = (String) sample.get("id");
      float[] qv = (float[]) records.get(q).get("embedding");
      assertThat((float[]) sample.get("vector")).containsExactly(qv);
      List<String> ids = new ArrayList<>(records.keySet());
      Map<String, Double> d = new HashMap<>();
      for (String id : ids) {
        float[] v = (float[]) records.get(id).get("embedding");
        double sum = 0;
        for (int i = 0; i < v.length; i++) {
          double x = (double) qv[i] - v[i];
          sum += x * x;
        }
        d.put(id, sum);
      }
      ids.sort(Comparator.comparingDouble((String id) -> d.get(id)).thenComparing(id -> id));
      assertThat(topK.get(q)).as(q).isEqualTo(ids.subList(0, 5));
    }
  }

  @Test
  void wrongDimensionInTheSourceIsRejectedById() throws Exception {
    // A copy of the persisted directory with one log-only vector cut to 7 floats.
    Path copy = copyOfPersistedDirectory();
    try (Connection c =
            DriverManager.getConnection("jdbc:sqlite:" + copy.resolve("chroma.sqlite3"));
        Statement s = c.createStatement()) {
      assertThat(
              s.executeUpdate(
                  "UPDATE embeddings_queue SET vector = substr(vector, 1, 28) WHERE id ="
                      + " 'doc-01100' AND topic = 'persistent://default/default/"
                      + l2.id()
                      + "'"))
          .isEqualTo(1);
    }
    Spec spec = spec("source: { type: chroma, path: \"" + copy + "\" }", l2.name());
    RunReport r = Runs.run(spec, tmp.resolve("run"));
    FlowReport f = r.flow("vectors");
    assertThat(f.read()).isEqualTo(N - 1);
    assertThat(f.written()).isEqualTo(N - 2);
    assertThat(f.rejected()).isEqualTo(1);
    assertThat(r.verdict()).isEqualTo("FAIL");
    assertThat(check(f, "vector values").detail())
        .isEqualTo(
            "1 invalid source vector(s), rejected: [id 'doc-01100': embedding has dimension 7,"
                + " the collection 8]");
    String rejects = Files.readString(tmp.resolve("run/rejects/vectors.jsonl"));
    assertThat(rejects).contains("id 'doc-01100': embedding has dimension 7, the collection 8");
    assertThat(VectorFactFiles.readInvalid(VectorFactFiles.dir(tmp.resolve("run"), "vectors")))
        .containsExactly(
            Record.of(
                "id",
                "doc-01100",
                "reason",
                "id 'doc-01100': embedding has dimension 7, the collection 8"));

    // validate, with no migration pass, computes the same facts and names the same vector.
    RunReport v = Runs.validate(spec, tmp.resolve("validate"));
    assertThat(check(v.flow("vectors"), "vector values").detail())
        .isEqualTo(
            "1 invalid source vector(s), rejected: [id 'doc-01100': embedding has dimension 7,"
                + " the collection 8]");
    assertThat(check(v.flow("vectors"), "vector count").detail())
        .isEqualTo(
            "Chroma collection '"
                + l2.name()
                + "': 1199 records, 1198 with a valid vector; target: 1198");
    assertThat(check(v.flow("vectors"), "vector integrity").passed()).isTrue();
  }

  /** A consistent copy of the server's persisted directory (sqlite by VACUUM INTO, HNSW files). */
  private Path copyOfPersistedDirectory() throws Exception {
    Path copy = Files.createDirectories(tmp.resolve("chroma"));
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:sqlite:" + ChromaTestData.PATH.resolve("chroma.sqlite3"));
        Statement s = c.createStatement()) {
      s.execute("VACUUM INTO '" + copy.resolve("chroma.sqlite3") + "'");
    }
    try (var dirs = Files.list(ChromaTestData.PATH)) {
      for (Path d : dirs.filter(Files::isDirectory).toList()) {
        Path to = Files.createDirectories(copy.resolve(d.getFileName()));
        try (var files = Files.list(d)) {
          for (Path f : files.toList()) {
            Files.copy(f, to.resolve(f.getFileName()));
          }
        }
      }
    }
    return copy;
  }

  private void flipLowestBit(String id) throws Exception {
    List<String> row =
        db.rows(
                "SELECT embedding::real[]::text FROM "
                    + db.schema
                    + ".langchain_pg_embedding WHERE id = '"
                    + id
                    + "'")
            .get(0);
    String[] parts = row.get(0).replaceAll("[{}]", "").split(",");
    float f = Float.parseFloat(parts[0]);
    parts[0] = Float.toString(Float.intBitsToFloat(Float.floatToRawIntBits(f) ^ 1));
    db.execute(
        "UPDATE "
            + db.schema
            + ".langchain_pg_embedding SET embedding = '["
            + String.join(",", parts)
            + "]' WHERE id = '"
            + id
            + "'");
  }

  private Spec spec(String sourceLine, String collection) throws Exception {
    Path file = tmp.resolve("spec-" + collection + ".yaml");
    Files.writeString(
        file,
        String.join(
            "\n",
            "version: 1",
            "name: chroma-it",
            "params:",
            "  user_id: { required: true }",
            "sources:",
            "  vec: " + sourceLine.replaceFirst("^source: ", ""),
            "targets:",
            "  pg:",
            "    type: postgres",
            "    url: \"${env:FERRY_PG_URL}\"",
            "    user: \"${env:FERRY_PG_USER}\"",
            "    password: \"${env:FERRY_PG_PASSWORD}\"",
            "    schema: " + db.schema,
            "flows:",
            "  - name: vectors",
            "    from: { source: vec, collection: " + collection + " }",
            "    steps:",
            "      - set: { field: metadata.user_id, value: \"${user_id}\" }",
            "    to: { target: pg, layout: langchain }",
            ""));
    return Runs.load(file, Map.of("user_id", TENANT));
  }

  /**
   * Every target row equals the server's record: bit-exact vector, document, metadata + user_id.
   */
  private void assertExactRows(ChromaCollection c, String uuid) throws Exception {
    Map<String, Record> expected = ChromaTestData.serverRecords(c);
    Map<String, float[]> vectors = new HashMap<>();
    Map<String, String> docs = new HashMap<>();
    Map<String, Map<String, Object>> metas = new HashMap<>();
    try (Connection conn = DriverManager.getConnection(TestDb.URL, TestDb.USER, TestDb.PASSWORD);
        Statement s = conn.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT id, collection_id::text, embedding::real[], document, cmetadata::text FROM "
                    + db.schema
                    + ".langchain_pg_embedding")) {
      while (rs.next()) {
        String id = rs.getString(1);
        assertThat(rs.getString(2)).isEqualTo(uuid);
        Array a = rs.getArray(3);
        Float[] boxed = (Float[]) a.getArray();
        float[] v = new float[boxed.length];
        for (int i = 0; i < v.length; i++) {
          v[i] = boxed[i];
        }
        vectors.put(id, v);
        docs.put(id, rs.getString(4));
        @SuppressWarnings("unchecked")
        Map<String, Object> m = JSON.readValue(rs.getString(5), TreeMap.class);
        metas.put(id, m);
      }
    }
    assertThat(vectors.keySet()).isEqualTo(expected.keySet());
    for (Record want : expected.values()) {
      String id = (String) want.get("id");
      float[] w = (float[]) want.get("embedding");
      float[] h = vectors.get(id);
      assertThat(h).as(id).hasSameSizeAs(w);
      for (int i = 0; i < w.length; i++) {
        assertThat(Float.floatToRawIntBits(h[i]))
            .as("%s[%d]", id, i)
            .isEqualTo(Float.floatToRawIntBits(w[i]));
      }
      assertThat(docs.get(id)).isEqualTo(want.get("document"));
      Map<String, Object> meta = new TreeMap<>(((Record) want.get("metadata")).asMap());
      meta.put("user_id", TENANT);
      Map<String, Object> got = new TreeMap<>();
      metas.get(id).forEach((k, val) -> got.put(k, val instanceof Integer i ? i.longValue() : val));
      assertThat(got).as(id).isEqualTo(meta);
    }
  }

  private static void deleteTree(Path root) {
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The count and dimension lines of a clean run of the l2 collection (1,199 live records). */
  private static void assertAllL2VectorsArrived(FlowReport f) {
    assertThat(check(f, "vector count").detail())
        .isEqualTo(
            "Chroma collection '"
                + l2.name()
                + "': 1199 records, 1199 with a valid vector;"
                + " target: 1199");
    assertThat(check(f, "vector dimension").detail())
        .isEqualTo("source 8, target column vector(8)");
  }

  private static Check check(FlowReport f, String name) {
    return f.checks().stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no check '" + name + "' in " + f.checks()));
  }
}
