package dev.ferry.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One YAML mapping seen as named fields: typed access by key, field paths for messages, and
 * problems for duplicate keys, non-scalar keys, unknown keys and missing required fields. A key
 * whose value is null ({@code key:} or {@code key: ~}) counts as absent.
 *
 * <pre>{@code
 * YamlMap m = reader.map(node, "options");
 * m.allowOnly(List.of("batch_size", "strict", "parallelism"));
 * Long batch = m.has("batch_size") ? reader.integer(m.value("batch_size"), m.path("batch_size")) : null;
 * }</pre>
 */
final class YamlMap {
  private final NodeReader reader;
  private final MappingNode node;
  private final String path;
  private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

  YamlMap(NodeReader reader, MappingNode node, String path) {
    this.reader = reader;
    this.node = node;
    this.path = path;
    for (NodeTuple t : node.getValue()) {
      Node k = t.getKeyNode();
      if (!(k instanceof ScalarNode)) {
        reader.problems.add(k, path, "keys must be plain scalars, got " + NodeReader.describe(k));
        continue;
      }
      String key = ((ScalarNode) k).getValue();
      NodeTuple first = entries.putIfAbsent(key, t);
      if (first != null) {
        reader.problems.add(
            k,
            path(key),
            "duplicate key '"
                + key
                + "' (first at line "
                + Problems.line(first.getKeyNode())
                + ")");
      }
    }
  }

  /** The line the mapping starts on. */
  int line() {
    return Problems.line(node);
  }

  MappingNode node() {
    return node;
  }

  /** The path of this mapping. */
  String path() {
    return path;
  }

  /** The path of a field of this mapping. */
  String path(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** The keys, in the order written. */
  List<String> keys() {
    return new ArrayList<>(entries.keySet());
  }

  /** Whether the key is present with a non-null value. */
  boolean has(String key) {
    NodeTuple t = entries.get(key);
    return t != null && !t.getValueNode().getTag().equals(Tag.NULL);
  }

  /** The value of a key, or null if absent or null. */
  Node value(String key) {
    return has(key) ? entries.get(key).getValueNode() : null;
  }

  /** The value of a key even if it is a YAML null; null only if the key is absent. */
  Node rawValue(String key) {
    NodeTuple t = entries.get(key);
    return t == null ? null : t.getValueNode();
  }

  /** The key's own node (for its line). */
  Node keyNode(String key) {
    return entries.get(key).getKeyNode();
  }

  /** Records a problem for every key not in {@code known}, naming the known ones. */
  void allowOnly(List<String> known) {
    for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
      if (!known.contains(e.getKey())) {
        reader.problems.add(
            e.getValue().getKeyNode(),
            path(e.getKey()),
            "unknown key '" + e.getKey() + "' (known: " + String.join(", ", known) + ")");
      }
    }
  }

  /** Records that a required field is missing, at this mapping's line. */
  void missing(String key) {
    reader.problems.add(line(), path(key), "required field is missing");
  }

  /** Records a problem about a field, at its value's line. */
  void problem(String key, String message) {
    reader.problems.add(entries.get(key).getValueNode(), path(key), message);
  }

  /** The value of a required key; records it missing and returns null if absent. */
  Node required(String key) {
    Node v = value(key);
    if (v == null) {
      missing(key);
    }
    return v;
  }

  /** A required non-blank string. */
  String requiredString(String key) {
    Node v = required(key);
    return v == null ? null : reader.nonBlank(v, path(key));
  }

  /** An optional non-blank string, or null. */
  String optionalString(String key) {
    Node v = value(key);
    return v == null ? null : reader.nonBlank(v, path(key));
  }

  /** An optional boolean, or {@code dflt}; null after a problem. */
  Boolean bool(String key, boolean dflt) {
    Node v = value(key);
    return v == null ? Boolean.valueOf(dflt) : reader.bool(v, path(key));
  }

  /** An optional integer within {@code min..max}, or null if absent or wrong. */
  Long integer(String key, long min, long max) {
    Node v = value(key);
    if (v == null) {
      return null;
    }
    Long n = reader.integer(v, path(key));
    if (n != null && (n < min || n > max)) {
      problem(key, "must be between " + min + " and " + max + ", got " + n);
      return null;
    }
    return n;
  }

  /** An optional list of non-blank strings, or null. */
  List<String> strings(String key) {
    Node v = value(key);
    return v == null ? null : reader.strings(v, path(key));
  }

  /** An optional nested mapping, or null. */
  YamlMap map(String key) {
    Node v = value(key);
    return v == null ? null : reader.map(v, path(key));
  }

  /**
   * An optional word from a fixed set, as an enum constant of the same name, or null.
   *
   * @param words the allowed words, in the order to list them
   */
  <E extends Enum<E>> E choice(String key, Class<E> type, List<String> words) {
    String s = optionalString(key);
    if (s == null) {
      return null;
    }
    if (!words.contains(s)) {
      problem(key, "unknown value '" + s + "' (known: " + String.join(", ", words) + ")");
      return null;
    }
    return Enum.valueOf(type, s.toUpperCase(java.util.Locale.ROOT));
  }
}
