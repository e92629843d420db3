package dev.ferry.pipeline;

import dev.ferry.io.files.JsonlIO;
import dev.ferry.record.RecordBatch;
import dev.ferry.record.RecordBatchCoder;
import dev.ferry.record.Reject;
import dev.ferry.spec.TargetSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.Wait;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;

/**
 * Builds the migration graph of every planned flow: read (split) -> count -> steps -> conform ->
 * write (into a table other flows append to: after their writes), with every reject of the flow
 * written to {@code rejects/<flow>.jsonl} and counted, so the report can prove {@code read =
 * written + rejected}.
 *
 * <pre>{@code
 * MigrateGraph.build(pipeline, plans, runDir, strict, 2000);
 * pipeline.run();
 * }</pre>
 */
public final class MigrateGraph {
  private MigrateGraph() {}

  public static void build(
      Pipeline p, List<FlowPlan> plans, Path runDir, boolean strict, int batchSize) {
    Map<String, PCollection<Long>> writes = new HashMap<>();
    for (FlowPlan plan : plans) {
      String flow = plan.name();
      if (FusedFlows.applies(plan)) {
        FusedFlows.apply(p, plan, strict, batchSize, runDir);
        continue;
      }
      SourceReads.Counted read = SourceReads.readCounted(p, plan, batchSize);
      PCollection<RecordBatch> records = read.records();
      List<PCollection<Reject>> rejects = new ArrayList<>();
      rejects.add(read.rejects());
      FlowSteps.Result stepped = FlowSteps.apply(records, plan, strict);
      rejects.addAll(stepped.rejects());
      records = stepped.records();
      if (!plan.checks().json().isEmpty()) {
        records =
            records.apply(flow + "/count json values", CountNonNull.of(flow, plan.checks().json()));
      }
      if (plan.sqlite() != null && !plan.sqlite().writtenBefore().isEmpty()) {
        // Appending flows write after the flows before them in the spec, so which row is kept on
        // a key conflict does not depend on timing.
        List<PCollection<?>> signals = new ArrayList<>();
        for (String before : plan.sqlite().writtenBefore()) {
          signals.add(writes.get(before));
        }
        records =
            records
                .apply(flow + "/wait for earlier writes", Wait.on(signals))
                .setCoder(RecordBatchCoder.of());
      }
      // Validation facts of vector flows: side outputs of exactly what the writer gets.
      VectorFacts.addTo(records, stepped.rejects(), plan, runDir);
      PCollection<Long> written;
      if (plan.target() instanceof dev.ferry.spec.TargetSpec.Mongodb) {
        written = null;
        rejects.add(MongoFlows.write(records, plan));
      } else if (plan.target() instanceof TargetSpec.Cosmos) {
        written = CosmosFlows.write(records, plan, rejects);
      } else {
        written = TargetWrites.write(records, plan, runDir);
      }
      if (written != null) {
        writes.put(flow, written);
      }
      PCollectionList.of(rejects)
          .apply(flow + "/all rejects", Flatten.pCollections())
          .apply(
              flow + "/write rejects",
              JsonlIO.writeRejects().to(RunFiles.rejects(runDir, flow).toString()));
    }
  }
}
