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
 * Applies one {@link Step} to every record of a flow's batches. Records that pass go on in batches
 * under {@link FlowTags#RECORDS} (empty batches are not emitted); a record the step refuses, or on
 * which it fails unexpectedly, becomes a {@link Reject} under {@link FlowTags#REJECTS} with the
 * step's label, the reason, the record's key fields and the record as it came in, and is counted in
 * the counter {@code ferry:<flow>.rejected}. With {@code strict}, the first reject fails the run
 * with a {@link StrictModeException}.
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
  private final Step step;
  private final List<String> keyFields;
  private final boolean strict;

  private ApplyStep(String flow, Step step, List<String> keyFields, boolean strict) {
    this.flow = flow;
    this.step = step;
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
    return new ApplyStep(
        flow, step, keyFields == null ? List.of() : List.copyOf(keyFields), strict);
  }

  @Override
  public PCollectionTuple expand(PCollection<RecordBatch> input) {
    PCollectionTuple out =
        input.apply(
            ParDo.of(new StepFn(flow, step, keyFields, strict))
                .withOutputTags(FlowTags.RECORDS, TupleTagList.of(FlowTags.REJECTS)));
    out.get(FlowTags.RECORDS).setCoder(RecordBatchCoder.of());
    out.get(FlowTags.REJECTS).setCoder(RejectCoder.of());
    return out;
  }

  /** Runs the step on a private copy of each record and sorts the results into the two outputs. */
  static final class StepFn extends DoFn<RecordBatch, RecordBatch> {
    private final String flow;
    private final Step step;
    private final List<String> keyFields;
    private final boolean strict;
    private final Counter rejected;

    StepFn(String flow, Step step, List<String> keyFields, boolean strict) {
      this.flow = flow;
      this.step = step;
      this.keyFields = keyFields;
      this.strict = strict;
      this.rejected = Metrics.counter("ferry", flow + ".rejected");
    }

    @ProcessElement
    public void process(@Element RecordBatch batch, MultiOutputReceiver out) {
      List<Record> passed = new ArrayList<>(batch.size());
      for (Record original : batch) {
        String reason;
        try {
          Record result = step.apply(original.copy());
          if (result != null) {
            passed.add(result);
            continue;
          }
          reason = "step returned no record";
        } catch (StepRejection e) {
          reason = e.getMessage();
        } catch (RuntimeException e) {
          reason = e.getMessage() != null ? e.getMessage() : e.getClass().getName();
        }
        Reject reject =
            Reject.of(flow, step.label(), reason, original.project(keyFields), original);
        rejected.inc();
        if (strict) {
          throw new StrictModeException(reject);
        }
        out.get(FlowTags.REJECTS).output(reject);
      }
      if (!passed.isEmpty()) {
        out.get(FlowTags.RECORDS).output(RecordBatch.of(passed));
      }
    }
  }
}
