package dev.ferry.pipeline;

import java.io.ObjectStreamException;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.joda.time.Duration;

/**
 * Runs a built pipeline to its end while passing Ferry's counters to a progress listener about once
 * a second, and returns the final counters or the failure's root cause.
 *
 * <pre>{@code
 * PipelineRun.Outcome o = PipelineRun.run(pipeline, progress);
 * if (o.failure() != null) { ... }
 * }</pre>
 */
final class PipelineRun {
  private PipelineRun() {}

  /** The counters at the end, and the failure message (null when the pipeline succeeded). */
  record Outcome(Map<String, Long> counters, String failure) {}

  static Outcome run(Pipeline p, ProgressListener progress) {
    PipelineResult result;
    try {
      result = p.run();
    } catch (RuntimeException e) {
      return new Outcome(Map.of(), rootMessage(e));
    }
    try {
      PipelineResult.State state = null;
      while (state == null || !state.isTerminal()) {
        state = result.waitUntilFinish(Duration.standardSeconds(1));
        progress.update(RunMetrics.counters(result));
      }
      Map<String, Long> counters = RunMetrics.counters(result);
      if (state != PipelineResult.State.DONE) {
        return new Outcome(counters, "the pipeline ended in state " + state);
      }
      return new Outcome(counters, null);
    } catch (RuntimeException e) {
      Map<String, Long> counters;
      try {
        counters = RunMetrics.counters(result);
      } catch (RuntimeException ignored) {
        counters = Map.of();
      }
      return new Outcome(counters, rootMessage(e));
    }
  }

  /**
   * The innermost cause's message, which is the one that names the table, key or field. A class
   * that could not be found, linked or deserialized (a worker whose class path lacks or differs
   * from the client's) is named with its exception's type, since the message alone is a class name.
   */
  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage();
    if (m == null) {
      return t.getClass().getName();
    }
    boolean classTrouble =
        t instanceof ReflectiveOperationException
            || t instanceof LinkageError
            || t instanceof ObjectStreamException;
    return classTrouble ? t.getClass().getSimpleName() + ": " + m : m;
  }
}
