package dev.ferry.steps;

import dev.ferry.expr.Expression;
import dev.ferry.record.Record;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one step's arguments as parsed from YAML and fails with a message naming the step and the
 * argument: unknown names, missing or mistyped values, bad field paths.
 *
 * <pre>{@code
 * StepArgs a = StepArgs.of("rename", args, "from", "to");
 * String from = a.text("from");
 * }</pre>
 */
final class StepArgs {
  private final String kind;
  private final Map<String, Object> args;

  private StepArgs(String kind, Map<String, Object> args) {
    this.kind = kind;
    this.args = args;
  }

  /** Checks that every argument is one of {@code known} (listed in that order on error). */
  static StepArgs of(String kind, Map<String, Object> args, String... known) {
    Map<String, Object> a = args == null ? new LinkedHashMap<>() : args;
    List<String> names = Arrays.asList(known);
    for (String name : a.keySet()) {
      if (!names.contains(name)) {
        throw new IllegalArgumentException(
            "step '"
                + kind
                + "': unknown argument '"
                + name
                + "' (known: "
                + String.join(", ", names)
                + ")");
      }
    }
    return new StepArgs(kind, a);
  }

  IllegalArgumentException error(String message) {
    return new IllegalArgumentException("step '" + kind + "': " + message);
  }

  boolean has(String name) {
    return args.containsKey(name);
  }

  Object raw(String name) {
    return args.get(name);
  }

  /** A required, non-empty text argument. */
  String text(String name) {
    if (!has(name)) {
      throw error("missing argument '" + name + "'");
    }
    return optionalText(name);
  }

  /** A required expression argument, compiled; a compile error is this argument's error. */
  Expression expression(String name) {
    return compile(text(name));
  }

  /** An expression argument, compiled, or null if absent. */
  Expression optionalExpression(String name) {
    String text = optionalText(name);
    return text == null ? null : compile(text);
  }

  private Expression compile(String text) {
    try {
      return Expression.of(text);
    } catch (IllegalArgumentException e) {
      throw error(e.getMessage());
    }
  }

  /** A text argument, or null if absent. */
  String optionalText(String name) {
    if (!has(name)) {
      return null;
    }
    Object v = args.get(name);
    if (!(v instanceof String)) {
      throw error("'" + name + "' must be text, not " + yamlKind(v));
    }
    if (((String) v).isEmpty()) {
      throw error("'" + name + "' must not be empty");
    }
    return (String) v;
  }

  /** A required field path ({@code a.b.c}). */
  String path(String name) {
    return checkPath(name, text(name));
  }

  /** A list of field paths; a single text is a list of one. Null if absent. */
  List<String> paths(String name) {
    List<String> texts = optionalTexts(name);
    if (texts != null) {
      for (String p : texts) {
        checkPath(name, p);
      }
    }
    return texts;
  }

  /** A list of texts; a single text is a list of one. Null if absent. */
  List<String> optionalTexts(String name) {
    if (!has(name)) {
      return null;
    }
    Object v = args.get(name);
    if (v instanceof String) {
      return List.of(optionalText(name));
    }
    if (!(v instanceof List)) {
      throw error("'" + name + "' must be a non-empty list of text, not " + yamlKind(v));
    }
    if (((List<?>) v).isEmpty()) {
      throw error("'" + name + "' must not be empty");
    }
    List<String> out = new ArrayList<>();
    for (Object o : (List<?>) v) {
      if (!(o instanceof String) || ((String) o).isEmpty()) {
        throw error("'" + name + "' must be a non-empty list of text, but holds " + yamlKind(o));
      }
      out.add((String) o);
    }
    return List.copyOf(out);
  }

  /** One of the allowed words, or null if absent. */
  String optionalChoice(String name, List<String> allowed) {
    String v = optionalText(name);
    if (v != null && !allowed.contains(v)) {
      throw error(
          "'" + name + "' must be one of " + String.join(", ", allowed) + ", not '" + v + "'");
    }
    return v;
  }

  /** A positive whole number, or null if absent. */
  Integer optionalPositiveInt(String name) {
    if (!has(name)) {
      return null;
    }
    Object v = args.get(name);
    if (!(v instanceof Integer || v instanceof Long)
        || ((Number) v).longValue() < 1
        || ((Number) v).longValue() > Integer.MAX_VALUE) {
      throw error("'" + name + "' must be a positive whole number, not " + describe(v));
    }
    return ((Number) v).intValue();
  }

  /** Refuses an argument that only makes sense with another setting. */
  void refuse(String name, String onlyWith) {
    if (has(name)) {
      throw error("'" + name + "' applies only to " + onlyWith);
    }
  }

  private String checkPath(String name, String path) {
    try {
      Record.splitPath(path);
    } catch (IllegalArgumentException e) {
      throw error("'" + name + "': " + e.getMessage());
    }
    return path;
  }

  private static String describe(Object v) {
    return v instanceof Number ? v.toString() : yamlKind(v);
  }

  /** The YAML-level kind of an argument value, for messages. */
  static String yamlKind(Object v) {
    if (v == null) {
      return "null";
    } else if (v instanceof String) {
      return "text";
    } else if (v instanceof Integer || v instanceof Long) {
      return "int";
    } else if (v instanceof Double || v instanceof Float) {
      return "float";
    } else if (v instanceof Boolean) {
      return "bool";
    } else if (v instanceof List) {
      return "list";
    } else if (v instanceof Map) {
      return "map";
    }
    return v.getClass().getSimpleName();
  }
}
