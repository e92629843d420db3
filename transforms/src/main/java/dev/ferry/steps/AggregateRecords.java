package dev.ferry.steps;

import dev.ferry.record.FlowTags;
import dev.ferry.record.Record;
import dev.ferry.record.RecordBatch;
import dev.ferry.record.RecordBatchCoder;
import dev.ferry.record.RecordCoder;
import dev.ferry.record.RecordJson;
import dev.ferry.record.Reject;
import dev.ferry.record.RejectCoder;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Runs an {@link AggregateStep} over all of a flow's records: groups them by the step's key fields
 * and emits one aggregated record per group (in batches of one group each), with a reject output
 * for groups whose result cannot be built. Every merged record beyond the first of its group is
 * counted in {@code ferry:<flow>.routed}.
 *
 * <pre>{@code
 * PCollectionTuple out = records.apply(AggregateRecords.of("personalities", step));
 * PCollection<RecordBatch> perPersonality = out.get(FlowTags.RECORDS);
 * }</pre>
 */
public final class AggregateRecords extends PTransform<PCollection<RecordBatch>, PCollectionTuple> {
  private static final long serialVersionUID = 1L;
  private final String flow;
  private final AggregateStep step;

  private AggregateRecords(String flow, AggregateStep step) {
    this.flow = flow;
    this.step = step;
  }

  public static AggregateRecords of(String flow, AggregateStep step) {
    if (flow == null || flow.isEmpty() || step == null) {
      throw new IllegalArgumentException("AggregateRecords needs a flow name and a step");
    }
    return new AggregateRecords(flow, step);
  }

  @Override
  public PCollectionTuple expand(PCollection<RecordBatch> input) {
    PCollectionTuple out =
        input
            .apply("key records", ParDo.of(new KeyFn(step)))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), RecordCoder.of()))
            .apply("group", GroupByKey.create())
            .apply(
                "aggregate groups",
                ParDo.of(new AggregateFn(flow, step))
                    .withOutputTags(FlowTags.RECORDS, TupleTagList.of(FlowTags.REJECTS)));
    out.get(FlowTags.RECORDS).setCoder(RecordBatchCoder.of());
    out.get(FlowTags.REJECTS).setCoder(RejectCoder.of());
    return out;
  }

  /** Keys every record by the JSON of its group key. */
  static final class KeyFn extends DoFn<RecordBatch, KV<String, Record>> {
    private static final long serialVersionUID = 1L;
    private final AggregateStep step;

    KeyFn(AggregateStep step) {
      this.step = step;
    }

    @ProcessElement
    public void process(@Element RecordBatch batch, OutputReceiver<KV<String, Record>> out) {
      for (Record r : batch) {
        out.output(KV.of(RecordJson.write(step.keyOf(r)), r));
      }
    }
  }

  /** Builds each group's record; merged members beyond the first count as routed. */
  static final class AggregateFn extends DoFn<KV<String, Iterable<Record>>, RecordBatch> {
    private static final long serialVersionUID = 1L;
    private final String flow;
    private final AggregateStep step;
    private final Counter routed;
    private final Counter rejected;

    AggregateFn(String flow, AggregateStep step) {
      this.flow = flow;
      this.step = step;
      this.routed = Metrics.counter("ferry", flow + ".routed");
      this.rejected = Metrics.counter("ferry", flow + ".rejected");
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<Record>> group, MultiOutputReceiver out) {
      Record key = RecordJson.read(group.getKey());
      long members = 0;
      for (Record ignored : group.getValue()) {
        members++;
      }
      try {
        Record r = step.aggregate(key, group.getValue());
        routed.inc(members - 1);
        out.get(FlowTags.RECORDS).output(RecordBatch.of(List.of(r)));
      } catch (StepRejection e) {
        routed.inc(members - 1);
        rejected.inc();
        out.get(FlowTags.REJECTS).output(Reject.of(flow, step.label(), e.getMessage(), key, key));
      }
    }
  }
}
