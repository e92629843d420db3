package dev.ferry.pipeline;

/**
 * The plain arithmetic of the vector checks: the distance under a collection's space, the 64-bit
 * fingerprint of an (id, vector) pair whose sum over a collection is its order-independent digest,
 * and the seeded rank that picks the sample queries (the ids of smallest rank).
 *
 * <pre>{@code
 * double d = VectorMath.distance("cosine", a, b);
 * long digest = VectorMath.fingerprint("doc-1", a) + VectorMath.fingerprint("doc-2", b);
 * long rank = VectorMath.sampleRank(42, "doc-1");
 * }</pre>
 */
final class VectorMath {
  private VectorMath() {}

  /** Distance under the collection's space: squared l2, 1 - cosine, or negative inner product. */
  static double distance(String space, float[] a, float[] b) {
    // Each space sums only what it needs (the exact top-k calls this once per record and query).
    switch (space) {
      case "cosine":
        {
          double dot = 0;
          double na = 0;
          double nb = 0;
          for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
          }
          return 1 - dot / Math.sqrt(na * nb);
        }
      case "ip":
        {
          double dot = 0;
          for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
          }
          return -dot;
        }
      default:
        {
          double l2 = 0;
          for (int i = 0; i < a.length; i++) {
            double x = (double) a[i] - b[i];
            l2 += x * x;
          }
          return l2;
        }
    }
  }

  /** A 64-bit hash of (id, vector bits); summed over a collection it ignores order. */
  static long fingerprint(String id, float[] v) {
    long h = mix(id.hashCode() * 0x9E3779B97F4A7C15L + id.length());
    for (float f : v) {
      h = mix(h ^ Float.floatToRawIntBits(f));
    }
    return h;
  }

  /** The rank of an id in the seeded sample: the ids of smallest rank are the sample queries. */
  static long sampleRank(long seed, String id) {
    return mix(seed ^ id.hashCode() * 0x9E3779B97F4A7C15L) ^ id.length();
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
