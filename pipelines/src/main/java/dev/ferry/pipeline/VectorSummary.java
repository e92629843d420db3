package dev.ferry.pipeline;

import dev.ferry.record.Record;
import dev.ferry.record.RecordCoder;
import dev.ferry.record.RecordJson;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;

/**
 * Adds up the per-batch tallies of the records a flow writes (see {@link VectorBatchFacts}) into
 * the summary line of its vector facts (see {@link VectorFactFiles}): the flow's settings, {@code
 * count}, the order-independent {@code digest} (the sum of every record's {@link
 * VectorMath#fingerprint}) and the sorted distinct {@code dimensions} met. Only the small tallies
 * are combined, so no batch of vectors is ever shuffled or sorted (Flink's combine sorts its input,
 * and a batch of 2000 x 1024 floats does not fit its sort buffer). No records give count 0, so the
 * line is always there.
 *
 * <pre>{@code
 * PCollection<String> line = tallies.apply("summary", new VectorSummary(config));
 * }</pre>
 */
final class VectorSummary extends PTransform<PCollection<Record>, PCollection<String>> {
  private final VectorFacts.Config config;

  VectorSummary(VectorFacts.Config config) {
    this.config = config;
  }

  @Override
  public PCollection<String> expand(PCollection<Record> tallies) {
    return tallies.apply("add the tallies", Combine.globally(new AddTalliesFn(config)));
  }

  /** The tally of some records: {@code count}, {@code digest}, sorted {@code dimensions}. */
  static Record tally(Iterable<Record> records) {
    Tally t = new Tally();
    for (Record r : records) {
      if (VectorFacts.hasVector(r)) {
        float[] v = (float[]) r.get("embedding");
        t.add(v, VectorMath.fingerprint((String) r.get("id"), v));
      }
    }
    return t.toRecord();
  }

  /**
   * A tally being built: records are added with their fingerprint (computed once by the caller).
   */
  static final class Tally {
    private long count;
    private long digest;
    private final TreeSet<Long> dims = new TreeSet<>();

    void add(float[] vector, long fingerprint) {
      count++;
      digest += fingerprint;
      dims.add((long) vector.length);
    }

    Record toRecord() {
      return of(count, digest, dims);
    }
  }

  private static Record of(long count, long digest, TreeSet<Long> dims) {
    return Record.of("count", count, "digest", digest, "dimensions", new ArrayList<>(dims));
  }

  /** Adds tallies; the output is the summary line with the flow's settings. */
  static final class AddTalliesFn extends Combine.CombineFn<Record, Record, String> {
    private static final long serialVersionUID = 1L;
    private final VectorFacts.Config config;

    AddTalliesFn(VectorFacts.Config config) {
      this.config = config;
    }

    @Override
    public Record createAccumulator() {
      return of(0, 0, new TreeSet<>());
    }

    @Override
    public Record addInput(Record acc, Record tally) {
      return mergeAccumulators(List.of(acc, tally));
    }

    @Override
    public Record mergeAccumulators(Iterable<Record> accs) {
      long count = 0;
      long digest = 0;
      TreeSet<Long> dims = new TreeSet<>();
      for (Record a : accs) {
        count += (Long) a.get("count");
        digest += (Long) a.get("digest");
        for (Object d : (List<?>) a.get("dimensions")) {
          dims.add(((Number) d).longValue());
        }
      }
      return of(count, digest, dims);
    }

    @Override
    public String extractOutput(Record acc) {
      return RecordJson.write(
          Record.of(
              "collection", config.collection(),
              "dimension", (long) config.dimension(),
              "space", config.space(),
              "count", acc.get("count"),
              "digest", acc.get("digest"),
              "dimensions", acc.get("dimensions"),
              "k", (long) config.k(),
              "samples", (long) config.samples(),
              "seed", config.seed()));
    }

    @Override
    public Coder<Record> getAccumulatorCoder(CoderRegistry registry, Coder<Record> input) {
      return RecordCoder.of();
    }

    @Override
    public Coder<String> getDefaultOutputCoder(CoderRegistry registry, Coder<Record> input) {
      return StringUtf8Coder.of();
    }
  }
}
