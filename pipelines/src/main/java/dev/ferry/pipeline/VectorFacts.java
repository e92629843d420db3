package dev.ferry.pipeline;

import dev.ferry.io.chroma.ChromaCollection;
import dev.ferry.record.Record;
import dev.ferry.record.RecordBatch;
import dev.ferry.record.RecordJson;
import dev.ferry.record.Reject;
import dev.ferry.spec.SourceSpec;
import dev.ferry.spec.TargetSpec;
import dev.ferry.spec.VectorChecksSpec;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * Computes, in the same pass as the writes, the facts the vector checks of a Chroma -> PostgreSQL
 * flow need, from exactly the records that reach the writer, and writes them with Beam's file sinks
 * into {@code facts/<flow>/} of the run directory (see {@link VectorFactFiles}): per batch, in one
 * pass ({@link VectorBatchFacts}), one fingerprint per id, a tally and the best sample candidates;
 * then the count, the digest and the dimensions ({@link VectorSummary}); the seeded sample queries
 * ({@link SampleQueries}); the exact top-k of each over all records ({@link ExactTopK}); and the
 * source vectors the {@link VectorCheckStep} rejected. The verify stage after the writes ({@link
 * VectorChecks}) reads these and the target, never the source.
 *
 * <pre>{@code
 * VectorFacts.addTo(written, stepRejects, plan, runDir); // no-op for other flows
 * }</pre>
 */
final class VectorFacts {
  private VectorFacts() {}

  /** What the facts of one flow are computed with. */
  record Config(
      String flow, String collection, int dimension, String space, int k, int samples, long seed)
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
   * Adds the fact transforms of a flow to its graph: {@code written} are the records as the writer
   * gets them, {@code rejects} the flow's step rejects (the vector check's are kept). Does nothing
   * for a flow that does not {@link #applies apply}.
   */
  static void addTo(
      PCollection<RecordBatch> written,
      List<PCollection<Reject>> rejects,
      FlowPlan plan,
      Path runDir) {
    if (!applies(plan)) {
      return;
    }
    ChromaCollection c =
        ChromaSources.collection((SourceSpec.Chroma) plan.source(), plan.sourceTable());
    VectorChecksSpec t = plan.checks().vectors();
    Config config =
        new Config(
            plan.name(),
            plan.sourceTable(),
            c.dimension(),
            c.space(),
            t.k(),
            t.samples(),
            t.seed());
    String flow = plan.name();
    PCollection<Reject> all =
        PCollectionList.of(new ArrayList<>(rejects))
            .apply(flow + "/vector facts/step rejects", Flatten.pCollections());
    write(written, all, config, VectorFactFiles.dir(runDir, flow));
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
        written.apply(name + "/per batch", VectorBatchFacts.of(config.seed(), config.samples()));
    batchFacts
        .get(VectorBatchFacts.TALLIES)
        .apply(name + "/summary", new VectorSummary(config))
        .apply(
            name + "/write summary",
            TextIO.write().to(VectorFactFiles.summary(dir).toString()).withoutSharding());
    batchFacts
        .get(VectorBatchFacts.FINGERPRINTS)
        .apply(
            name + "/write fingerprints",
            TextIO.write()
                .to(dir.resolve(VectorFactFiles.FINGERPRINTS).toString())
                .withSuffix(".jsonl"));
    rejects
        .apply(name + "/invalid vectors", ParDo.of(new InvalidLineFn()))
        .apply(
            name + "/write invalid",
            TextIO.write().to(VectorFactFiles.invalid(dir).toString()).withoutSharding());
    PCollection<List<Record>> samples =
        batchFacts
            .get(VectorBatchFacts.CANDIDATES)
            .apply(name + "/samples", SampleQueries.overall(config.samples()));
    PCollectionView<List<Record>> queries =
        samples.apply(name + "/samples view", View.asSingleton());
    samples
        .apply(name + "/samples as json", ParDo.of(new SampleLinesFn()))
        .apply(
            name + "/write samples",
            TextIO.write().to(VectorFactFiles.samples(dir).toString()).withoutSharding());
    written
        .apply(name + "/exact top-k", ExactTopK.of(queries, config.space(), config.k()))
        .apply(name + "/top-k as json", ParDo.of(new TopKLineFn()))
        .apply(
            name + "/write top-k",
            TextIO.write().to(VectorFactFiles.topK(dir).toString()).withoutSharding());
  }

  private static final class InvalidLineFn extends DoFn<Reject, String> {
    @ProcessElement
    public void process(@Element Reject r, OutputReceiver<String> out) {
      if (VectorCheckStep.LABEL.equals(r.step())) {
        Object id = r.record().get("id");
        out.output(
            RecordJson.write(
                Record.of("id", id == null ? "" : id.toString(), "reason", r.reason())));
      }
    }
  }

  private static final class SampleLinesFn extends DoFn<List<Record>, String> {
    @ProcessElement
    public void process(@Element List<Record> samples, OutputReceiver<String> out) {
      for (Record s : samples) {
        out.output(VectorFactFiles.sampleLine(s));
      }
    }
  }

  private static final class TopKLineFn extends DoFn<KV<String, List<KV<Double, String>>>, String> {
    @ProcessElement
    public void process(
        @Element KV<String, List<KV<Double, String>>> nearest, OutputReceiver<String> out) {
      List<Object> ids = new ArrayList<>();
      List<Object> distances = new ArrayList<>();
      for (KV<Double, String> n : nearest.getValue()) {
        ids.add(n.getValue());
        distances.add(n.getKey());
      }
      out.output(
          RecordJson.write(
              Record.of("query", nearest.getKey(), "neighbours", ids, "distances", distances)));
    }
  }
}
