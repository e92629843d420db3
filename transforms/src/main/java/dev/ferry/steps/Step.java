package dev.ferry.steps;

import dev.ferry.record.Record;
import java.io.Serializable;

/**
 * One declarative change to a record (set, rename, move, drop, default, drop-nulls, cast). A step
 * is a plain, serializable function; {@link ApplyStep} wires it into a pipeline with a main and a
 * reject output.
 *
 * <pre>{@code
 * Step s = Steps.create("rename", Map.of("from", "a", "to", "b"));
 * Record out = s.apply(record.copy());
 * }</pre>
 */
public interface Step extends Serializable {
  /** A short label naming the step and its target, used in rejects and reports. */
  String label();

  /**
   * Applies the step to a record the caller owns (a private copy the step may change). Returns the
   * record to pass on, usually the same instance.
   *
   * @throws StepRejection if this record cannot pass the step (the reason names the field)
   */
  Record apply(Record record) throws StepRejection;
}
