package dev.ferry.steps;

import dev.ferry.record.Record;
import java.util.List;

/**
 * The {@code keep} step: keeps only the named top-level fields, in the order given, and removes
 * every other field; a named field the record lacks stays absent (it is not added as null). It
 * projects a record onto a target document's shape, and puts fields back in a known order.
 *
 * <pre>{@code
 * Step s = Steps.create("keep", Map.of("fields", List.of("dataset_id", "config_id")));
 * }</pre>
 */
public final class KeepStep implements Step {
  private static final long serialVersionUID = 1L;

  private final List<String> fields;

  private KeepStep(List<String> fields) {
    this.fields = List.copyOf(fields);
  }

  static KeepStep fromArgs(StepArgs a) {
    List<String> f = a.paths("fields");
    if (f == null || f.isEmpty()) {
      throw a.error("'fields' must name at least one field");
    }
    for (String name : f) {
      if (Record.splitPath(name).size() != 1) {
        throw a.error("'fields' names top-level fields only, not '" + name + "'");
      }
    }
    return new KeepStep(f);
  }

  @Override
  public String label() {
    return "keep " + String.join(", ", fields);
  }

  @Override
  public Record apply(Record record) {
    Record out = Record.withCapacity(fields.size());
    for (String f : fields) {
      if (record.has(f)) {
        out.put(f, record.get(f));
      }
    }
    return out;
  }
}
