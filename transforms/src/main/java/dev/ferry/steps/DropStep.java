package dev.ferry.steps;

import dev.ferry.record.Record;
import java.util.List;

/**
 * The {@code drop} step: removes one or more fields (dotted paths); missing ones are ignored.
 *
 * <pre>{@code
 * Step s = Steps.create("drop", Map.of("fields", List.of("legacy_id", "meta.tmp")));
 * }</pre>
 */
public final class DropStep implements Step {
  private static final long serialVersionUID = 1L;

  private final List<String> paths;

  private DropStep(List<String> paths) {
    this.paths = paths;
  }

  static DropStep fromArgs(StepArgs a) {
    if (a.has("field") == a.has("fields")) {
      throw a.error("give exactly one of 'field' or 'fields'");
    }
    return new DropStep(a.has("field") ? List.of(a.path("field")) : a.paths("fields"));
  }

  @Override
  public String label() {
    return "drop " + String.join(", ", paths);
  }

  @Override
  public Record apply(Record record) {
    for (String p : paths) {
      record.removePath(p);
    }
    return record;
  }
}
