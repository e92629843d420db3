package dev.ferry.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.pipeline.VectorRangeFacts.Neighbour;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The facts of parts of a collection: exact top-k over points p0..p9 at (i, 1) — under l2 the query
 * p3 has p3 at 0, then p2 and p4 at 1 (the smaller id first), then p1 and p5 at 4; under cosine the
 * query (1, 0) is nearest to p9, p8, p7 — and parts merging into the facts of the whole, however
 * the records were split.
 */
class VectorRangeFactsTest {
  private static final SampleQuery P3 = new SampleQuery("p3", 1, new float[] {3f, 1f});
  private static final SampleQuery X = new SampleQuery("x", 2, new float[] {1f, 0f});

  private static float[] point(int i) {
    return new float[] {i, 1f};
  }

  private static double cos(int i) {
    return 1 - i / Math.sqrt(i * i + 1.0);
  }

  private static VectorRangeFacts facts(
      List<SampleQuery> queries, String space, int k, int... ids) {
    VectorRangeFacts.Builder b = new VectorRangeFacts.Builder(queries, space, k);
    for (int i : ids) {
      b.add("p" + i, point(i));
    }
    return b.build();
  }

  @Test
  void nearestBreaksTiesBySmallerId() {
    assertThat(facts(List.of(P3), "l2", 4, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9).nearest())
        .containsExactly(
            Map.entry(
                "p3",
                List.of(
                    new Neighbour(0.0, "p3"),
                    new Neighbour(1.0, "p2"),
                    new Neighbour(1.0, "p4"),
                    new Neighbour(4.0, "p1"))));
    // The same points in another order: the same answer.
    assertThat(facts(List.of(P3), "l2", 4, 9, 4, 8, 2, 7, 3, 6, 1, 5, 0).nearest().get("p3"))
        .extracting(Neighbour::id)
        .containsExactly("p3", "p2", "p4", "p1");
    assertThat(facts(List.of(X), "cosine", 3, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9).nearest().get("x"))
        .containsExactly(
            new Neighbour(cos(9), "p9"), new Neighbour(cos(8), "p8"), new Neighbour(cos(7), "p7"));
  }

  @Test
  void aVectorOfAnotherDimensionHasNoDistance() {
    VectorRangeFacts.Builder b = new VectorRangeFacts.Builder(List.of(P3), "l2", 4);
    b.add("p0", point(0));
    b.add("p1", point(1));
    b.add("three-d", new float[] {3f, 1f, 0f});
    VectorRangeFacts f = b.build();
    assertThat(f.nearest())
        .containsExactly(
            Map.entry("p3", List.of(new Neighbour(4.0, "p1"), new Neighbour(9.0, "p0"))));
    assertThat(f.count()).isEqualTo(3);
    assertThat(f.dimensions()).containsExactly(2L, 3L);
  }

  @Test
  void partsMergeIntoTheFactsOfTheWhole() {
    List<SampleQuery> qs = List.of(P3, X);
    VectorRangeFacts whole = facts(qs, "l2", 3, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    VectorRangeFacts merged = VectorRangeFacts.none();
    merged.merge(facts(qs, "l2", 3, 5, 6, 7, 8, 9), 3);
    merged.merge(VectorRangeFacts.invalid("bad", "id 'bad': embedding has dimension 1"), 3);
    merged.merge(facts(qs, "l2", 3, 3, 4), 3);
    merged.merge(facts(qs, "l2", 3, 0, 1, 2), 3);
    // l2 from x = (1, 0): (i - 1)^2 + 1.
    assertThat(merged.nearest())
        .isEqualTo(whole.nearest())
        .containsExactly(
            Map.entry(
                "p3",
                List.of(
                    new Neighbour(0.0, "p3"), new Neighbour(1.0, "p2"), new Neighbour(1.0, "p4"))),
            Map.entry(
                "x",
                List.of(
                    new Neighbour(1.0, "p1"), new Neighbour(2.0, "p0"), new Neighbour(2.0, "p2"))));
    long digest = 0;
    for (int i = 0; i < 10; i++) {
      digest += VectorMath.fingerprint("p" + i, point(i));
    }
    assertThat(merged.count()).isEqualTo(10).isEqualTo(whole.count());
    assertThat(merged.digest()).isEqualTo(digest).isEqualTo(whole.digest());
    assertThat(merged.dimensions()).containsExactly(2L);
    assertThat(merged.invalidVectors())
        .containsExactly(
            new VectorRangeFacts.Invalid("bad", "id 'bad': embedding has dimension 1"));
  }

  @Test
  void buildStartsTheBuilderAfresh() {
    VectorRangeFacts.Builder b = new VectorRangeFacts.Builder(List.of(P3), "l2", 2);
    b.add("p3", point(3));
    b.invalid("bad", "why");
    b.build();
    b.add("p9", point(9));
    VectorRangeFacts second = b.build();
    assertThat(second.count()).isEqualTo(1);
    assertThat(second.digest()).isEqualTo(VectorMath.fingerprint("p9", point(9)));
    assertThat(second.invalidVectors()).isEmpty();
    assertThat(second.nearest())
        .containsExactly(Map.entry("p3", List.of(new Neighbour(36.0, "p9"))));
  }
}
