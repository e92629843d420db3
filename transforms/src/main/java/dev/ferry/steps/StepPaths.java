package dev.ferry.steps;

import dev.ferry.record.Record;

/**
 * Sets a value at a dotted path for a step, turning a path that crosses a non-record value into a
 * rejection of that record rather than a failure of the run.
 *
 * <pre>{@code
 * StepPaths.put(record, "meta.user_id", "t1");
 * }</pre>
 */
final class StepPaths {
  private StepPaths() {}

  static void put(Record record, String path, Object value) throws StepRejection {
    try {
      record.putPath(path, value);
    } catch (IllegalArgumentException e) {
      throw new StepRejection("field '" + path + "': " + e.getMessage(), e);
    }
  }
}
