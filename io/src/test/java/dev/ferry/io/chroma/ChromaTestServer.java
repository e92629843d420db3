package dev.ferry.io.chroma;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The real Chroma server the integration tests use (started by scripts/chroma-start.sh, which
 * writes FERRY_CHROMA_URL and FERRY_CHROMA_PATH), and the test collections made through it: each
 * test makes its own uniquely named collections.
 */
final class ChromaTestServer {
  static final String URL = env("FERRY_CHROMA_URL", "http://127.0.0.1:58000");
  static final Path PATH =
      Path.of(
          env(
              "FERRY_CHROMA_PATH",
              System.getProperty("user.home") + "/.ferry/pg-chroot/var/lib/ferry-chroma/data"));

  private ChromaTestServer() {}

  static String uniqueName(String prefix) {
    return prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
  }

  /**
   * A collection of {@code n} records of dimension {@code dim} written in pages of 500, then: two
   * deletes, two vector updates and two metadata-only updates, one of each among the first records
   * (in the HNSW files) and one among the last (only in the write-ahead log).
   */
  static ChromaCollection populate(
      ChromaHttpClient chroma, String name, String space, int n, int dim) throws IOException {
    ChromaCollection c = chroma.createCollection(name, space);
    Random rnd = new Random(name.hashCode());
    for (int start = 0; start < n; start += 500) {
      List<String> ids = new ArrayList<>();
      List<float[]> vectors = new ArrayList<>();
      List<String> docs = new ArrayList<>();
      List<Map<String, Object>> metas = new ArrayList<>();
      for (int i = start; i < Math.min(n, start + 500); i++) {
        ids.add(id(i));
        vectors.add(randomVector(rnd, dim));
        docs.add("document " + i);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", (long) i);
        m.put("half", i / 2.0 + 0.25);
        m.put("even", i % 2 == 0);
        m.put("source", "gen-" + (i % 7));
        metas.add(m);
      }
      chroma.write(c, "add", ids, vectors, docs, metas);
    }
    chroma.write(c, "delete", List.of(id(1), id(n - 2)), null, null, null);
    chroma.write(
        c,
        "update",
        List.of(id(2), id(n - 3)),
        List.of(randomVector(rnd, dim), randomVector(rnd, dim)),
        null,
        null);
    Map<String, Object> m1 = new LinkedHashMap<>();
    m1.put("n", -1L);
    m1.put("tag", "changed");
    Map<String, Object> m2 = new LinkedHashMap<>();
    m2.put("source", null);
    chroma.write(c, "update", List.of(id(3), id(n - 4)), null, null, List.of(m1, m2));
    return c;
  }

  /** Every record the server returns for a collection, in its order. */
  static List<dev.ferry.record.Record> serverRecords(ChromaHttpClient chroma, ChromaCollection c)
      throws IOException {
    List<dev.ferry.record.Record> out = new ArrayList<>();
    long n = chroma.count(c);
    for (long off = 0; off < n; off += 1000) {
      out.addAll(chroma.get(c, off, 1000));
    }
    return out;
  }

  static String id(int i) {
    return String.format("doc-%05d", i);
  }

  static float[] randomVector(Random rnd, int dim) {
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
