package dev.ferry.pipeline;

import dev.ferry.backup.BackupException;
import dev.ferry.backup.Backups;
import dev.ferry.record.Record;
import dev.ferry.record.RecordJson;
import dev.ferry.report.Check;
import dev.ferry.report.FlowReport;
import dev.ferry.report.JsonReport;
import dev.ferry.report.MarkdownReport;
import dev.ferry.report.RunReport;
import dev.ferry.spec.ParamSpec;
import dev.ferry.spec.Spec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * The three things Ferry does with a spec, each ending in a report written to the run directory:
 * {@link #run} (plan, prepare targets, migrate, verify), {@link #validate} (compare source and
 * target row by row, write nothing) and {@link #dryRun} (see {@link DryRun}). The runner is chosen
 * by the caller through the pipeline options.
 *
 * <pre>{@code
 * Spec spec = SpecLoader.load(Path.of("spec.yaml"), Map.of("user_id", "t1"));
 * RunReport r = Migration.run(spec, settings, options, ProgressListener.NONE);
 * System.out.println(r.verdict());
 * }</pre>
 */
public final class Migration {
  private static final int DIFF_EXAMPLES = 10;

  private Migration() {}

  /** Migrates every flow without taking a backup first; see the overload. */
  public static RunReport run(
      Spec spec, RunSettings settings, PipelineOptions options, ProgressListener progress) {
    return run(spec, settings, options, progress, null);
  }

  /**
   * Migrates every flow; the report proves the counts and the target checks. When {@code
   * backupRoot} is not null and the spec has databases a backup store handles (SQLite files), they
   * are backed up into a timestamped folder under it after planning (so a refused plan takes no
   * backup) and before anything is written; the report names the folder.
   */
  public static RunReport run(
      Spec spec,
      RunSettings settings,
      PipelineOptions options,
      ProgressListener progress,
      Path backupRoot) {
    return run(spec, settings, () -> options, progress, backupRoot);
  }

  /**
   * As above, with the options asked for only once the targets are prepared, just before the
   * pipeline is built (the command line builds them meanwhile on another thread). Options that
   * cannot be built then fail the run after the backup and the target preparation: a caller whose
   * options can fail (a cluster to ask) should make sure of them first.
   */
  public static RunReport run(
      Spec spec,
      RunSettings settings,
      Supplier<PipelineOptions> options,
      ProgressListener progress,
      Path backupRoot) {
    RunReport report = start(spec, "run", settings);
    List<FlowPlan> plans = Planner.plan(spec);
    if (backupRoot != null && !Backups.items(spec).isEmpty()) {
      try {
        Backups.Result b = Backups.create(spec, backupRoot, Instant.now());
        report.setBackup(b.folder().toString());
        report.addNote(
            "backup of "
                + b.manifest().entries().size()
                + " database(s) in "
                + b.folder()
                + "; undo this run with: ferry restore "
                + b.folder());
      } catch (BackupException e) {
        throw new PlanException(e.getMessage() + " — nothing was written", e);
      }
    }
    TargetPreparer.Result prepared = TargetPreparer.prepare(plans, TargetPreparer.Mode.WRITE);
    prepared.actions().forEach(report::addNote);
    boolean strict = settings.strict() || spec.options().strict();
    // Asked for only now, so that building them (about half a second of Beam's start-up, on
    // another thread) overlaps the backup and preparing the targets.
    long pipelineStart = System.nanoTime();
    Pipeline p = Pipeline.create(options.get());
    MigrateGraph.build(
        p, prepared.plans(), settings.runDirectory(), strict, spec.options().batchSize());
    InvokerWarmUp.start(p);
    PipelineRun.Outcome outcome = PipelineRun.run(p, progress);
    report.setPipelineDuration(Duration.ofNanos(System.nanoTime() - pipelineStart));
    if (outcome.failure() != null) {
      report.fail("the pipeline failed: " + outcome.failure());
    } else {
      List<String> done = new ArrayList<>();
      SqliteTargets.createTriggers(prepared.plans(), done);
      done.addAll(ChromaIndexes.build(prepared.plans()));
      done.addAll(MongoFlows.declaredCounts(prepared.plans()));
      done.forEach(report::addNote);
    }
    Map<String, FlowReport> byName = new java.util.HashMap<>();
    for (FlowPlan plan : prepared.plans()) {
      FlowReport f = new FlowReport(plan.name(), plan.sourceLabel(), plan.targetLabel());
      byName.put(plan.name(), f);
      Map<String, Long> c = outcome.counters();
      long skipped = 0;
      if (plan.sqlite() != null) {
        List<Record> conflicts = SqliteTargets.conflicts(settings.runDirectory(), plan.name());
        skipped = conflicts.stream().filter(r -> "skipped".equals(r.get("action"))).count();
        if (!conflicts.isEmpty()) {
          List<String> keys = new ArrayList<>();
          conflicts.forEach(r -> keys.add(r.get("key") + " (" + r.get("action") + ")"));
          f.addCheck(
              Check.of(
                  "key conflicts",
                  true,
                  conflicts.size()
                      + " row(s) met an existing row with the same key in table '"
                      + plan.targetTable().name()
                      + "' (on_conflict: "
                      + plan.sqlite().onConflict().yamlName()
                      + "): "
                      + String.join("; ", keys)));
        }
      }
      f.setCounts(
          c.getOrDefault(Counters.read(plan.name()), 0L),
          c.getOrDefault(Counters.written(plan.name()), 0L),
          c.getOrDefault(Counters.rejected(plan.name()), 0L),
          skipped + c.getOrDefault(Counters.routed(plan.name()), 0L));
      f.setRejectsFile(
          settings
              .runDirectory()
              .relativize(RunFiles.rejects(settings.runDirectory(), plan.name()))
              .toString());
      if (outcome.failure() == null) {
        Verifier.verify(plan, f, c);
        VectorChecks.verify(plan, f, report, settings.runDirectory());
        if (plan.target() instanceof dev.ferry.spec.TargetSpec.Mongodb) {
          MongoChecks.verify(plan, f, c, settings.runDirectory());
        }
        if (plan.source() instanceof dev.ferry.spec.SourceSpec.Cosmos
            || plan.target() instanceof dev.ferry.spec.TargetSpec.Cosmos) {
          CosmosChecks.verify(plan, f, c, settings.runDirectory());
        }
      }
      report.addFlow(f);
    }
    if (outcome.failure() == null) {
      SqliteTargets.verify(prepared.plans(), byName, settings.runDirectory());
    }
    return finish(report, settings);
  }

  /** Compares source (through the steps) and target by key; writes nothing to any target. */
  public static RunReport validate(
      Spec spec, RunSettings settings, PipelineOptions options, ProgressListener progress) {
    return validate(spec, settings, () -> options, progress);
  }

  /** As above, with the options asked for once the plan is made. */
  public static RunReport validate(
      Spec spec,
      RunSettings settings,
      Supplier<PipelineOptions> options,
      ProgressListener progress) {
    RunReport report = start(spec, "validate", settings);
    List<FlowPlan> plans = Planner.plan(spec);
    TargetPreparer.Result prepared = TargetPreparer.prepare(plans, TargetPreparer.Mode.EXISTING);
    long pipelineStart = System.nanoTime();
    Pipeline p = Pipeline.create(options.get());
    ValidateGraph.build(p, prepared.plans(), settings.runDirectory(), spec.options().batchSize());
    InvokerWarmUp.start(p);
    PipelineRun.Outcome outcome = PipelineRun.run(p, progress);
    report.setPipelineDuration(Duration.ofNanos(System.nanoTime() - pipelineStart));
    if (outcome.failure() != null) {
      report.fail("the pipeline failed: " + outcome.failure());
    }
    Map<String, Long> c = outcome.counters();
    for (FlowPlan plan : prepared.plans()) {
      String n = plan.name();
      FlowReport f = new FlowReport(n, plan.sourceLabel(), plan.targetLabel());
      long compared = c.getOrDefault(n + ".validate.source", 0L);
      f.setCounts(
          c.getOrDefault(Counters.read(n), 0L),
          compared,
          c.getOrDefault(Counters.rejected(n), 0L),
          0);
      long target = c.getOrDefault(n + ".validate.target", 0L);
      long matched = c.getOrDefault(n + ".validate.matched", 0L);
      long missing = c.getOrDefault(n + ".validate.missing", 0L);
      long extra = c.getOrDefault(n + ".validate.extra", 0L);
      long changed = c.getOrDefault(n + ".validate.changed", 0L);
      long duplicate = c.getOrDefault(n + ".validate.duplicate", 0L);
      f.addCheck(
          Check.of(
              "counts",
              compared == target,
              "source " + compared + " records after steps, target " + target + " rows"));
      f.addCheck(
          Check.of(
              "fingerprints",
              missing + extra + changed + duplicate == 0,
              matched
                  + " matched, "
                  + missing
                  + " missing, "
                  + extra
                  + " extra, "
                  + changed
                  + " changed, "
                  + duplicate
                  + " duplicate keys"));
      List<String> examples = diffExamples(RunFiles.diff(settings.runDirectory(), n));
      if (!examples.isEmpty()) {
        f.addCheck(Check.of("differences", false, String.join("; ", examples)));
      }
      if (outcome.failure() == null) {
        VectorChecks.verify(plan, f, report, settings.runDirectory());
      }
      report.addFlow(f);
    }
    return finish(report, settings);
  }

  /** Plans, connects and estimates; writes nothing (see {@link DryRun}). */
  public static RunReport dryRun(Spec spec, RunSettings settings) {
    RunReport report = start(spec, "dry-run", settings);
    DryRun.estimate(spec, report);
    return finish(report, settings);
  }

  static RunReport start(Spec spec, String command, RunSettings settings) {
    RunReport report = new RunReport(spec.name(), command, settings.runnerName(), Instant.now());
    report.setRunDirectory(settings.runDirectory().toAbsolutePath().toString());
    for (ParamSpec param : spec.params().values()) {
      report.putParam(param.name(), param.value());
    }
    try {
      Files.createDirectories(settings.runDirectory());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create run directory " + settings.runDirectory(), e);
    }
    return report;
  }

  static RunReport finish(RunReport report, RunSettings settings) {
    report.finish(Instant.now());
    try {
      Files.writeString(
          RunFiles.markdownReport(settings.runDirectory()), MarkdownReport.render(report));
      Files.writeString(RunFiles.jsonReport(settings.runDirectory()), JsonReport.render(report));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report into " + settings.runDirectory(), e);
    }
    return report;
  }

  /** The first differences of a validation, as "missing id=3" / "changed id=4 (columns [a])". */
  private static List<String> diffExamples(Path file) {
    List<String> out = new ArrayList<>();
    if (!Files.exists(file)) {
      return out;
    }
    try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
      lines
          .sorted()
          .limit(DIFF_EXAMPLES)
          .forEach(line -> out.add(describeDiff(RecordJson.read(line))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static String describeDiff(Record d) {
    String s = d.get("kind") + " " + d.get("key");
    if (d.get("columns") != null) {
      s += " (columns " + d.get("columns") + ")";
    }
    if (d.get("side") != null) {
      s += " (" + d.get("side") + " x" + d.get("count") + ")";
    }
    return s;
  }
}
