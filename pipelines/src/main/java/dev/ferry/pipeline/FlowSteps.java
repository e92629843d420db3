package dev.ferry.pipeline;

import dev.ferry.io.postgres.PgConform;
import dev.ferry.record.FlowTags;
import dev.ferry.record.RecordBatch;
import dev.ferry.record.Reject;
import dev.ferry.spec.TargetSpec;
import dev.ferry.steps.AggregateRecords;
import dev.ferry.steps.AggregateStep;
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
    // An aggregate step runs over all records at once: the steps before it run per record, then
    // the groups are built, then the steps after it run on the aggregated records.
    int part = 0;
    while (true) {
      int at = -1;
      for (int i = 0; i < steps.size(); i++) {
        if (steps.get(i) instanceof AggregateStep) {
          at = i;
          break;
        }
      }
      if (at < 0) {
        break;
      }
      if (at > 0) {
        PCollectionTuple t =
            records.apply(
                plan.name() + "/steps " + part,
                ApplyStep.chain(plan.name(), steps.subList(0, at), plan.key(), strict));
        records = t.get(FlowTags.RECORDS);
        rejects.add(t.get(FlowTags.REJECTS));
      }
      PCollectionTuple g =
          records.apply(
              plan.name() + "/aggregate " + part,
              AggregateRecords.of(plan.name(), (AggregateStep) steps.get(at)));
      records = g.get(FlowTags.RECORDS);
      rejects.add(g.get(FlowTags.REJECTS));
      steps = new ArrayList<>(steps.subList(at + 1, steps.size()));
      part++;
    }
    if (!steps.isEmpty()) {
      PCollectionTuple t =
          records.apply(
              plan.name() + "/steps", ApplyStep.chain(plan.name(), steps, plan.key(), strict));
      records = t.get(FlowTags.RECORDS);
      rejects.add(t.get(FlowTags.REJECTS));
    }
    return new Result(records, rejects);
  }
}
