package dev.ferry.spec;

import dev.ferry.steps.Step;
import dev.ferry.steps.Steps;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One item of a flow's {@code steps}: its kind, its arguments as plain Java values (String, Long,
 * Double, Boolean, null, List, Map; params and env already substituted) and the line it is on. The
 * loader has already checked that {@link #build()} succeeds; graph builders call it where the step
 * runs, which is why this class is {@link Serializable}.
 *
 * <pre>{@code
 * steps:
 *   - cast: { field: created_at, to: timestamp, zone: UTC }
 *
 * Step s = flow.steps().get(0).build();
 * }</pre>
 *
 * @param kind the step's kind, such as {@code cast}
 * @param args its arguments, in the order written (unmodifiable, nested values too)
 * @param line the 1-based line of the step in the spec file
 */
public record StepSpec(String kind, Map<String, Object> args, int line) implements Serializable {
  private static final long serialVersionUID = 1L;

  public StepSpec {
    Objects.requireNonNull(kind, "kind");
    @SuppressWarnings("unchecked")
    Map<String, Object> frozen = (Map<String, Object>) freeze(args);
    args = frozen;
  }

  /**
   * Builds the step with {@link Steps#create}.
   *
   * @throws IllegalArgumentException if the arguments are not valid for the kind
   */
  public Step build() {
    return Steps.create(kind, args);
  }

  /** A deep, unmodifiable, serializable copy that keeps map order and allows null values. */
  private static Object freeze(Object value) {
    if (value instanceof Map) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
        out.put(String.valueOf(e.getKey()), freeze(e.getValue()));
      }
      return Collections.unmodifiableMap(out);
    }
    if (value instanceof List) {
      List<Object> out = new ArrayList<>();
      for (Object item : (List<?>) value) {
        out.add(freeze(item));
      }
      return Collections.unmodifiableList(out);
    }
    return value;
  }
}
