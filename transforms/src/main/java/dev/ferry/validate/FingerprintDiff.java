package dev.ferry.validate;

import dev.ferry.record.Record;
import dev.ferry.record.RecordCoder;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Compares the {@link KeyedFingerprints} of a source and a target by key and emits one record per
 * difference: {@code {kind: "missing", key}} (in the source, not the target), {@code {kind:
 * "extra", key}} (in the target only), {@code {kind: "changed", key, columns: [names]}} (columns
 * whose hashes differ or that one side lacks), and {@code {kind: "duplicate", key, side:
 * "source"|"target", count}} for a key seen more than once on one side (such a key is not compared
 * further). Counts go to the counters {@code ferry:<flow>.validate.source}, {@code .target}, {@code
 * .matched}, {@code .missing}, {@code .extra}, {@code .changed} and {@code .duplicate}.
 *
 * <pre>{@code
 * PCollection<Record> diffs = KeyedPCollectionTuple.of(FingerprintDiff.SOURCE, sourceFp)
 *     .and(FingerprintDiff.TARGET, targetFp)
 *     .apply(FingerprintDiff.of("items"));
 * }</pre>
 */
public final class FingerprintDiff
    extends PTransform<KeyedPCollectionTuple<String>, PCollection<Record>> {
  /** Tags the source's fingerprints in the input. */
  public static final TupleTag<Record> SOURCE = new TupleTag<Record>("source") {};

  /** Tags the target's fingerprints in the input. */
  public static final TupleTag<Record> TARGET = new TupleTag<Record>("target") {};

  private final String flow;

  private FingerprintDiff(String flow) {
    this.flow = flow;
  }

  public static FingerprintDiff of(String flow) {
    if (flow == null || flow.isEmpty()) {
      throw new IllegalArgumentException("FingerprintDiff needs a flow name");
    }
    return new FingerprintDiff(flow);
  }

  @Override
  public PCollection<Record> expand(KeyedPCollectionTuple<String> input) {
    for (TupleTag<Record> tag : List.of(SOURCE, TARGET)) {
      if (!input.getCoGbkResultSchema().getTupleTagList().getAll().contains(tag)) {
        throw new IllegalArgumentException(
            "FingerprintDiff for flow '" + flow + "' needs the " + tag.getId() + " fingerprints");
      }
    }
    return input
        .apply(CoGroupByKey.create())
        .apply(ParDo.of(new DiffFn(flow)))
        .setCoder(RecordCoder.of());
  }

  /** Compares the fingerprints of one key. */
  static final class DiffFn extends DoFn<KV<String, CoGbkResult>, Record> {
    private final Counter source;
    private final Counter target;
    private final Counter matched;
    private final Counter missing;
    private final Counter extra;
    private final Counter changed;
    private final Counter duplicate;

    DiffFn(String flow) {
      String p = flow + ".validate.";
      this.source = Metrics.counter("ferry", p + "source");
      this.target = Metrics.counter("ferry", p + "target");
      this.matched = Metrics.counter("ferry", p + "matched");
      this.missing = Metrics.counter("ferry", p + "missing");
      this.extra = Metrics.counter("ferry", p + "extra");
      this.changed = Metrics.counter("ferry", p + "changed");
      this.duplicate = Metrics.counter("ferry", p + "duplicate");
    }

    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> e, OutputReceiver<Record> out) {
      String key = e.getKey();
      List<Record> src = list(e.getValue().getAll(SOURCE));
      List<Record> tgt = list(e.getValue().getAll(TARGET));
      source.inc(src.size());
      target.inc(tgt.size());
      if (src.size() > 1 || tgt.size() > 1) {
        duplicates(key, "source", src.size(), out);
        duplicates(key, "target", tgt.size(), out);
      } else if (tgt.isEmpty()) {
        missing.inc();
        out.output(Record.of("kind", "missing", "key", key));
      } else if (src.isEmpty()) {
        extra.inc();
        out.output(Record.of("kind", "extra", "key", key));
      } else {
        List<String> columns = Fingerprint.differingColumns(src.get(0), tgt.get(0));
        if (columns.isEmpty()) {
          matched.inc();
        } else {
          changed.inc();
          out.output(Record.of("kind", "changed", "key", key, "columns", columns));
        }
      }
    }

    private void duplicates(String key, String side, int count, OutputReceiver<Record> out) {
      if (count > 1) {
        duplicate.inc();
        out.output(Record.of("kind", "duplicate", "key", key, "side", side, "count", (long) count));
      }
    }

    private static List<Record> list(Iterable<Record> it) {
      List<Record> out = new ArrayList<>(1);
      for (Record r : it) {
        out.add(r);
      }
      return out;
    }
  }
}
