package dev.ferry.examples;

import dev.ferry.io.chroma.ChromaCollection;
import dev.ferry.io.chroma.ChromaHttpClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Scenario S2's embeddings half: writes the sample Chroma collection through a running Chroma
 * server — one cosine record per sample {@code embeddings} row (same ids as {@link S2SampleData}),
 * with a deterministic unit-ish vector, a short document and metadata ({@code item_id}, {@code
 * model}, {@code chunk}). Upserts, so writing it twice leaves the same collection.
 *
 * <pre>{@code
 * S2ChromaSample.write("http://127.0.0.1:58000", "collections_vectors", 500, 1024);
 * }</pre>
 */
public final class S2ChromaSample {
  private S2ChromaSample() {}

  /** Upserts {@code rows} records of dimension {@code dim} into collection {@code name}. */
  public static ChromaCollection write(String url, String name, int rows, int dim)
      throws IOException {
    ChromaHttpClient chroma = new ChromaHttpClient(url);
    ChromaCollection c = chroma.createCollection(name, "cosine");
    SplittableRandom rnd = new SplittableRandom(2024);
    int page = Math.max(1, 4_000_000 / (dim * 12));
    for (int start = 0; start < rows; start += page) {
      List<String> ids = new ArrayList<>();
      List<float[]> vectors = new ArrayList<>();
      List<String> docs = new ArrayList<>();
      List<Map<String, Object>> metas = new ArrayList<>();
      for (int i = start; i < Math.min(rows, start + page); i++) {
        ids.add(S2SampleData.id("embedding", i));
        float[] v = new float[dim];
        for (int j = 0; j < dim; j++) {
          v[j] = (float) (rnd.nextDouble() * 2 - 1);
        }
        vectors.add(v);
        docs.add("analysis of item " + S2SampleData.id("item", i));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("item_id", S2SampleData.id("item", i));
        m.put("model", "voyage-3.5-lite");
        m.put("chunk", (long) (i % 3));
        metas.add(m);
      }
      chroma.write(c, "upsert", ids, vectors, docs, metas);
    }
    return chroma.collection(name);
  }
}
