package dev.ferry.spec;

/**
 * The thresholds of the vector checks of a flow that reads a Chroma collection: how many stored
 * vectors are sampled (seeded, so runs repeat) as top-k queries against the target's index, the
 * least average overlap with the exact top-k, and the most p95 search latency.
 *
 * <pre>{@code
 * checks:
 *   vectors: { k: 5, samples: 20, seed: 42, min_overlap: 0.8, max_p95_ms: 1000 }
 * }</pre>
 *
 * @param k neighbours per query
 * @param samples sample queries
 * @param seed the sampling seed
 * @param minOverlap the least average top-k overlap, 0..1
 * @param maxP95Millis the p95 search latency must stay below this
 */
public record VectorChecksSpec(
    int k, int samples, long seed, double minOverlap, double maxP95Millis) {
  /** The seed scenario's thresholds: k = 5 over 20 queries, >= 80 % overlap, p95 < 1000 ms. */
  public static final VectorChecksSpec DEFAULT = new VectorChecksSpec(5, 20, 42, 0.8, 1000);
}
