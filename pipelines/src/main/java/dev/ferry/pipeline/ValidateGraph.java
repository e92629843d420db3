package dev.ferry.pipeline;

import dev.ferry.io.postgres.PostgresIO;
import dev.ferry.record.Record;
import dev.ferry.record.RecordBatch;
import dev.ferry.record.RecordJson;
import dev.ferry.spec.TargetSpec;
import dev.ferry.validate.FingerprintDiff;
import dev.ferry.validate.KeyedFingerprints;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Builds the validation graph: for each flow, the source is read and put through the same steps and
 * conform step as a migration, the target table is read back, both sides are fingerprinted per key
 * and compared; every missing, extra, changed or duplicate key is written to {@code
 * diff/<flow>.jsonl} and counted. For a Chroma flow, the records after the steps also feed the same
 * vector fact transforms as a migration ({@link VectorFacts}). Nothing is written to any target.
 *
 * <pre>{@code
 * ValidateGraph.build(pipeline, plans, runDir, 2000);
 * }</pre>
 */
public final class ValidateGraph {
  private ValidateGraph() {}

  public static void build(Pipeline p, List<FlowPlan> plans, Path runDir, int batchSize) {
    for (FlowPlan plan : plans) {
      if (!(plan.target() instanceof TargetSpec.Postgres)) {
        throw new PlanException(
            "flow '"
                + plan.name()
                + "': validate compares PostgreSQL targets; target '"
                + plan.target().name()
                + "' is "
                + plan.target().type());
      }
      if (plan.key().isEmpty()) {
        throw new PlanException(
            "flow '" + plan.name() + "': validate compares rows by key, and this flow has none");
      }
      String flow = plan.name();
      PCollection<RecordBatch> records = SourceReads.readCounted(p, plan, batchSize).records();
      FlowSteps.Result stepped = FlowSteps.apply(records, plan, false);
      PCollection<RecordBatch> expected = stepped.records();
      VectorFacts.addTo(expected, stepped.rejects(), plan, runDir);
      PCollection<KV<String, Record>> sourceFp =
          expected.apply(flow + "/source fingerprints", KeyedFingerprints.of(plan.key()));

      TargetSpec.Postgres target = (TargetSpec.Postgres) plan.target();
      PCollection<RecordBatch> actual =
          p.apply(
              flow + "/read target",
              PostgresIO.read()
                  .withConnection(SourceTables.connection(target.endpoint()))
                  .withTable(target.endpoint().schema(), plan.targetTable().name())
                  .withBatchSize(batchSize));
      PCollection<KV<String, Record>> targetFp =
          actual.apply(flow + "/target fingerprints", KeyedFingerprints.of(plan.key()));

      KeyedPCollectionTuple.of(FingerprintDiff.SOURCE, sourceFp)
          .and(FingerprintDiff.TARGET, targetFp)
          .apply(flow + "/diff", FingerprintDiff.of(flow))
          .apply(
              flow + "/diff as json",
              MapElements.into(TypeDescriptors.strings()).via(RecordJson::write))
          .apply(
              flow + "/write diff",
              TextIO.write().to(RunFiles.diff(runDir, flow).toString()).withoutSharding());
    }
  }
}
