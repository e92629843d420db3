package dev.ferry.pipeline;

import dev.ferry.io.files.JsonlIO;
import dev.ferry.io.postgres.PostgresIO;
import dev.ferry.record.RecordBatch;
import dev.ferry.spec.TargetSpec;
import dev.ferry.spec.ToSpec;
import java.util.List;
import org.apache.beam.sdk.values.PCollection;

/**
 * Applies the write of a flow's records to its target, whatever the store, and counts what was
 * written into the flow's {@code written} counter.
 *
 * <pre>{@code
 * TargetWrites.write(records, plan);
 * }</pre>
 */
final class TargetWrites {
  private TargetWrites() {}

  static void write(PCollection<RecordBatch> records, FlowPlan plan) {
    String name = plan.name() + "/write";
    TargetSpec target = plan.target();
    if (target instanceof TargetSpec.Postgres) {
      List<String> key = plan.mode() == ToSpec.Mode.UPSERT ? plan.key() : List.of();
      records
          .apply(
              name,
              PostgresIO.write()
                  .withConnection(
                      SourceTables.connection(((TargetSpec.Postgres) target).endpoint()))
                  .withTable(plan.targetTable())
                  .withKey(key))
          .apply(plan.name() + "/count written", SumWritten.into(Counters.written(plan.name())));
      return;
    }
    if (target instanceof TargetSpec.Jsonl) {
      String file =
          ((TargetSpec.Jsonl) target)
              .directory()
              .resolve(plan.targetTable().name() + ".jsonl")
              .toString();
      records
          .apply(plan.name() + "/count written", CountBatches.into(Counters.written(plan.name())))
          .apply(name, JsonlIO.write().to(file).withoutSharding());
      return;
    }
    throw new PlanException(
        "flow '" + plan.name() + "': cannot write a " + target.type() + " target");
  }
}
