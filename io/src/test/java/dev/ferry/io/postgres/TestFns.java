package dev.ferry.io.postgres;

import dev.ferry.record.FlowTags;
import dev.ferry.record.Record;
import dev.ferry.record.RecordBatch;
import dev.ferry.record.Reject;
import dev.ferry.steps.Step;
import dev.ferry.steps.StepRejection;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.DoFn;

/** Small DoFns the integration tests wire around the transforms under test. */
final class TestFns {
  private TestFns() {}

  static Pipeline pipeline() {
    return Pipeline.create(PipelineOptionsFactory.fromArgs("--runner=DirectRunner").create());
  }

  /** Applies a step to every record of a batch: conformed batches out, rejects to the side. */
  static final class ApplyStepFn extends DoFn<RecordBatch, RecordBatch> {
    private final String flow;
    private final Step step;
    private final List<String> keyFields;

    ApplyStepFn(String flow, Step step, List<String> keyFields) {
      this.flow = flow;
      this.step = step;
      this.keyFields = keyFields;
    }

    @ProcessElement
    public void process(@Element RecordBatch batch, MultiOutputReceiver out) {
      List<Record> ok = new ArrayList<>();
      for (Record r : batch) {
        try {
          ok.add(step.apply(r.copy()));
        } catch (StepRejection e) {
          out.get(FlowTags.REJECTS)
              .output(Reject.of(flow, step.label(), e.getMessage(), r.project(keyFields), r));
        }
      }
      out.get(FlowTags.RECORDS).output(RecordBatch.of(ok));
    }
  }

  /** One record per element. */
  static final class ExplodeFn extends DoFn<RecordBatch, Record> {
    @ProcessElement
    public void process(@Element RecordBatch batch, OutputReceiver<Record> out) {
      for (Record r : batch) {
        out.output(r);
      }
    }
  }

  /** The size of each batch. */
  static final class SizeFn extends DoFn<RecordBatch, Integer> {
    @ProcessElement
    public void process(@Element RecordBatch batch, OutputReceiver<Integer> out) {
      out.output(batch.size());
    }
  }
}
