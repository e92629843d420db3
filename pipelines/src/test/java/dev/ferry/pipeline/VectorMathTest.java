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
  void sampleRankDependsOnSeedAndIdOnly() {
    assertThat(VectorMath.sampleRank(42, "doc-00001"))
        .isEqualTo(VectorMath.sampleRank(42, new String("doc-00001")));
    assertThat(VectorMath.sampleRank(42, "doc-00001"))
        .isNotEqualTo(VectorMath.sampleRank(43, "doc-00001"));
    assertThat(VectorMath.sampleRank(42, "doc-00001"))
        .isNotEqualTo(VectorMath.sampleRank(42, "doc-00002"));
  }
}
