package dev.ferry.pipeline;

import dev.ferry.io.chroma.ChromaCollection;
import dev.ferry.io.chroma.ChromaHttpClient;
import dev.ferry.record.Record;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The real Chroma server of the integration tests (scripts/chroma-start.sh writes FERRY_CHROMA_URL
 * and FERRY_CHROMA_PATH) and collections made through it, uniquely named per test.
 */
final class ChromaTestData {
  static final String URL = env("FERRY_CHROMA_URL", "http://127.0.0.1:58000");
  static final Path PATH =
      Path.of(
          env(
              "FERRY_CHROMA_PATH",
              System.getProperty("user.home") + "/.ferry/pg-chroot/var/lib/ferry-chroma/data"));
  static final ChromaHttpClient CHROMA = new ChromaHttpClient(URL);

  private ChromaTestData() {}

  static String uniqueName(String prefix) {
    return prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
  }

  /**
   * {@code n} records of dimension {@code dim} (metadata: n, source), then one delete, one vector
   * update and one metadata-only update among the last records (only in the write-ahead log).
   */
  static ChromaCollection populate(String name, String space, int n, int dim) throws IOException {
    ChromaCollection c = CHROMA.createCollection(name, space);
    Random rnd = new Random(42);
    for (int start = 0; start < n; start += 500) {
      List<String> ids = new ArrayList<>();
      List<float[]> vectors = new ArrayList<>();
      List<String> docs = new ArrayList<>();
      List<Map<String, Object>> metas = new ArrayList<>();
      for (int i = start; i < Math.min(n, start + 500); i++) {
        ids.add(id(i));
        vectors.add(vector(rnd, dim));
        docs.add("document " + i);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", (long) i);
        m.put("source", "gen-" + (i % 7));
        metas.add(m);
      }
      CHROMA.write(c, "add", ids, vectors, docs, metas);
    }
    CHROMA.write(c, "delete", List.of(id(n - 1)), null, null, null);
    CHROMA.write(c, "update", List.of(id(n - 2)), List.of(vector(rnd, dim)), null, null);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("n", -1L);
    CHROMA.write(c, "update", List.of(id(n - 3)), null, null, List.of(m));
    return CHROMA.collection(name);
  }

  /** Every record of a collection as the server returns it, by id. */
  static Map<String, Record> serverRecords(ChromaCollection c) throws IOException {
    Map<String, Record> out = new LinkedHashMap<>();
    long n = CHROMA.count(c);
    for (long off = 0; off < n; off += 1000) {
      for (Record r : CHROMA.get(c, off, 1000)) {
        out.put((String) r.get("id"), r);
      }
    }
    return out;
  }

  static String id(int i) {
    return String.format("doc-%05d", i);
  }

  static float[] vector(Random rnd, int dim) {
    float[] v = new float[dim];
    for (int i = 0; i < dim; i++) {
      v[i] = (float) rnd.nextGaussian();
    }
    return v;
  }

  private static String env(String name, String dflt) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? dflt : v;
  }
}
