package dev.ferry.pipeline;

import dev.ferry.io.files.JsonlIO;
import dev.ferry.io.postgres.PostgresIO;
import dev.ferry.io.sqlite.SqliteIO;
import dev.ferry.record.RecordBatch;
import dev.ferry.record.RecordJson;
import dev.ferry.spec.TargetSpec;
import dev.ferry.spec.ToSpec;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;

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

  /**
   * Applies the write and returns what later writes into the same table can wait on (the written
   * counts), or null for targets where order does not matter.
   */
  static PCollection<Long> write(PCollection<RecordBatch> records, FlowPlan plan, Path runDir) {
    String name = plan.name() + "/write";
    TargetSpec target = plan.target();
    if (target instanceof TargetSpec.Sqlite) {
      SqliteCopy copy = plan.sqlite();
      SqliteIO.OnConflict policy =
          copy.onConflict() == null
              ? SqliteIO.OnConflict.UPDATE
              : SqliteIO.OnConflict.valueOf(copy.onConflict().name());
      PCollectionTuple w =
          records.apply(
              name,
              SqliteIO.write()
                  .withDatabase(((TargetSpec.Sqlite) target).path().toString())
                  .withTable(plan.targetTable().name())
                  .withKey(plan.key())
                  .withOnConflict(policy));
      if (copy.onConflict() != null) {
        // Only appending flows can meet conflicts; a flow that owns its table updates rows.
        w.get(SqliteIO.CONFLICTS)
            .apply(
                plan.name() + "/conflicts as json",
                MapElements.into(TypeDescriptors.strings()).via(RecordJson::write))
            .apply(
                plan.name() + "/write conflicts",
                TextIO.write()
                    .to(RunFiles.conflicts(runDir, plan.name()).toString())
                    .withoutSharding());
      }
      return w.get(SqliteIO.WRITTEN)
          .apply(plan.name() + "/count written", CountInto.sum(Counters.written(plan.name())));
    }
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
          .apply(plan.name() + "/count written", CountInto.sum(Counters.written(plan.name())));
      return null;
    }
    if (target instanceof TargetSpec.Jsonl) {
      String file = jsonlFile(plan);
      records
          .apply(plan.name() + "/count written", CountInto.records(Counters.written(plan.name())))
          .apply(name, JsonlIO.write().to(file).withoutSharding());
      return null;
    }
    throw new PlanException(
        "flow '" + plan.name() + "': cannot write a " + target.type() + " target");
  }

  /** The file a flow into a JSON Lines target writes: {@code <directory>/<table>.jsonl}. */
  static String jsonlFile(FlowPlan plan) {
    return ((TargetSpec.Jsonl) plan.target())
        .directory()
        .resolve(plan.targetTable().name() + ".jsonl")
        .toString();
  }
}
