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
    switch (space) {
      case "cosine":
        return cosine(dot(a, b), dot(a, a), dot(b, b));
      case "ip":
        return -dot(a, b);
      default:
        return l2(a, b);
    }
  }

  /**
   * The cosine distance from the dot product and both squared norms, so a caller comparing one
   * query with many vectors computes each norm once.
   */
  static double cosine(double dot, double squaredNormA, double squaredNormB) {
    return 1 - dot / Math.sqrt(squaredNormA * squaredNormB);
  }

  /**
   * The dot product in double precision, summed in four interleaved lanes (the exact top-k calls
   * this once per record and query; one chain of dependent additions would bound it by their
   * latency).
   */
  static double dot(float[] a, float[] b) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int n = a.length;
    int i = 0;
    for (; i + 3 < n; i += 4) {
      s0 += (double) a[i] * b[i];
      s1 += (double) a[i + 1] * b[i + 1];
      s2 += (double) a[i + 2] * b[i + 2];
      s3 += (double) a[i + 3] * b[i + 3];
    }
    for (; i < n; i++) {
      s0 += (double) a[i] * b[i];
    }
    return (s0 + s1) + (s2 + s3);
  }

  /** The squared l2 distance, summed like {@link #dot}. */
  static double l2(float[] a, float[] b) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int n = a.length;
    int i = 0;
    for (; i + 3 < n; i += 4) {
      double x0 = (double) a[i] - b[i];
      double x1 = (double) a[i + 1] - b[i + 1];
      double x2 = (double) a[i + 2] - b[i + 2];
      double x3 = (double) a[i + 3] - b[i + 3];
      s0 += x0 * x0;
      s1 += x1 * x1;
      s2 += x2 * x2;
      s3 += x3 * x3;
    }
    for (; i < n; i++) {
      double x = (double) a[i] - b[i];
      s0 += x * x;
    }
    return (s0 + s1) + (s2 + s3);
  }

  /**
   * A 64-bit hash of (id, vector bits); summed over a collection it ignores order. The components
   * are mixed in four lanes (component i into lane i % 4, each lane seeded differently), so the
   * four chains of dependent mixing run side by side.
   */
  static long fingerprint(String id, float[] v) {
    long seed = mix(id.hashCode() * 0x9E3779B97F4A7C15L + id.length());
    long h0 = seed;
    long h1 = seed ^ 0x3C6EF372FE94F82BL;
    long h2 = seed ^ 0xA54FF53A5F1D36F1L;
    long h3 = seed ^ 0x510E527FADE682D1L;
    int n = v.length;
    int i = 0;
    for (; i + 3 < n; i += 4) {
      h0 = mix(h0 ^ Float.floatToRawIntBits(v[i]));
      h1 = mix(h1 ^ Float.floatToRawIntBits(v[i + 1]));
      h2 = mix(h2 ^ Float.floatToRawIntBits(v[i + 2]));
      h3 = mix(h3 ^ Float.floatToRawIntBits(v[i + 3]));
    }
    for (; i < n; i++) {
      h0 = mix(h0 ^ Float.floatToRawIntBits(v[i]));
    }
    return mix(
        h0 ^ Long.rotateLeft(h1, 16) ^ Long.rotateLeft(h2, 32) ^ Long.rotateLeft(h3, 48) ^ n);
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
