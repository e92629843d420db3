package dev.ferry.pipeline;

import dev.ferry.io.postgres.PgConform;
import dev.ferry.record.FlowTags;
import dev.ferry.record.RecordBatch;
import dev.ferry.record.Reject;
import dev.ferry.spec.TargetSpec;
import dev.ferry.steps.ApplyStep;
import dev.ferry.steps.Step;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;

/**
 * Applies a flow's steps in order, then the step that conforms records to the target table's column
 * types, collecting every step's rejects. Shared by the migrate and validate graphs so both see
 * records exactly as they are written.
 *
 * <pre>{@code
 * FlowSteps.Result r = FlowSteps.apply(records, plan, false);
 * r.records(); r.rejects();
 * }</pre>
 */
final class FlowSteps {
  private FlowSteps() {}

  record Result(PCollection<RecordBatch> records, List<PCollection<Reject>> rejects) {}

  static Result apply(PCollection<RecordBatch> records, FlowPlan plan, boolean strict) {
    List<Step> steps = new ArrayList<>(plan.steps());
    if (plan.target() instanceof TargetSpec.Postgres) {
      steps.add(PgConform.forTable(plan.targetTable()));
    }
    List<PCollection<Reject>> rejects = new ArrayList<>();
    int i = 1;
    for (Step step : steps) {
      PCollectionTuple t =
          records.apply(
              plan.name() + "/step " + i++ + ": " + step.label(),
              ApplyStep.of(plan.name(), step, plan.key(), strict));
      records = t.get(FlowTags.RECORDS);
      rejects.add(t.get(FlowTags.REJECTS));
    }
    return new Result(records, rejects);
  }
}
