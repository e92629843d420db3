package dev.ferry.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one {@code ferry} command: which spec, which command and runner, when, per-flow
 * results, run-wide checks and notes, and the verdict. {@link MarkdownReport} and {@link
 * JsonReport} render it into the run directory.
 *
 * <pre>{@code
 * RunReport r = new RunReport("s2-collections", "run", "DirectRunner", Instant.now());
 * r.addFlow(flowReport);
 * r.finish(Instant.now());
 * r.verdict();   // "PASS" or "FAIL"
 * }</pre>
 */
public final class RunReport {
  private final String spec;
  private final String command;
  private final String runner;
  private final Instant started;
  private Instant finished;
  private String runDirectory;
  private final Map<String, String> params = new LinkedHashMap<>();
  private final List<FlowReport> flows = new ArrayList<>();
  private final List<Check> checks = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private String failure;
  private String backup;

  public RunReport(String spec, String command, String runner, Instant started) {
    this.spec = spec;
    this.command = command;
    this.runner = runner;
    this.started = started;
  }

  public String spec() {
    return spec;
  }

  public String command() {
    return command;
  }

  public String runner() {
    return runner;
  }

  public Instant started() {
    return started;
  }

  private Duration pipelineDuration;

  public Instant finished() {
    return finished;
  }

  public void finish(Instant at) {
    this.finished = at;
  }

  public Duration duration() {
    return finished == null ? Duration.ZERO : Duration.between(started, finished);
  }

  /**
   * How long the pipeline took, from its build to its end (the pass over the sources: reads, steps,
   * writes and the facts of the checks); null when no pipeline ran.
   */
  public Duration pipelineDuration() {
    return pipelineDuration;
  }

  public void setPipelineDuration(Duration d) {
    this.pipelineDuration = d;
  }

  public String runDirectory() {
    return runDirectory;
  }

  public void setRunDirectory(String dir) {
    this.runDirectory = dir;
  }

  /** Records a run parameter for the report (never pass secrets here). */
  public void putParam(String name, String value) {
    params.put(name, value);
  }

  public Map<String, String> params() {
    return Collections.unmodifiableMap(params);
  }

  public void addFlow(FlowReport f) {
    flows.add(f);
  }

  public List<FlowReport> flows() {
    return Collections.unmodifiableList(flows);
  }

  public FlowReport flow(String name) {
    return flows.stream().filter(f -> f.name().equals(name)).findFirst().orElse(null);
  }

  public void addCheck(Check c) {
    checks.add(c);
  }

  public List<Check> checks() {
    return Collections.unmodifiableList(checks);
  }

  public void addNote(String note) {
    notes.add(note);
  }

  public List<String> notes() {
    return Collections.unmodifiableList(notes);
  }

  /** The folder of the backup taken before the run, or null when none was taken. */
  public String backup() {
    return backup;
  }

  public void setBackup(String folder) {
    this.backup = folder;
  }

  /** Marks the run as failed with a reason (e.g. the pipeline threw). */
  public void fail(String reason) {
    this.failure = reason;
  }

  public String failure() {
    return failure;
  }

  /** PASS when the run did not fail and every check of every flow and of the run holds. */
  public String verdict() {
    return reasons().isEmpty() ? "PASS" : "FAIL";
  }

  /** Why the verdict is what it is: every failed check, or the failure, or "all checks passed". */
  public List<String> reasons() {
    List<String> out = new ArrayList<>();
    if (failure != null) {
      out.add(failure);
    }
    for (FlowReport f : flows) {
      for (Check c : f.checks()) {
        if (!c.passed()) {
          out.add("flow '" + f.name() + "': " + c.name() + ": " + c.detail());
        }
      }
    }
    for (Check c : checks) {
      if (!c.passed()) {
        out.add(c.name() + ": " + c.detail());
      }
    }
    return out;
  }
}
