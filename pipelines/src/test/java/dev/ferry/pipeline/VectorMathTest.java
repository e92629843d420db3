package dev.ferry.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The vector checks' arithmetic: distances as Chroma's, the digest, the seeded sample rank. */
class VectorMathTest {

  @Test
  void distancesFollowChroma() {
    float[] a = {1f, 0f};
    float[] b = {0f, 2f};
    assertThat(VectorMath.distance("l2", a, b)).isEqualTo(5.0); // squared, as Chroma's l2
    assertThat(VectorMath.distance("cosine", a, b)).isEqualTo(1.0);
    assertThat(VectorMath.distance("cosine", a, new float[] {3f, 0f})).isEqualTo(0.0);
    assertThat(VectorMath.distance("ip", new float[] {1f, 2f}, new float[] {3f, 4f}))
        .isEqualTo(-11.0);
  }

  @Test
  void digestIgnoresOrderButNotBits() {
    long ab =
        VectorMath.fingerprint("a", new float[] {1f})
            + VectorMath.fingerprint("b", new float[] {2f});
    long ba =
        VectorMath.fingerprint("b", new float[] {2f})
            + VectorMath.fingerprint("a", new float[] {1f});
    assertThat(ab).isEqualTo(ba);
    float flipped = Float.intBitsToFloat(Float.floatToRawIntBits(1f) ^ 1);
    assertThat(VectorMath.fingerprint("a", new float[] {flipped}))
        .isNotEqualTo(VectorMath.fingerprint("a", new float[] {1f}));
    assertThat(VectorMath.fingerprint("a", new float[] {0f}))
        .isNotEqualTo(VectorMath.fingerprint("a", new float[] {-0f}));
    assertThat(VectorMath.fingerprint("a", new float[] {1f}))
        .isNotEqualTo(VectorMath.fingerprint("b", new float[] {1f}));
  }

  @Test
  void fingerprintSeesEveryComponentItsPlaceAndTheLength() {
    float[] v = new float[11];
    for (int i = 0; i < v.length; i++) {
      v[i] = i + 0.5f;
    }
    long base = VectorMath.fingerprint("a", v);
    assertThat(VectorMath.fingerprint("a", v.clone())).isEqualTo(base);
    java.util.Set<Long> seen = new java.util.HashSet<>(java.util.List.of(base));
    // One bit flipped in each component (each of the four lanes and the tail) ...
    for (int i = 0; i < v.length; i++) {
      float[] w = v.clone();
      w[i] = Float.intBitsToFloat(Float.floatToRawIntBits(w[i]) ^ 1);
      seen.add(VectorMath.fingerprint("a", w));
    }
    // ... two components of different lanes swapped, and one more or one fewer component.
    float[] swapped = v.clone();
    swapped[0] = v[1];
    swapped[1] = v[0];
    seen.add(VectorMath.fingerprint("a", swapped));
    seen.add(VectorMath.fingerprint("a", java.util.Arrays.copyOf(v, 12)));
    seen.add(VectorMath.fingerprint("a", java.util.Arrays.copyOf(v, 10)));
    assertThat(seen).hasSize(1 + v.length + 3);
  }

  @Test
  void sampleRankDependsOnSeedAndIdOnly() {
    assertThat(VectorMath.sampleRank(42, "doc-00001"))
        .isEqualTo(VectorMath.sampleRank(42, new String("doc-00001")));
    assertThat(VectorMath.sampleRank(42, "doc-00001"))
        .isNotEqualTo(VectorMath.sampleRank(43, "doc-00001"));
    assertThat(VectorMath.sampleRank(42, "doc-00001"))
        .isNotEqualTo(VectorMath.sampleRank(42, "doc-00002"));
  }
}
