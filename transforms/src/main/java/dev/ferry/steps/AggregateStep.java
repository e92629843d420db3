package dev.ferry.steps;

import dev.ferry.expr.Expression;
import dev.ferry.expr.ExpressionException;
import dev.ferry.record.Record;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code aggregate} step: one record per distinct value of the {@code by} fields, holding those
 * fields, the sorted set of the distinct non-null values of each {@code collect_set} field, the
 * number of records merged ({@code count}, optional) and an {@code id} computed from the result
 * (optional). It runs over all of a flow's records at once ({@link AggregateRecords}); the steps
 * after it see the aggregated records. Records merged into another are counted as routed, so {@code
 * read = written + rejected + routed} still holds.
 *
 * <pre>{@code
 * - aggregate:
 *     by: [personality_id]
 *     collect_set: { associated_sources: source }
 *     count: document_count
 *     id: "'personality_' + personality_id"
 * }</pre>
 */
public final class AggregateStep implements Step {
  private static final long serialVersionUID = 1L;
  private final List<String> by;
  private final LinkedHashMap<String, String> collectSet;
  private final String count;
  private final Expression id;

  private AggregateStep(
      List<String> by, LinkedHashMap<String, String> collectSet, String count, Expression id) {
    this.by = List.copyOf(by);
    this.collectSet = collectSet;
    this.count = count;
    this.id = id;
  }

  static AggregateStep fromArgs(StepArgs a) {
    List<String> by = a.paths("by");
    if (by == null) {
      throw a.error("missing argument 'by'");
    }
    LinkedHashMap<String, String> sets = new LinkedHashMap<>();
    if (a.has("collect_set")) {
      Object raw = a.raw("collect_set");
      if (!(raw instanceof Map)) {
        throw a.error("'collect_set' must be a map of output field: input field");
      }
      for (Map.Entry<?, ?> e : ((Map<?, ?>) raw).entrySet()) {
        if (!(e.getValue() instanceof String) || ((String) e.getValue()).isEmpty()) {
          throw a.error("collect_set '" + e.getKey() + "' must name an input field");
        }
        sets.put(String.valueOf(e.getKey()), (String) e.getValue());
      }
    }
    String count = a.optionalText("count");
    return new AggregateStep(by, sets, count, a.optionalExpression("id"));
  }

  @Override
  public String label() {
    return "aggregate by " + String.join(", ", by);
  }

  /** Not a per-record step: {@link AggregateRecords} runs it over the whole flow. */
  @Override
  public Record apply(Record record) {
    throw new IllegalStateException("aggregate runs over all records of a flow, not per record");
  }

  /** The group key of a record: its {@code by} values, in order (missing values are null). */
  public Record keyOf(Record r) {
    Record k = Record.withCapacity(by.size());
    for (String f : by) {
      k.put(f, r.hasPath(f) ? r.getPath(f) : null);
    }
    return k;
  }

  /** The aggregated record of one group. */
  public Record aggregate(Record key, Iterable<Record> members) throws StepRejection {
    Map<String, TreeMap<String, Object>> sets = new LinkedHashMap<>();
    collectSet.keySet().forEach(k -> sets.put(k, new TreeMap<>()));
    long n = 0;
    for (Record r : members) {
      n++;
      for (Map.Entry<String, String> e : collectSet.entrySet()) {
        Object v = r.hasPath(e.getValue()) ? r.getPath(e.getValue()) : null;
        if (v != null) {
          sets.get(e.getKey()).put(String.valueOf(v), v);
        }
      }
    }
    Record out = Record.withCapacity(by.size() + sets.size() + 2);
    if (id != null) {
      out.put("id", null);
    }
    for (String f : key.names()) {
      out.put(f, key.get(f));
    }
    for (Map.Entry<String, TreeMap<String, Object>> e : sets.entrySet()) {
      out.put(e.getKey(), new ArrayList<>(e.getValue().values()));
    }
    if (count != null) {
      out.put(count, n);
    }
    if (id != null) {
      try {
        Object v = id.evaluate(out);
        out.put("id", v == null ? null : String.valueOf(v));
      } catch (ExpressionException e) {
        throw new StepRejection("aggregate id '" + id.source() + "': " + e.getMessage(), e);
      }
    }
    return out;
  }
}
