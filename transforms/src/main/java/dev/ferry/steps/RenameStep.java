package dev.ferry.steps;

import dev.ferry.record.Record;

/**
 * The {@code rename} step: renames a top-level field, keeping its position. A record without the
 * field passes unchanged; a field already named {@code to} is replaced.
 *
 * <pre>{@code
 * Step s = Steps.create("rename", Map.of("from", "uid", "to", "user_id"));
 * }</pre>
 */
public final class RenameStep implements Step {
  private static final long serialVersionUID = 1L;

  private final String from;
  private final String to;

  private RenameStep(String from, String to) {
    this.from = from;
    this.to = to;
  }

  static RenameStep fromArgs(StepArgs a) {
    return new RenameStep(a.text("from"), a.text("to"));
  }

  @Override
  public String label() {
    return "rename " + from + " to " + to;
  }

  @Override
  public Record apply(Record record) {
    return record.rename(from, to);
  }
}
