package dev.ferry.pipeline;

import dev.ferry.io.files.JsonlIO;
import dev.ferry.record.FlowTags;
import dev.ferry.record.RecordBatch;
import dev.ferry.record.Reject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;

/**
 * Builds the migration graph of every planned flow: read (split) -> count -> steps -> conform ->
 * write, with every reject of the flow written to {@code rejects/<flow>.jsonl} and counted, so the
 * report can prove {@code read = written + rejected}.
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
    for (FlowPlan plan : plans) {
      String flow = plan.name();
      PCollectionTuple read = SourceReads.read(p, plan, batchSize);
      PCollection<RecordBatch> records =
          read.get(FlowTags.RECORDS)
              .apply(flow + "/count read", CountBatches.into(Counters.read(flow)));
      List<PCollection<Reject>> rejects = new ArrayList<>();
      rejects.add(
          read.get(FlowTags.REJECTS)
              .apply(flow + "/count read rejects", CountRejects.into(Counters.read(flow)))
              .apply(flow + "/count reader rejects", CountRejects.into(Counters.rejected(flow))));
      FlowSteps.Result stepped = FlowSteps.apply(records, plan, strict);
      rejects.addAll(stepped.rejects());
      records = stepped.records();
      if (!plan.checks().json().isEmpty()) {
        records =
            records.apply(flow + "/count json values", CountNonNull.of(flow, plan.checks().json()));
      }
      TargetWrites.write(records, plan);
      PCollectionList.of(rejects)
          .apply(flow + "/all rejects", Flatten.pCollections())
          .apply(
              flow + "/write rejects",
              JsonlIO.writeRejects().to(RunFiles.rejects(runDir, flow).toString()));
    }
  }
}
