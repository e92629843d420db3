package dev.ferry.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.record.Record;
import dev.ferry.steps.StepChain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The seeded sample, picked before the pass: the ids of smallest rank whose records pass the steps
 * with a vector, whatever the order of the ids; a candidate the steps reject, or the source no
 * longer holds, gives its place to the next.
 */
class SampleQueriesTest {
  private static final long SEED = 42;
  private static final StepChain CHECK =
      StepChain.of("v", List.of(new VectorCheckStep(2)), List.of("id"));

  /** doc-000..doc-(n-1) at (i, 1); the ids in {@code wrong} get a 3-dimensional vector. */
  private static Map<String, Record> source(int n, List<String> wrong) {
    Map<String, Record> out = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      String id = String.format("doc-%03d", i);
      float[] v = wrong.contains(id) ? new float[] {i, 1f, 0f} : new float[] {i, 1f};
      out.put(id, Record.of("id", id, "embedding", v));
    }
    return out;
  }

  /** Every id ranked by brute force, best first. */
  private static List<String> ranked(Iterable<String> ids) {
    List<String> all = new ArrayList<>();
    ids.forEach(all::add);
    all.sort(
        Comparator.comparingLong((String id) -> VectorMath.sampleRank(SEED, id))
            .thenComparing(id -> id));
    return all;
  }

  private static List<SampleQuery> pick(List<String> ids, Map<String, Record> source, int n)
      throws Exception {
    return SampleQueries.pick(
        ids,
        wanted -> wanted.stream().filter(source::containsKey).map(source::get).toList(),
        CHECK,
        SEED,
        n);
  }

  @Test
  void picksTheSmallestRanksWithTheirVectorsWhateverTheOrder() throws Exception {
    Map<String, Record> source = source(300, List.of());
    List<String> want = ranked(source.keySet()).subList(0, 5);
    List<SampleQuery> got = pick(new ArrayList<>(source.keySet()), source, 5);
    assertThat(got).extracting(SampleQuery::id).containsExactlyElementsOf(want);
    for (SampleQuery q : got) {
      assertThat(q.rank()).isEqualTo(VectorMath.sampleRank(SEED, q.id()));
      assertThat(q.vector()).containsExactly(Integer.parseInt(q.id().substring(4)), 1f);
    }
    List<String> shuffled = new ArrayList<>(source.keySet());
    Collections.shuffle(shuffled, new Random(7));
    assertThat(pick(shuffled, source, 5))
        .extracting(SampleQuery::id)
        .containsExactlyElementsOf(want);
  }

  @Test
  void aRejectedOrVanishedCandidateGivesItsPlaceToTheNext() throws Exception {
    List<String> order = ranked(source(300, List.of()).keySet());
    // The best-ranked id has a wrong dimension; the third is listed but no longer in the source.
    Map<String, Record> source = source(300, List.of(order.get(0)));
    List<String> ids = new ArrayList<>(source.keySet());
    source.remove(order.get(2));
    assertThat(pick(ids, source, 3))
        .extracting(SampleQuery::id)
        .containsExactly(order.get(1), order.get(3), order.get(4));
  }

  @Test
  void thePickGoesOnPastARoundOfCandidatesThatAllFail() throws Exception {
    List<String> order = ranked(source(300, List.of()).keySet());
    // The 150 best-ranked ids (more than one round of candidates) have a wrong dimension.
    Map<String, Record> source = source(300, order.subList(0, 150));
    assertThat(pick(new ArrayList<>(source.keySet()), source, 3))
        .extracting(SampleQuery::id)
        .containsExactly(order.get(150), order.get(151), order.get(152));
  }

  @Test
  void fewerRecordsThanSamplesGiveThemAll() throws Exception {
    Map<String, Record> source = source(3, List.of());
    assertThat(pick(new ArrayList<>(source.keySet()), source, 5))
        .extracting(SampleQuery::id)
        .containsExactlyElementsOf(ranked(source.keySet()));
    assertThat(pick(List.of(), Map.of(), 5)).isEmpty();
    assertThatThrownBy(() -> pick(List.of(), Map.of(), 0))
        .hasMessage("samples must be at least 1, got 0");
  }
}
