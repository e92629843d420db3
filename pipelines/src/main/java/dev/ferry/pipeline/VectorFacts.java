package dev.ferry.pipeline;

import dev.ferry.io.chroma.ChromaCollection;
import dev.ferry.record.Record;
import dev.ferry.record.RecordBatch;
import dev.ferry.record.Reject;
import dev.ferry.spec.SourceSpec;
import dev.ferry.spec.TargetSpec;
import dev.ferry.spec.VectorChecksSpec;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Computes, in the same pass as the writes, the facts the vector checks of a Chroma -> PostgreSQL
 * flow need, from exactly the records that reach the writer, into {@code facts/<flow>/} of the run
 * directory (see {@link VectorFactFiles}). The seeded sample queries are picked before the pass
 * ({@link SampleQueries}), so each part of the records yields its own small facts ({@link
 * VectorRangeFacts}: count, digest, dimensions, the exact top-k of each query, the source vectors
 * the {@link VectorCheckStep} rejected) and one fingerprint line per id; {@link WriteVectorFacts}
 * adds the parts up. A fused flow computes them per read range ({@link FusedFlowFn}); the
 * step-by-step graph per batch ({@link #write}). The verify stage after the writes ({@link
 * VectorChecks}) reads these and the target, never the source.
 *
 * <pre>{@code
 * VectorFacts.addTo(written, stepRejects, plan, runDir); // no-op for other flows
 * }</pre>
 */
final class VectorFacts {
  private VectorFacts() {}

  /** What the facts of one flow are computed with, the sample queries included. */
  record Config(
      String flow,
      String collection,
      int dimension,
      String space,
      int k,
      int samples,
      long seed,
      List<SampleQuery> queries)
      implements Serializable {}

  /**
   * Whether a written record takes part in the facts: a String {@code id} and a float[] {@code
   * embedding} (the target columns the checks read). A flow whose steps rename them gets checks
   * that name every id as missing, not a failed pipeline.
   */
  static boolean hasVector(Record r) {
    return r.get("id") instanceof String && r.get("embedding") instanceof float[];
  }

  /** Whether a flow gets vector facts: it reads Chroma and writes PostgreSQL. */
  static boolean applies(FlowPlan plan) {
    return plan.source() instanceof SourceSpec.Chroma
        && plan.target() instanceof TargetSpec.Postgres;
  }

  /**
   * The facts settings of a flow that {@link #applies applies}: the source collection's
   * description, the spec's check settings, and the sample queries picked from the source.
   */
  static Config config(FlowPlan plan) {
    ChromaCollection c =
        ChromaSources.collection((SourceSpec.Chroma) plan.source(), plan.sourceTable());
    VectorChecksSpec t = plan.checks().vectors();
    return new Config(
        plan.name(),
        plan.sourceTable(),
        c.dimension(),
        c.space(),
        t.k(),
        t.samples(),
        t.seed(),
        SampleQueries.pick(plan, t.seed(), t.samples()));
  }

  /**
   * Adds the fact transforms of a flow to its step-by-step graph: {@code written} are the records
   * as the writer gets them, {@code rejects} the flow's step rejects (the vector check's are kept).
   * Does nothing for a flow that does not {@link #applies apply}.
   */
  static void addTo(
      PCollection<RecordBatch> written,
      List<PCollection<Reject>> rejects,
      FlowPlan plan,
      Path runDir) {
    if (!applies(plan)) {
      return;
    }
    String flow = plan.name();
    PCollection<Reject> all =
        PCollectionList.of(new ArrayList<>(rejects))
            .apply(flow + "/vector facts/step rejects", Flatten.pCollections());
    write(written, all, config(plan), VectorFactFiles.dir(runDir, flow));
  }

  /**
   * Applies the fact transforms and their file sinks into {@code dir}, first emptying it: a run
   * directory used before must not keep fingerprint shards of an earlier run (their number differs
   * from run to run, so they would not be overwritten).
   */
  static void write(
      PCollection<RecordBatch> written, PCollection<Reject> rejects, Config config, Path dir) {
    VectorFactFiles.clear(dir);
    String name = config.flow() + "/vector facts";
    PCollectionTuple batchFacts =
        written.apply(
            name + "/per batch",
            ParDo.of(new BatchFactsFn(config))
                .withOutputTags(FINGERPRINTS, TupleTagList.of(FACTS)));
    batchFacts
        .get(FINGERPRINTS)
        .setCoder(StringUtf8Coder.of())
        .apply(
            name + "/write fingerprints",
            TextIO.write()
                .to(dir.resolve(VectorFactFiles.FINGERPRINTS).toString())
                .withSuffix(".jsonl"));
    PCollection<VectorRangeFacts> invalid =
        rejects
            .apply(name + "/invalid vectors", ParDo.of(new InvalidFactsFn()))
            .setCoder(SerializableCoder.of(VectorRangeFacts.class));
    PCollectionList.of(batchFacts.get(FACTS).setCoder(SerializableCoder.of(VectorRangeFacts.class)))
        .and(invalid)
        .apply(name + "/all facts", Flatten.pCollections())
        .apply(name + "/add up", new WriteVectorFacts(config, dir));
  }

  private static final TupleTag<String> FINGERPRINTS = new TupleTag<>() {};
  private static final TupleTag<VectorRangeFacts> FACTS = new TupleTag<>() {};

  /** The facts of one batch, and its fingerprint lines. */
  private static final class BatchFactsFn extends DoFn<RecordBatch, String> {
    private final Config config;

    BatchFactsFn(Config config) {
      this.config = config;
    }

    @ProcessElement
    public void process(@Element RecordBatch batch, MultiOutputReceiver out) {
      VectorRangeFacts.Builder facts =
          new VectorRangeFacts.Builder(config.queries(), config.space(), config.k());
      for (Record r : batch) {
        if (hasVector(r)) {
          String id = (String) r.get("id");
          long fingerprint = facts.add(id, (float[]) r.get("embedding"));
          out.get(FINGERPRINTS).output(VectorFactFiles.fingerprintLine(id, fingerprint));
        }
      }
      out.get(FACTS).output(facts.build());
    }
  }

  /** The vector check's rejects, as facts. */
  private static final class InvalidFactsFn extends DoFn<Reject, VectorRangeFacts> {
    @ProcessElement
    public void process(@Element Reject r, OutputReceiver<VectorRangeFacts> out) {
      if (VectorCheckStep.LABEL.equals(r.step())) {
        Object id = r.record().get("id");
        out.output(VectorRangeFacts.invalid(id == null ? "" : id.toString(), r.reason()));
      }
    }
  }
}
