package dev.ferry.steps;

import dev.ferry.record.Record;

/**
 * The {@code default} step: sets a field (a dotted path) to a constant when it is missing or null.
 *
 * <pre>{@code
 * Step s = Steps.create("default", Map.of("field", "status", "value", "active"));
 * }</pre>
 */
public final class DefaultStep implements Step {
  private static final long serialVersionUID = 1L;

  private final String field;
  private final Literal value;

  private DefaultStep(String field, Literal value) {
    this.field = field;
    this.value = value;
  }

  static DefaultStep fromArgs(StepArgs a) {
    String field = a.path("field");
    if (!a.has("value")) {
      throw a.error("missing argument 'value'");
    }
    return new DefaultStep(field, StepLiterals.of(a, "value"));
  }

  @Override
  public String label() {
    return "default " + field;
  }

  @Override
  public Record apply(Record record) throws StepRejection {
    if (record.getPath(field) == null) {
      StepPaths.put(record, field, value.fresh());
    }
    return record;
  }
}
