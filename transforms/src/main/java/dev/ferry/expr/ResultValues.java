package dev.ferry.expr;

import dev.ferry.record.Record;
import dev.ferry.record.Values;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Turns what a JEXL expression returns into a Ferry value: record and list views become copies of
 * what they show, maps with text keys become records, other collections and arrays become lists
 * ({@code byte[]} stays bytes, {@code float[]} stays a vector), characters become text, and JEXL's
 * Integer, Float and BigInteger results become Long, Double and Long/decimal.
 *
 * <pre>{@code
 * Object v = ResultValues.toFerry(jexlResult);   // e.g. Integer 3 -> Long 3
 * }</pre>
 */
final class ResultValues {
  private ResultValues() {}

  /**
   * Converts a result.
   *
   * @throws IllegalArgumentException naming the Java type that has no Ferry kind
   */
  static Object toFerry(Object v) {
    if (v instanceof RecordView) {
      return ((RecordView) v).record().copy();
    } else if (v instanceof RecordView.ListView) {
      return Values.deepCopy(((RecordView.ListView) v).list());
    } else if (v instanceof byte[] || v instanceof float[]) {
      return Values.deepCopy(v);
    } else if (v instanceof Character) {
      return v.toString();
    } else if (v instanceof Map) {
      Map<?, ?> m = (Map<?, ?>) v;
      Record r = Record.withCapacity(m.size());
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!(e.getKey() instanceof String)) {
          throw new IllegalArgumentException(
              "a map with key " + e.getKey() + " (not text) cannot become a record");
        }
        r.put((String) e.getKey(), toFerry(e.getValue()));
      }
      return r;
    } else if (v instanceof Collection) {
      List<Object> out = new ArrayList<>(((Collection<?>) v).size());
      for (Object o : (Collection<?>) v) {
        out.add(toFerry(o));
      }
      return out;
    } else if (v != null && v.getClass().isArray()) {
      int n = Array.getLength(v);
      List<Object> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        out.add(toFerry(Array.get(v, i)));
      }
      return out;
    }
    return Values.normalize(v);
  }
}
