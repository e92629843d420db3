package dev.ferry.pipeline;

import dev.ferry.record.FlowTags;
import dev.ferry.record.Record;
import dev.ferry.record.RecordBatch;
import dev.ferry.record.RecordJson;
import dev.ferry.record.Reject;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;

/**
 * The two DoFns of a rollback's join: {@link KeyFn} keys each record of one side by its join field
 * (a record without it is rejected), and {@link MergeFn} builds one joined record per document of
 * the primary side, with each other side's single match under its {@code as} name; a missing or
 * repeated match rejects the joined key with a reason naming the side.
 *
 * <pre>{@code
 * batches.apply(ParDo.of(new RollbackJoin.KeyFn("rollback", "dataset_metadata", "dataset_id")));
 * }</pre>
 */
final class RollbackJoin {
  private RollbackJoin() {}

  /** The join key of a value: its JSON text, so equal values of any kind meet. */
  static String keyText(Object v) {
    return RecordJson.write(Record.of("k", v));
  }

  static final class KeyFn extends DoFn<RecordBatch, KV<String, Record>> {
    private static final long serialVersionUID = 1L;
    private final String flow;
    private final String side;
    private final String field;

    KeyFn(String flow, String side, String field) {
      this.flow = flow;
      this.side = side;
      this.field = field;
    }

    @ProcessElement
    public void process(@Element RecordBatch batch, MultiOutputReceiver out) {
      for (Record r : batch) {
        Object v = r.getPath(field);
        if (v == null) {
          out.get(FlowTags.REJECTS)
              .output(
                  Reject.of(
                      flow,
                      "join " + side,
                      side + ": join field '" + field + "' is missing or null",
                      Record.of("_id", r.get("_id")),
                      r));
        } else {
          out.get(KEYED).output(KV.of(keyText(v), r));
        }
      }
    }
  }

  static final TupleTag<KV<String, Record>> KEYED = new TupleTag<KV<String, Record>>("keyed") {};

  /** The joined records, keyed by one of a few shards so they can be grouped into batches. */
  static final TupleTag<KV<Integer, Record>> JOINED =
      new TupleTag<KV<Integer, Record>>("joined") {};

  /**
   * Many small groups: the DirectRunner copies a key's whole group for every element it adds, so
   * few large groups would cost time quadratic in their size.
   */
  static final int SHARDS = 512;

  /** Cuts a shard's joined records into batches. */
  static final class ToBatchFn extends DoFn<KV<Integer, Iterable<Record>>, RecordBatch> {
    private static final long serialVersionUID = 1L;
    private final int batchSize;

    ToBatchFn(int batchSize) {
      this.batchSize = batchSize;
    }

    @ProcessElement
    public void process(@Element KV<Integer, Iterable<Record>> e, OutputReceiver<RecordBatch> out) {
      List<Record> b = new ArrayList<>(batchSize);
      for (Record r : e.getValue()) {
        b.add(r);
        if (b.size() == batchSize) {
          out.output(RecordBatch.of(b));
          b = new ArrayList<>(batchSize);
        }
      }
      if (!b.isEmpty()) {
        out.output(RecordBatch.of(b));
      }
    }
  }

  static final class MergeFn extends DoFn<KV<String, CoGbkResult>, KV<Integer, Record>> {
    private static final long serialVersionUID = 1L;
    private final String flow;
    private final List<String> sides;
    private final List<String> as;
    private final List<TupleTag<Record>> tags;
    private final String keyField;

    MergeFn(
        String flow,
        List<String> sides,
        List<String> as,
        List<TupleTag<Record>> tags,
        String keyField) {
      this.flow = flow;
      this.sides = sides;
      this.as = as;
      this.tags = tags;
      this.keyField = keyField;
    }

    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> e, MultiOutputReceiver out) {
      List<Record> primary = list(e.getValue().getAll(tags.get(0)));
      for (Record p : primary) {
        Record joined = p.copy();
        String problem = null;
        for (int i = 1; i < tags.size(); i++) {
          List<Record> matches = list(e.getValue().getAll(tags.get(i)));
          if (matches.size() != 1) {
            problem =
                sides.get(i)
                    + " has "
                    + matches.size()
                    + " documents with "
                    + keyField
                    + " "
                    + e.getKey().substring(5, e.getKey().length() - 1)
                    + " (expected 1)";
            break;
          }
          joined.put(as.get(i), matches.get(0).copy());
        }
        if (problem != null) {
          out.get(FlowTags.REJECTS)
              .output(
                  Reject.of(flow, "join", problem, Record.of(keyField, p.getPath(keyField)), p));
          continue;
        }
        out.get(JOINED).output(KV.of(Math.floorMod(e.getKey().hashCode(), SHARDS), joined));
      }
      if (primary.isEmpty()) {
        // A document of another side that no primary document has: it cannot be rebuilt.
        for (int i = 1; i < tags.size(); i++) {
          for (Record orphan : e.getValue().getAll(tags.get(i))) {
            // Counted as read too, so read = written + rejected still holds.
            org.apache.beam.sdk.metrics.Metrics.counter(Counters.NAMESPACE, Counters.read(flow))
                .inc();
            out.get(FlowTags.REJECTS)
                .output(
                    Reject.of(
                        flow,
                        "join",
                        sides.get(i) + " document has no " + sides.get(0) + " document to join",
                        Record.of(keyField, orphan.getPath(keyField)),
                        orphan));
          }
        }
      }
    }

    private static List<Record> list(Iterable<Record> it) {
      List<Record> out = new ArrayList<>();
      for (Iterator<Record> i = it.iterator(); i.hasNext(); ) {
        out.add(i.next());
      }
      return out;
    }
  }
}
