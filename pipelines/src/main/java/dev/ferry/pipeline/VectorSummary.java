package dev.ferry.pipeline;

import dev.ferry.record.Record;
import dev.ferry.record.RecordBatch;
import dev.ferry.record.RecordCoder;
import dev.ferry.record.RecordJson;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;

/**
 * Combines the records a flow writes (fields {@code id} and {@code embedding}) into the summary
 * line of its vector facts (see {@link VectorFactFiles}): the flow's settings, {@code count}, the
 * order-independent {@code digest} (the sum of every record's {@link VectorMath#fingerprint}) and
 * the sorted distinct {@code dimensions} met. No records give count 0, so the line is always there.
 *
 * <pre>{@code
 * PCollection<String> line = written.apply(Combine.globally(new VectorSummary(config)));
 * }</pre>
 */
final class VectorSummary extends Combine.CombineFn<RecordBatch, Record, String> {
  private static final long serialVersionUID = 1L;
  private final VectorFacts.Config config;

  VectorSummary(VectorFacts.Config config) {
    this.config = config;
  }

  @Override
  public Record createAccumulator() {
    return Record.of("count", 0L, "digest", 0L, "dimensions", List.of());
  }

  @Override
  public Record addInput(Record acc, RecordBatch batch) {
    long count = (Long) acc.get("count");
    long digest = (Long) acc.get("digest");
    TreeSet<Long> dims = dimensions(acc);
    for (Record r : batch) {
      if (!VectorFacts.hasVector(r)) {
        continue;
      }
      float[] v = (float[]) r.get("embedding");
      count++;
      digest += VectorMath.fingerprint((String) r.get("id"), v);
      dims.add((long) v.length);
    }
    return of(count, digest, dims);
  }

  @Override
  public Record mergeAccumulators(Iterable<Record> accs) {
    long count = 0;
    long digest = 0;
    TreeSet<Long> dims = new TreeSet<>();
    for (Record a : accs) {
      count += (Long) a.get("count");
      digest += (Long) a.get("digest");
      dims.addAll(dimensions(a));
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
  public Coder<Record> getAccumulatorCoder(CoderRegistry registry, Coder<RecordBatch> input) {
    return RecordCoder.of();
  }

  @Override
  public Coder<String> getDefaultOutputCoder(CoderRegistry registry, Coder<RecordBatch> input) {
    return StringUtf8Coder.of();
  }

  private static TreeSet<Long> dimensions(Record acc) {
    TreeSet<Long> dims = new TreeSet<>();
    for (Object d : (List<?>) acc.get("dimensions")) {
      dims.add(((Number) d).longValue());
    }
    return dims;
  }

  private static Record of(long count, long digest, TreeSet<Long> dims) {
    return Record.of("count", count, "digest", digest, "dimensions", new ArrayList<>(dims));
  }
}
