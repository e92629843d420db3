package dev.ferry.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.io.chroma.ChromaCollection;
import dev.ferry.report.RunReport;
import dev.ferry.spec.Spec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real client reads Ferry's output: LangChain JS's {@code PGVectorStore} (npm
 * {@code @langchain/community}, installed by scripts/langchain-js-install.sh), configured for the
 * langchain layout's tables and columns, returns for sample query vectors the same neighbours, in
 * the same order, as Chroma's own query endpoint — for an l2 and a cosine collection.
 */
class LangchainJsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int N = 600;
  private static final int DIM = 12;
  private static final int K = 5;

  @TempDir Path tmp;
  private TestDb db;
  private final List<String> collections = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    db = new TestDb("lcjs_it");
  }

  @AfterEach
  void tearDown() throws Exception {
    for (String c : collections) {
      ChromaTestData.CHROMA.deleteCollection(c);
    }
    db.close();
  }

  @Test
  void pgVectorStoreReturnsChromasNeighboursL2() throws Exception {
    assertSameNeighbours("l2", "euclidean");
  }

  @Test
  void pgVectorStoreReturnsChromasNeighboursCosine() throws Exception {
    assertSameNeighbours("cosine", "cosine");
  }

  private void assertSameNeighbours(String space, String strategy) throws Exception {
    String name = ChromaTestData.uniqueName("lcjs_" + space);
    collections.add(name);
    ChromaCollection c = ChromaTestData.populate(name, space, N, DIM);
    Path spec = tmp.resolve("spec.yaml");
    Files.writeString(
        spec,
        String.join(
            "\n",
            "version: 1",
            "name: lcjs-it",
            "sources:",
            "  vec: { type: chroma, url: \"" + ChromaTestData.URL + "\" }",
            "targets:",
            "  pg:",
            "    type: postgres",
            "    url: \"${env:FERRY_PG_URL}\"",
            "    user: \"${env:FERRY_PG_USER}\"",
            "    password: \"${env:FERRY_PG_PASSWORD}\"",
            "    schema: " + db.schema,
            "flows:",
            "  - name: vectors",
            "    from: { source: vec, collection: " + name + " }",
            "    to: { target: pg, layout: langchain }",
            ""));
    Spec s = Runs.load(spec, Map.of());
    RunReport r = Runs.run(s, tmp.resolve("run"));
    assertThat(r.reasons()).isEmpty();

    Random rnd = new Random(7);
    List<float[]> queries = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      queries.add(ChromaTestData.vector(rnd, DIM));
    }
    List<List<String>> chroma = new ArrayList<>();
    for (float[] q : queries) {
      chroma.add(ChromaTestData.CHROMA.query(c, q, K));
    }
    List<List<String>> langchain = langchainNeighbours(name, strategy, queries);
    assertThat(chroma).allSatisfy(ids -> assertThat(ids).hasSize(K));
    assertThat(langchain).isEqualTo(chroma);
  }

  private List<List<String>> langchainNeighbours(
      String collection, String strategy, List<float[]> queries) throws Exception {
    Path dir =
        Path.of(
            run(
                    List.of(
                        TestDb.repoRoot().resolve("scripts/langchain-js-install.sh").toString()),
                    null)
                .trim());
    URI pg = URI.create(TestDb.URL.substring("jdbc:".length()));
    ObjectNode in = JSON.createObjectNode();
    ObjectNode conn = in.putObject("connection");
    conn.put("host", pg.getHost());
    conn.put("port", pg.getPort());
    conn.put("database", pg.getPath().substring(1));
    conn.put("user", TestDb.USER);
    conn.put("password", TestDb.PASSWORD);
    in.put("schema", db.schema);
    in.put("collection", collection);
    in.put("distance", strategy);
    in.put("k", K);
    ArrayNode qs = in.putArray("queries");
    for (float[] q : queries) {
      ArrayNode a = qs.addArray();
      for (float f : q) {
        a.add(f);
      }
    }
    String out =
        run(List.of("node", dir.resolve("query.mjs").toString()), JSON.writeValueAsString(in));
    List<List<String>> result = new ArrayList<>();
    for (JsonNode ids : JSON.readTree(out)) {
      List<String> l = new ArrayList<>();
      ids.forEach(id -> l.add(id.asText()));
      result.add(l);
    }
    return result;
  }

  private static String run(List<String> command, String stdin) throws Exception {
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE).start();
    if (stdin != null) {
      p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as("%s failed: %s", command, err).isZero();
    return out;
  }
}
