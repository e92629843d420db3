package dev.ferry.pipeline;

import dev.ferry.io.chroma.ChromaIO;
import dev.ferry.io.chroma.ChromaRange;
import dev.ferry.io.postgres.PgConform;
import dev.ferry.io.postgres.PostgresIO;
import dev.ferry.io.sqlite.ReadTask;
import dev.ferry.spec.SourceSpec;
import dev.ferry.spec.TargetSpec;
import dev.ferry.spec.ToSpec;
import dev.ferry.steps.AggregateStep;
import dev.ferry.steps.Step;
import dev.ferry.steps.StepChain;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Builds a flow as one fused stage when it can be: a SQLite or Chroma source whose steps all work
 * record by record, into PostgreSQL or a JSON Lines file. The read ranges are spread over the
 * workers and each is read, stepped and written by one {@link FusedFlowFn}, so records go from the
 * source to the target without waiting for the rest of the source (the DirectRunner otherwise runs
 * every read before any step, holding the whole source in memory), and every worker writes: a JSON
 * Lines flow writes one part per range, joined in key order into its one file at the end ({@link
 * JoinParts}). A Chroma -> PostgreSQL flow computes its vector facts in the same stage, with sample
 * queries picked before it ({@link VectorFacts#config}): its fingerprint parts are joined into
 * {@code facts/<flow>/fingerprints.jsonl} and its per-range facts added up by {@link
 * WriteVectorFacts}. Flows with an aggregate step, or other stores, use the step-by-step graph.
 *
 * <pre>{@code
 * if (FusedFlows.applies(plan)) FusedFlows.apply(pipeline, plan, strict, 2000, runDir);
 * }</pre>
 */
final class FusedFlows {
  private FusedFlows() {}

  /** Whether {@code plan} runs as one fused stage. */
  static boolean applies(FlowPlan plan) {
    boolean sqlite = plan.source() instanceof SourceSpec.Sqlite && plan.sqlite() == null;
    return (sqlite || plan.source() instanceof SourceSpec.Chroma)
        && (plan.target() instanceof TargetSpec.Postgres
            || plan.target() instanceof TargetSpec.Jsonl)
        && plan.steps().stream().noneMatch(s -> s instanceof AggregateStep);
  }

  /**
   * Adds the fused stage of {@code plan}; its rejects (reader's and steps') go to {@code
   * rejects/<flow>.jsonl} of {@code runDir}, which is written empty when there are none.
   */
  static void apply(Pipeline p, FlowPlan plan, boolean strict, int batchSize, Path runDir) {
    if (!applies(plan)) {
      throw new IllegalArgumentException("flow '" + plan.name() + "' cannot run fused");
    }
    if (plan.source() instanceof SourceSpec.Sqlite) {
      var read = SourceReads.sqliteRead(plan, batchSize);
      PCollection<ReadTask> ranges = p.apply(plan.name() + "/read ranges", read.ranges());
      apply(
          ranges,
          new SqliteFusedSource(read.database(), plan.name(), read.exactValues()),
          plan,
          strict,
          batchSize,
          runDir);
    } else {
      ChromaIO.Read read = SourceReads.chromaRead(plan, batchSize);
      PCollection<ChromaRange> ranges = p.apply(plan.name() + "/read ranges", read.ranges());
      apply(
          ranges,
          new ChromaFusedSource(read.path(), read.url(), batchSize),
          plan,
          strict,
          batchSize,
          runDir);
    }
  }

  private static <T> void apply(
      PCollection<T> ranges,
      FusedSource<T> source,
      FlowPlan plan,
      boolean strict,
      int batchSize,
      Path runDir) {
    String flow = plan.name();
    String rejectsFile = RunFiles.rejects(runDir, flow).toString();
    List<Step> steps = new ArrayList<>(plan.steps());
    FusedWriter.Target target;
    String jsonlFile = null;
    if (plan.target() instanceof TargetSpec.Postgres pg) {
      steps.add(PgConform.forTable(plan.targetTable()));
      target =
          new PgFusedTarget(
              SourceTables.connection(pg.endpoint()), plan.targetTable(), upsertKey(plan));
    } else {
      jsonlFile = TargetWrites.jsonlFile(plan);
      target = new JsonlFusedTarget(jsonlFile);
    }
    VectorFacts.Config facts = null;
    Path factsDir = null;
    if (VectorFacts.applies(plan)) {
      facts = VectorFacts.config(plan);
      factsDir = VectorFactFiles.dir(runDir, flow);
      VectorFactFiles.clear(factsDir);
    }
    FusedFlowFn.Settings<T> settings =
        new FusedFlowFn.Settings<>(
            flow,
            source,
            StepChain.of(flow, steps, plan.key()),
            strict,
            target,
            plan.checks().json(),
            batchSize,
            rejectsFile,
            facts,
            factsDir == null ? null : VectorFactFiles.fingerprints(factsDir).toString());
    PCollectionTuple out =
        ranges.apply(
            flow + "/read, steps, write",
            ParDo.of(new FusedFlowFn<>(settings))
                .withOutputTags(
                    FusedFlowFn.PARTS,
                    TupleTagList.of(FusedFlowFn.REJECT_PARTS)
                        .and(FusedFlowFn.FINGERPRINT_PARTS)
                        .and(FusedFlowFn.FACTS)));
    out.get(FusedFlowFn.PARTS).setCoder(StringUtf8Coder.of());
    out.get(FusedFlowFn.REJECT_PARTS).setCoder(StringUtf8Coder.of());
    out.get(FusedFlowFn.FINGERPRINT_PARTS).setCoder(StringUtf8Coder.of());
    out.get(FusedFlowFn.FACTS).setCoder(SerializableCoder.of(VectorRangeFacts.class));
    if (jsonlFile != null) {
      out.get(FusedFlowFn.PARTS).apply(flow + "/join parts", new JoinParts(jsonlFile));
    }
    out.get(FusedFlowFn.REJECT_PARTS).apply(flow + "/join rejects", new JoinParts(rejectsFile));
    if (facts != null) {
      out.get(FusedFlowFn.FINGERPRINT_PARTS)
          .apply(
              flow + "/join fingerprints",
              new JoinParts(VectorFactFiles.fingerprints(factsDir).toString()));
      out.get(FusedFlowFn.FACTS)
          .apply(flow + "/vector facts", new WriteVectorFacts(facts, factsDir));
    }
  }

  /** The key of the target's upsert: the flow's key, or none when the flow appends or replaces. */
  private static List<String> upsertKey(FlowPlan plan) {
    List<String> key = plan.mode() == ToSpec.Mode.UPSERT ? plan.key() : List.of();
    PostgresIO.checkKey(plan.targetTable(), key);
    return key;
  }
}
