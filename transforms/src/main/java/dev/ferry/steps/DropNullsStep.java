package dev.ferry.steps;

import dev.ferry.record.Record;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code drop-nulls} step: removes fields whose value is null. Without arguments it cleans the
 * whole record, recursively through nested records and records inside lists (list elements
 * themselves are kept, nulls included, so positions do not shift); with {@code fields} it removes
 * only those paths, and only when they are null.
 *
 * <pre>{@code
 * Step all = Steps.create("drop-nulls", Map.of());
 * Step some = Steps.create("drop-nulls", Map.of("fields", List.of("note", "meta.tag")));
 * }</pre>
 */
public final class DropNullsStep implements Step {
  private static final long serialVersionUID = 1L;

  private final List<String> paths;

  private DropNullsStep(List<String> paths) {
    this.paths = paths;
  }

  static DropNullsStep fromArgs(StepArgs a) {
    return new DropNullsStep(a.paths("fields"));
  }

  @Override
  public String label() {
    return paths == null ? "drop-nulls" : "drop-nulls " + String.join(", ", paths);
  }

  @Override
  public Record apply(Record record) {
    if (paths == null) {
      dropNulls(record);
    } else {
      for (String p : paths) {
        if (record.hasPath(p) && record.getPath(p) == null) {
          record.removePath(p);
        }
      }
    }
    return record;
  }

  private static void dropNulls(Record r) {
    List<String> nulls = new ArrayList<>();
    for (Map.Entry<String, Object> e : r.asMap().entrySet()) {
      if (e.getValue() == null) {
        nulls.add(e.getKey());
      } else {
        dropNullsIn(e.getValue());
      }
    }
    for (String n : nulls) {
      r.remove(n);
    }
  }

  private static void dropNullsIn(Object v) {
    if (v instanceof Record) {
      dropNulls((Record) v);
    } else if (v instanceof List) {
      for (Object o : (List<?>) v) {
        dropNullsIn(o);
      }
    }
  }
}
