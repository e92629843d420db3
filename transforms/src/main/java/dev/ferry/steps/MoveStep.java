package dev.ferry.steps;

import dev.ferry.record.Record;

/**
 * The {@code move} step: moves a value from one dotted path to another, creating intermediate
 * records at the destination. A record without {@code from} passes unchanged.
 *
 * <pre>{@code
 * Step s = Steps.create("move", Map.of("from", "user_id", "to", "meta.user_id"));
 * }</pre>
 */
public final class MoveStep implements Step {
  private static final long serialVersionUID = 1L;

  private final String from;
  private final String to;

  private MoveStep(String from, String to) {
    this.from = from;
    this.to = to;
  }

  static MoveStep fromArgs(StepArgs a) {
    return new MoveStep(a.path("from"), a.path("to"));
  }

  @Override
  public String label() {
    return "move " + from + " to " + to;
  }

  @Override
  public Record apply(Record record) throws StepRejection {
    if (from.equals(to) || !record.hasPath(from)) {
      return record;
    }
    Object v = record.removePath(from);
    StepPaths.put(record, to, v);
    return record;
  }
}
