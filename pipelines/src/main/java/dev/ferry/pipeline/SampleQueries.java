package dev.ferry.pipeline;

import dev.ferry.io.chroma.ChromaRangeReader;
import dev.ferry.record.Record;
import dev.ferry.spec.SourceSpec;
import dev.ferry.steps.StepChain;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Picks the seeded sample queries of a vector flow before its pass, so the pass can compute their
 * exact top-k as it goes: the source's ids are ranked by {@link VectorMath#sampleRank} (ties broken
 * by id), and the records of the best-ranked ids are fetched and put through the flow's steps until
 * {@code n} of them pass with an id and a vector ({@link VectorFacts#hasVector}); those are the
 * queries, best first, with their vectors as the writer gets them. The pick depends only on the
 * seed, the source and the steps, never on the runner or on how the source is split.
 *
 * <pre>{@code
 * List<SampleQuery> queries = SampleQueries.pick(plan, 42, 20);
 * }</pre>
 */
final class SampleQueries {
  /** Records fetched from the source per round while picking. */
  private static final int FETCH = 100;

  private SampleQueries() {}

  /** Fetches the records of some ids (those the source holds). */
  interface Fetch {
    List<Record> records(List<String> ids) throws Exception;
  }

  /** The sample queries of a Chroma flow, from its source through its steps. */
  static List<SampleQuery> pick(FlowPlan plan, long seed, int n) {
    SourceSpec.Chroma source = (SourceSpec.Chroma) plan.source();
    String name = plan.sourceTable();
    try (ChromaRangeReader reader =
        ChromaRangeReader.open(
            source.path() != null ? source.path().toString() : null, source.url())) {
      return pick(
          reader.ids(name),
          ids -> reader.readIds(name, ids),
          StepChain.of(plan.name(), plan.steps(), plan.key()),
          seed,
          n);
    } catch (PlanException e) {
      throw e;
    } catch (Exception e) {
      throw new PlanException(
          "flow '" + plan.name() + "': picking the sample queries failed: " + e.getMessage(), e);
    }
  }

  /**
   * The {@code n} best-ranked of {@code ids} whose records pass {@code chain} with a vector, best
   * first.
   */
  static List<SampleQuery> pick(List<String> ids, Fetch fetch, StepChain chain, long seed, int n)
      throws Exception {
    if (n < 1) {
      throw new IllegalArgumentException("samples must be at least 1, got " + n);
    }
    long[] ranks = new long[ids.size()];
    for (int i = 0; i < ranks.length; i++) {
      ranks[i] = VectorMath.sampleRank(seed, ids.get(i));
    }
    long[] sorted = ranks.clone();
    Arrays.sort(sorted);
    List<SampleQuery> out = new ArrayList<>(n);
    // Rounds of about FETCH candidates, in rank order: the ids whose rank is above the last
    // round's highest and at most this round's (all of an equal rank together), by rank then id.
    int done = 0;
    while (done < sorted.length && out.size() < n) {
      int to = Math.min(sorted.length, done + FETCH);
      long highest = sorted[to - 1];
      while (to < sorted.length && sorted[to] == highest) {
        to++;
      }
      long lowest = sorted[done];
      List<SampleQuery> round = new ArrayList<>(to - done);
      for (int i = 0; i < ranks.length; i++) {
        if (ranks[i] >= lowest && ranks[i] <= highest) {
          round.add(new SampleQuery(ids.get(i), ranks[i], null));
        }
      }
      round.sort(Comparator.comparingLong(SampleQuery::rank).thenComparing(SampleQuery::id));
      done = to;
      Map<String, Record> fetched = new HashMap<>();
      for (Record r : fetch.records(round.stream().map(SampleQuery::id).toList())) {
        fetched.put((String) r.get("id"), r);
      }
      for (SampleQuery candidate : round) {
        Record r = fetched.get(candidate.id());
        if (r == null) {
          continue; // gone from the source since its ids were listed
        }
        Record passed = chain.apply(r).passed();
        if (passed != null && VectorFacts.hasVector(passed)) {
          out.add(
              new SampleQuery(
                  (String) passed.get("id"), candidate.rank(), (float[]) passed.get("embedding")));
          if (out.size() == n) {
            break;
          }
        }
      }
    }
    return out;
  }
}
