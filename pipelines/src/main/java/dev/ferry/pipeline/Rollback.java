package dev.ferry.pipeline;

import dev.ferry.backup.BackupEntry;
import dev.ferry.backup.BackupException;
import dev.ferry.backup.Manifests;
import dev.ferry.io.files.JsonlIO;
import dev.ferry.io.mongodb.MongoCollections;
import dev.ferry.io.mongodb.MongoConnection;
import dev.ferry.io.mongodb.MongoIO;
import dev.ferry.record.FlowTags;
import dev.ferry.record.Record;
import dev.ferry.record.RecordBatch;
import dev.ferry.record.RecordBatchCoder;
import dev.ferry.record.RecordCoder;
import dev.ferry.record.Reject;
import dev.ferry.record.RejectCoder;
import dev.ferry.report.Check;
import dev.ferry.report.FlowReport;
import dev.ferry.report.RunReport;
import dev.ferry.spec.RollbackSpec;
import dev.ferry.spec.SourceSpec;
import dev.ferry.spec.Spec;
import dev.ferry.spec.StepSpec;
import dev.ferry.spec.TargetSpec;
import dev.ferry.steps.ApplyStep;
import dev.ferry.steps.Step;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * {@code ferry rollback}: rebuilds an original collection from the collections a run produced, as
 * the spec's {@code rollback} section says (a join by key, the inverse steps), into a collection of
 * the user's choosing (emptied first), then proves the result equal to the original — the live
 * source collection, or its copy in a backup folder — document by document, naming any difference.
 * The report counts {@code read = written + rejected} for the join's documents.
 *
 * <pre>{@code
 * RunReport r = Rollback.run(spec, settings, options, progress, null);
 * }</pre>
 */
public final class Rollback {
  static final String FLOW = "rollback";
  private static final int EXAMPLES = 10;

  private Rollback() {}

  /**
   * Runs the rollback; compares with {@code backupFolder}'s copy of the original when not null,
   * else with the live original collection.
   */
  public static RunReport run(
      Spec spec,
      RunSettings settings,
      PipelineOptions options,
      ProgressListener progress,
      Path backupFolder) {
    RollbackSpec rb = spec.rollback();
    if (rb == null) {
      throw new PlanException("spec '" + spec.name() + "' has no rollback section");
    }
    RunReport report = Migration.start(spec, "rollback", settings);
    MongoConnection target = MongoFlows.of((TargetSpec.Mongodb) spec.target(rb.target()));
    MongoConnection original = MongoFlows.of((SourceSpec.Mongodb) spec.source(rb.compareSource()));
    Path originalCopy = backupFolder == null ? null : backupFile(backupFolder, rb.compareSource());
    if (originalCopy == null && target.equals(original)) {
      throw new PlanException(
          "rollback target '"
              + rb.target()
              + "' is the original collection "
              + original.label()
              + " it must be compared with; choose another collection, or compare with a backup"
              + " (--backup) — nothing was written");
    }
    List<Step> steps = new ArrayList<>();
    for (StepSpec s : rb.steps()) {
      steps.add(s.build());
    }
    try {
      MongoCollections.prepare(target, List.of(), true).forEach(report::addNote);
    } catch (RuntimeException e) {
      throw new PlanException(e.getMessage() + " — nothing was written", e);
    }
    boolean strict = settings.strict() || spec.options().strict();
    Pipeline p = Pipeline.create(options);
    build(p, spec, rb, steps, target, settings.runDirectory(), strict, spec.options().batchSize());
    PipelineRun.Outcome outcome = PipelineRun.run(p, progress);
    FlowReport f =
        new FlowReport(
            FLOW,
            "join of " + joinLabel(spec, rb),
            "mongodb " + rb.target() + "." + target.label());
    Map<String, Long> c = outcome.counters();
    f.setCounts(
        c.getOrDefault(Counters.read(FLOW), 0L),
        c.getOrDefault(Counters.written(FLOW), 0L),
        c.getOrDefault(Counters.rejected(FLOW), 0L),
        0);
    f.setRejectsFile(
        settings
            .runDirectory()
            .relativize(RunFiles.rejects(settings.runDirectory(), FLOW))
            .toString());
    if (outcome.failure() != null) {
      report.fail("the pipeline failed: " + outcome.failure());
    } else {
      List<Record> want =
          originalCopy == null
              ? MongoCompare.collection(original)
              : MongoCompare.file(originalCopy);
      MongoCompare.Result r = MongoCompare.compare(want, target, rb.key());
      String against =
          originalCopy == null ? "original " + original.label() : "backup " + originalCopy;
      String detail =
          target.label()
              + " has "
              + r.actual()
              + " documents, "
              + against
              + " "
              + r.expected()
              + ": "
              + r.equal()
              + " equal, "
              + r.differences().size()
              + " differences";
      if (!r.differences().isEmpty()) {
        detail +=
            ": "
                + String.join(
                    "; ", r.differences().subList(0, Math.min(EXAMPLES, r.differences().size())));
      }
      f.addCheck(Check.of("equal to the original", r.passed(), detail));
    }
    report.addFlow(f);
    return Migration.finish(report, settings);
  }

  private static String joinLabel(Spec spec, RollbackSpec rb) {
    List<String> out = new ArrayList<>();
    for (RollbackSpec.Side s : rb.join()) {
      out.add(
          MongoFlows.of((SourceSpec.Mongodb) spec.source(s.source())).label() + " by " + s.key());
    }
    return String.join(" + ", out);
  }

  /** The backup file of the original collection, from the folder's manifest. */
  private static Path backupFile(Path folder, String source) {
    try {
      for (BackupEntry e : Manifests.read(folder).entries()) {
        if (e.store().equals("mongodb") && e.name().equals(source) && e.existed()) {
          return folder.resolve(e.file());
        }
      }
    } catch (BackupException e) {
      throw new PlanException(e.getMessage(), e);
    }
    throw new PlanException(
        "backup " + folder + " has no copy of source '" + source + "' to compare with");
  }

  static void build(
      Pipeline p,
      Spec spec,
      RollbackSpec rb,
      List<Step> steps,
      MongoConnection target,
      Path runDir,
      boolean strict,
      int batchSize) {
    List<PCollection<Reject>> rejects = new ArrayList<>();
    KeyedPCollectionTuple<String> keyed = null;
    List<TupleTag<Record>> tags = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<String> as = new ArrayList<>();
    for (int i = 0; i < rb.join().size(); i++) {
      RollbackSpec.Side side = rb.join().get(i);
      MongoConnection c = MongoFlows.of((SourceSpec.Mongodb) spec.source(side.source()));
      PCollection<RecordBatch> read =
          p.apply(
              FLOW + "/read " + side.source(),
              MongoIO.read()
                  .withConnection(c)
                  .withBatchSize(batchSize)
                  .withSplits(MongoFlows.SPLITS));
      if (i == 0) {
        read = read.apply(FLOW + "/count read", CountInto.records(Counters.read(FLOW)));
      }
      PCollectionTuple k =
          read.apply(
              FLOW + "/key " + side.source(),
              ParDo.of(new RollbackJoin.KeyFn(FLOW, side.source(), side.key()))
                  .withOutputTags(RollbackJoin.KEYED, TupleTagList.of(FlowTags.REJECTS)));
      PCollection<KV<String, Record>> kv =
          k.get(RollbackJoin.KEYED).setCoder(KvCoder.of(StringUtf8Coder.of(), RecordCoder.of()));
      PCollection<Reject> keyRejects = k.get(FlowTags.REJECTS).setCoder(RejectCoder.of());
      if (i != 0) {
        // Rejects of other sides are documents read too.
        keyRejects =
            keyRejects.apply(
                FLOW + "/count read " + side.source(), CountInto.rejects(Counters.read(FLOW)));
      }
      rejects.add(
          keyRejects.apply(
              FLOW + "/count rejects " + side.source(),
              CountInto.rejects(Counters.rejected(FLOW))));
      TupleTag<Record> tag = new TupleTag<>(side.source());
      tags.add(tag);
      names.add(c.label());
      as.add(side.as());
      keyed = keyed == null ? KeyedPCollectionTuple.of(tag, kv) : keyed.and(tag, kv);
    }
    PCollectionTuple merged =
        keyed
            .apply(FLOW + "/join", CoGroupByKey.create())
            .apply(
                FLOW + "/merge",
                ParDo.of(new RollbackJoin.MergeFn(FLOW, names, as, tags, rb.join().get(0).key()))
                    .withOutputTags(RollbackJoin.JOINED, TupleTagList.of(FlowTags.REJECTS)));
    // Joined records come out one by one; writes want batches.
    PCollection<RecordBatch> records =
        merged
            .get(RollbackJoin.JOINED)
            .setCoder(KvCoder.of(VarIntCoder.of(), RecordCoder.of()))
            .apply(FLOW + "/group", GroupByKey.create())
            .apply(FLOW + "/as batches", ParDo.of(new RollbackJoin.ToBatchFn(batchSize)))
            .setCoder(RecordBatchCoder.of());
    rejects.add(
        merged
            .get(FlowTags.REJECTS)
            .setCoder(RejectCoder.of())
            .apply(FLOW + "/count join rejects", CountInto.rejects(Counters.rejected(FLOW))));
    if (!steps.isEmpty()) {
      PCollectionTuple t =
          records.apply(FLOW + "/steps", ApplyStep.chain(FLOW, steps, rb.key(), strict));
      records = t.get(FlowTags.RECORDS);
      rejects.add(t.get(FlowTags.REJECTS));
    }
    PCollectionTuple w =
        records.apply(
            FLOW + "/write",
            MongoIO.write().withConnection(target).withFlow(FLOW).withKey(rb.key()));
    w.get(MongoIO.WRITTEN).apply(FLOW + "/count written", CountInto.sum(Counters.written(FLOW)));
    // Step rejects are counted by ApplyStep itself.
    rejects.add(
        w.get(FlowTags.REJECTS)
            .apply(FLOW + "/count write rejects", CountInto.rejects(Counters.rejected(FLOW))));
    PCollectionList.of(rejects)
        .apply(FLOW + "/all rejects", Flatten.pCollections())
        .apply(
            FLOW + "/write rejects",
            JsonlIO.writeRejects().to(RunFiles.rejects(runDir, FLOW).toString()));
  }
}
