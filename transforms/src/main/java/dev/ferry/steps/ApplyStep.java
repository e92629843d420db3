package dev.ferry.steps;

import dev.ferry.record.FlowTags;
import dev.ferry.record.Record;
import dev.ferry.record.RecordBatch;
import dev.ferry.record.RecordBatchCoder;
import dev.ferry.record.Reject;
import dev.ferry.record.RejectCoder;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Applies a {@link Step}, or a chain of steps in order, to every record of a flow's batches.
 * Records that pass every step go on in batches under {@link FlowTags#RECORDS} (empty batches are
 * not emitted); a record a step refuses, or on which it fails unexpectedly, becomes a {@link
 * Reject} under {@link FlowTags#REJECTS} with that step's label, the reason, the record's key
 * fields and the record as it came in, and is counted in the counter {@code ferry:<flow>.rejected}.
 * With {@code strict}, the first reject fails the run with a {@link StrictModeException}.
 *
 * <p>A chain runs in one DoFn and copies each record once, not once per step: on bulk paths the
 * copies cost more than most steps.
 *
 * <pre>{@code
 * PCollectionTuple out = batches.apply("cast created_at",
 *     ApplyStep.of("items", step, List.of("id"), false));
 * PCollection<RecordBatch> next = out.get(FlowTags.RECORDS);
 * PCollection<Reject> rejects = out.get(FlowTags.REJECTS);
 * }</pre>
 */
public final class ApplyStep extends PTransform<PCollection<RecordBatch>, PCollectionTuple> {
  private final String flow;
  private final List<Step> steps;
  private final List<String> keyFields;
  private final boolean strict;

  private ApplyStep(String flow, List<Step> steps, List<String> keyFields, boolean strict) {
    this.flow = flow;
    this.steps = steps;
    this.keyFields = keyFields;
    this.strict = strict;
  }

  public static ApplyStep of(String flow, Step step, List<String> keyFields, boolean strict) {
    if (flow == null || flow.isEmpty()) {
      throw new IllegalArgumentException("ApplyStep needs a flow name");
    }
    if (step == null) {
      throw new IllegalArgumentException("ApplyStep needs a step");
    }
    return chain(flow, List.of(step), keyFields, strict);
  }

  /** Applies the steps in order to each record; the first refusal rejects the record. */
  public static ApplyStep chain(
      String flow, List<Step> steps, List<String> keyFields, boolean strict) {
    if (flow == null || flow.isEmpty()) {
      throw new IllegalArgumentException("ApplyStep needs a flow name");
    }
    if (steps == null || steps.isEmpty() || steps.stream().anyMatch(java.util.Objects::isNull)) {
      throw new IllegalArgumentException("ApplyStep needs at least one step");
    }
    return new ApplyStep(
        flow, List.copyOf(steps), keyFields == null ? List.of() : List.copyOf(keyFields), strict);
  }

  @Override
  public PCollectionTuple expand(PCollection<RecordBatch> input) {
    PCollectionTuple out =
        input.apply(
            ParDo.of(new StepFn(flow, steps, keyFields, strict))
                .withOutputTags(FlowTags.RECORDS, TupleTagList.of(FlowTags.REJECTS)));
    out.get(FlowTags.RECORDS).setCoder(RecordBatchCoder.of());
    out.get(FlowTags.REJECTS).setCoder(RejectCoder.of());
    return out;
  }

  /** Runs the steps on a private copy of each record and sorts the results into the two outputs. */
  static final class StepFn extends DoFn<RecordBatch, RecordBatch> {
    private final StepChain chain;
    private final boolean strict;
    private final Counter rejected;
    private final Counter routed;

    StepFn(String flow, List<Step> steps, List<String> keyFields, boolean strict) {
      this.chain = StepChain.of(flow, steps, keyFields);
      this.strict = strict;
      this.rejected = Metrics.counter("ferry", flow + ".rejected");
      this.routed = Metrics.counter("ferry", flow + ".routed");
    }

    @ProcessElement
    public void process(@Element RecordBatch batch, MultiOutputReceiver out) {
      List<Record> passed = new ArrayList<>(batch.size());
      for (Record original : batch) {
        StepChain.Outcome o = chain.apply(original);
        if (o.passed() != null) {
          passed.add(o.passed());
        } else if (o.routed()) {
          routed.inc();
        } else {
          rejected.inc();
          if (strict) {
            throw new StrictModeException(o.reject());
          }
          out.get(FlowTags.REJECTS).output(o.reject());
        }
      }
      if (!passed.isEmpty()) {
        out.get(FlowTags.RECORDS).output(RecordBatch.of(passed));
      }
    }
  }
}
