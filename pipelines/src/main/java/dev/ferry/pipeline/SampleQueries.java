package dev.ferry.pipeline;

import dev.ferry.record.Record;
import dev.ferry.record.RecordBatch;
import dev.ferry.record.RecordCoder;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Top;
import org.apache.beam.sdk.values.PCollection;

/**
 * Picks the seeded sample queries of a collection: the {@code n} records whose id has the smallest
 * {@link VectorMath#sampleRank} (ties broken by id), as {@code {id, rank, vector}} records, best
 * first. Each batch keeps its own best {@code n}, then one {@link Top} combine keeps the best of
 * those, so the sample depends only on the seed and the ids, never on the runner or the bundling,
 * and no more than {@code n} vectors per batch leave a worker.
 *
 * <pre>{@code
 * PCollection<List<Record>> queries = written.apply("samples", SampleQueries.of(42, 20));
 * }</pre>
 */
final class SampleQueries extends PTransform<PCollection<RecordBatch>, PCollection<List<Record>>> {
  private final long seed;
  private final int n;

  private SampleQueries(long seed, int n) {
    this.seed = seed;
    this.n = n;
  }

  static SampleQueries of(long seed, int n) {
    if (n < 1) {
      throw new IllegalArgumentException("samples must be at least 1, got " + n);
    }
    return new SampleQueries(seed, n);
  }

  @Override
  public PCollection<List<Record>> expand(PCollection<RecordBatch> input) {
    return input
        .apply("best of each batch", ParDo.of(new BestOfBatchFn(seed, n)))
        .setCoder(RecordCoder.of())
        .apply("best overall", overall(n));
  }

  /** Keeps the best {@code n} of candidates (see {@link #best}), best first. */
  static PTransform<PCollection<Record>, PCollection<List<Record>>> overall(int n) {
    return Top.of(n, new FirstRanked());
  }

  /**
   * The best {@code n} sample candidates among {@code records} (fields {@code id} and {@code
   * embedding}), best first.
   */
  static List<Record> best(Iterable<Record> records, long seed, int n) {
    FirstRanked order = new FirstRanked();
    // The worst kept candidate on top, so a better one replaces it.
    PriorityQueue<Record> kept = new PriorityQueue<>(order);
    for (Record r : records) {
      if (!VectorFacts.hasVector(r)) {
        continue;
      }
      String id = (String) r.get("id");
      Record candidate =
          Record.of(
              "id", id, "rank", VectorMath.sampleRank(seed, id), "vector", r.get("embedding"));
      if (kept.size() < n) {
        kept.add(candidate);
      } else if (order.compare(candidate, kept.peek()) > 0) {
        kept.poll();
        kept.add(candidate);
      }
    }
    List<Record> out = new ArrayList<>(kept);
    out.sort(order.reversed());
    return out;
  }

  /** Orders candidates so that the better (smaller rank, then smaller id) is the greater. */
  static final class FirstRanked implements Comparator<Record>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public int compare(Record a, Record b) {
      int byRank = Long.compare((Long) b.get("rank"), (Long) a.get("rank"));
      return byRank != 0 ? byRank : ((String) b.get("id")).compareTo((String) a.get("id"));
    }
  }

  private static final class BestOfBatchFn extends DoFn<RecordBatch, Record> {
    private final long seed;
    private final int n;

    BestOfBatchFn(long seed, int n) {
      this.seed = seed;
      this.n = n;
    }

    @ProcessElement
    public void process(@Element RecordBatch batch, OutputReceiver<Record> out) {
      for (Record r : best(batch, seed, n)) {
        out.output(r);
      }
    }
  }
}
