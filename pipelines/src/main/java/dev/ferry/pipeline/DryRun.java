package dev.ferry.pipeline;

import dev.ferry.io.postgres.PgConform;
import dev.ferry.record.Record;
import dev.ferry.record.RecordCoder;
import dev.ferry.report.Check;
import dev.ferry.report.FlowReport;
import dev.ferry.report.RunReport;
import dev.ferry.spec.Spec;
import dev.ferry.spec.TargetSpec;
import dev.ferry.steps.Step;
import dev.ferry.steps.StepRejection;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The dry run: checks the spec against the real sources and targets (planning, connecting,
 * describing, the same refusals a run makes), counts each flow's source rows, puts a sample of the
 * first records through the flow's steps to time them and to show the first rejects, and estimates
 * each flow's written size and duration. Writes nothing.
 *
 * <p>The duration estimate is the sample's per-record read-and-step time times the row count, plus
 * the row count over {@link #WRITE_ROWS_PER_SECOND}, the rate Ferry's COPY-into-staging and merge
 * path sustained into a local PostgreSQL in {@code bench/} (a rate, not a promise: a remote or busy
 * server is slower).
 *
 * <pre>{@code
 * DryRun.estimate(spec, report);
 * }</pre>
 */
final class DryRun {
  static final int SAMPLE = 1000;
  static final long WRITE_ROWS_PER_SECOND = 150_000;
  private static final int SHOWN_REJECTS = 3;

  private DryRun() {}

  static void estimate(Spec spec, RunReport report) {
    List<FlowPlan> plans = Planner.plan(spec);
    TargetPreparer.Result prepared = TargetPreparer.prepare(plans, TargetPreparer.Mode.CHECK);
    prepared.actions().forEach(report::addNote);
    double totalSeconds = 0;
    int mongoFlows = 0;
    long totalBytes = 0;
    for (FlowPlan plan : prepared.plans()) {
      FlowReport f = new FlowReport(plan.name(), plan.sourceLabel(), plan.targetLabel());
      try {
        long t0 = System.nanoTime();
        long rows = SourceSample.count(plan);
        List<Record> sample = SourceSample.first(plan, SAMPLE);
        List<Step> steps = new ArrayList<>(plan.steps());
        if (plan.target() instanceof TargetSpec.Postgres) {
          steps.add(PgConform.forTable(plan.targetTable()));
        }
        long bytes = 0;
        List<Record> mapped = new ArrayList<>();
        int passed = 0;
        int routed = 0;
        List<String> rejects = new ArrayList<>();
        for (Record r : sample) {
          Record cur = r.copy();
          String failedAt = null;
          boolean routedAway = false;
          for (Step s : steps) {
            if (s instanceof dev.ferry.steps.AggregateStep) {
              break; // runs over all records at once: the sample stops before it
            }
            try {
              cur = s.apply(cur);
            } catch (dev.ferry.steps.RoutedElsewhere e) {
              routedAway = true;
              break;
            } catch (StepRejection e) {
              failedAt = s.label() + ": " + e.getMessage() + " (key " + r.project(plan.key()) + ")";
              break;
            }
          }
          if (routedAway) {
            routed++; // belongs to another flow of a split
            continue;
          }
          if (failedAt == null) {
            passed++;
            mapped.add(cur);
            bytes +=
                plan.target() instanceof TargetSpec.Mongodb
                    ? MongoFlows.bsonBytes(cur)
                    : RecordCoder.toBytes(cur).length;
          } else if (rejects.size() < SHOWN_REJECTS) {
            rejects.add(failedAt);
          }
        }
        double perRecord = sample.isEmpty() ? 0 : (System.nanoTime() - t0) / 1e9 / sample.size();
        MongoWriteProbe.Rate mongoRate =
            plan.target() instanceof TargetSpec.Mongodb
                ? MongoWriteProbe.measure(plan, mapped, spec.options().batchSize())
                : null;
        long rate = mongoRate != null ? mongoRate.docsPerSecond() : WRITE_ROWS_PER_SECOND;
        double seconds = rows * perRecord + (double) rows / rate;
        long size = passed == 0 ? 0 : bytes / passed * rows;
        totalSeconds += seconds;
        totalBytes += size;
        f.addCheck(Check.of("source rows", true, rows + " rows"));
        f.addCheck(
            Check.of(
                "sample",
                true,
                sample.size()
                    + " records through "
                    + steps.size()
                    + " steps: "
                    + passed
                    + " pass, "
                    + (routed > 0 ? routed + " belong to other flows, " : "")
                    + (sample.size() - passed - routed)
                    + " would be rejected"
                    + (rejects.isEmpty() ? "" : " — first: " + String.join("; ", rejects))));
        f.addCheck(Check.of("estimated size", true, human(size) + " of record data"));
        f.addCheck(
            Check.of("estimated duration", true, String.format(Locale.ROOT, "%.1f s", seconds)));
        if (mongoRate != null) {
          f.addCheck(Check.of("write rate", true, mongoRate.how()));
          mongoFlows++;
        }
      } catch (SQLException | IOException | RuntimeException e) {
        f.addCheck(Check.of("source", false, "cannot sample: " + e.getMessage()));
      }
      report.addFlow(f);
    }
    report.addNote(
        String.format(
            Locale.ROOT,
            "estimated total: %s in %.1f s (writes at %,d rows/s, the bench/ figure%s); nothing was"
                + " written",
            human(totalBytes),
            totalSeconds,
            WRITE_ROWS_PER_SECOND,
            mongoFlows == 0 ? "" : "; MongoDB targets at their flow's write rate"));
  }

  private static String human(long bytes) {
    if (bytes < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }
    return String.format(Locale.ROOT, "%.1f MiB", bytes / 1024.0 / 1024.0);
  }
}
