package dev.ferry.spec;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads typed values out of SnakeYAML nodes, recording a problem (with the node's line and the
 * field path) instead of throwing when a node has the wrong shape. Every method returns null after
 * recording a problem. Strings are substituted; integers and booleans may come from a substituted
 * string such as {@code "${batch}"}.
 *
 * <pre>{@code
 * NodeReader r = new NodeReader(problems);
 * r.substitutor(substitutor);
 * Long n = r.integer(node, "options.batch_size");
 * }</pre>
 */
final class NodeReader {
  private static final Set<Tag> ALLOWED_TAGS =
      Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.TIMESTAMP, Tag.MAP, Tag.SEQ);
  private static final int MAX_DEPTH = 64;

  final Problems problems;
  private Substitutor substitutor;

  NodeReader(Problems problems) {
    this.problems = problems;
  }

  void substitutor(Substitutor s) {
    this.substitutor = s;
  }

  /** Records every node with a tag outside plain YAML (no arbitrary types); false if any. */
  boolean checkTags(Node root) {
    int before = problems.count();
    checkTags(root, new IdentityHashMap<>());
    return problems.count() == before;
  }

  private void checkTags(Node node, Map<Node, Boolean> seen) {
    if (seen.put(node, Boolean.TRUE) != null) {
      return;
    }
    if (!ALLOWED_TAGS.contains(node.getTag())) {
      problems.add(node, "", "unsupported tag '" + shortTag(node.getTag()) + "'");
    }
    if (node instanceof MappingNode) {
      for (NodeTuple t : ((MappingNode) node).getValue()) {
        checkTags(t.getKeyNode(), seen);
        checkTags(t.getValueNode(), seen);
      }
    } else if (node instanceof SequenceNode) {
      for (Node item : ((SequenceNode) node).getValue()) {
        checkTags(item, seen);
      }
    }
  }

  private static String shortTag(Tag tag) {
    String v = tag.getValue();
    return v.startsWith(Tag.PREFIX) ? "!!" + v.substring(Tag.PREFIX.length()) : v;
  }

  /** How a node reads in a message: {@code string 'x'}, {@code integer 5}, {@code a list}... */
  static String describe(Node node) {
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    String v = ((ScalarNode) node).getValue();
    Tag t = node.getTag();
    if (t.equals(Tag.NULL)) {
      return "null";
    }
    if (t.equals(Tag.INT)) {
      return "integer " + v;
    }
    if (t.equals(Tag.FLOAT)) {
      return "number " + v;
    }
    if (t.equals(Tag.BOOL)) {
      return "boolean " + v;
    }
    if (t.equals(Tag.TIMESTAMP)) {
      return "timestamp " + v;
    }
    return "string '" + v + "'";
  }

  private static boolean isString(Node node) {
    return node instanceof ScalarNode && node.getTag().equals(Tag.STR);
  }

  private String substitute(Node node, String path) {
    return substitutor.apply(((ScalarNode) node).getValue(), Problems.line(node), path);
  }

  private void expected(Node node, String path, String what) {
    problems.add(node, path, "expected " + what + ", got " + describe(node));
  }

  /** A string scalar, substituted. */
  String string(Node node, String path) {
    if (!isString(node)) {
      expected(node, path, "a string");
      return null;
    }
    return substitute(node, path);
  }

  /** A string scalar, substituted, that is not blank. */
  String nonBlank(Node node, String path) {
    String s = string(node, path);
    if (s != null && s.isBlank()) {
      problems.add(node, path, "must not be empty");
      return null;
    }
    return s;
  }

  /** Any non-null scalar as written, not substituted (param defaults). */
  String literal(Node node, String path) {
    if (!(node instanceof ScalarNode) || node.getTag().equals(Tag.NULL)) {
      expected(node, path, "a scalar");
      return null;
    }
    return ((ScalarNode) node).getValue();
  }

  /** An integer, or a string that substitutes to one. */
  Long integer(Node node, String path) {
    if (node instanceof ScalarNode && node.getTag().equals(Tag.INT)) {
      return parseInt(node, path);
    }
    if (isString(node) && ((ScalarNode) node).getValue().contains("${")) {
      String s = substitute(node, path);
      if (s == null) {
        return null;
      }
      if (s.trim().matches("[-+]?[0-9]{1,18}")) {
        return Long.parseLong(s.trim());
      }
      problems.add(node, path, "expected an integer, got string '" + s + "'");
      return null;
    }
    expected(node, path, "an integer");
    return null;
  }

  /** A boolean, or a string that substitutes to {@code true} or {@code false}. */
  Boolean bool(Node node, String path) {
    if (node instanceof ScalarNode && node.getTag().equals(Tag.BOOL)) {
      return parseBool(((ScalarNode) node).getValue());
    }
    if (isString(node) && ((ScalarNode) node).getValue().contains("${")) {
      String s = substitute(node, path);
      if (s == null) {
        return null;
      }
      String t = s.trim().toLowerCase(Locale.ROOT);
      if (t.equals("true") || t.equals("false")) {
        return t.equals("true");
      }
      problems.add(node, path, "expected true or false, got string '" + s + "'");
      return null;
    }
    expected(node, path, "true or false");
    return null;
  }

  /** A mapping. */
  YamlMap map(Node node, String path) {
    if (!(node instanceof MappingNode)) {
      expected(node, path, "a mapping");
      return null;
    }
    return new YamlMap(this, (MappingNode) node, path);
  }

  /** A list's items. */
  List<Node> list(Node node, String path) {
    if (!(node instanceof SequenceNode)) {
      expected(node, path, "a list");
      return null;
    }
    return ((SequenceNode) node).getValue();
  }

  /** A list of non-blank strings; problems for every bad item. */
  List<String> strings(Node node, String path) {
    List<Node> items = list(node, path);
    if (items == null) {
      return null;
    }
    int before = problems.count();
    List<String> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      out.add(nonBlank(items.get(i), path + "[" + i + "]"));
    }
    return problems.count() == before ? out : null;
  }

  /**
   * A node as plain Java: String (substituted), Long, Double, Boolean, null, List or Map (keys as
   * written, order kept). Timestamps stay strings.
   */
  Object plain(Node node, String path) {
    return plain(node, path, 0);
  }

  private Object plain(Node node, String path, int depth) {
    if (depth > MAX_DEPTH) {
      problems.add(node, path, "nested more than " + MAX_DEPTH + " levels deep");
      return null;
    }
    if (node instanceof MappingNode) {
      YamlMap m = new YamlMap(this, (MappingNode) node, path);
      Map<String, Object> out = new LinkedHashMap<>();
      for (String key : m.keys()) {
        out.put(key, plain(m.rawValue(key), m.path(key), depth + 1));
      }
      return out;
    }
    if (node instanceof SequenceNode) {
      List<Object> out = new ArrayList<>();
      List<Node> items = ((SequenceNode) node).getValue();
      for (int i = 0; i < items.size(); i++) {
        out.add(plain(items.get(i), path + "[" + i + "]", depth + 1));
      }
      return out;
    }
    Tag t = node.getTag();
    String v = ((ScalarNode) node).getValue();
    if (t.equals(Tag.NULL)) {
      return null;
    }
    if (t.equals(Tag.BOOL)) {
      return parseBool(v);
    }
    if (t.equals(Tag.INT)) {
      return parseInt(node, path);
    }
    if (t.equals(Tag.FLOAT)) {
      return parseFloat(node, path);
    }
    if (t.equals(Tag.STR)) {
      return substitute(node, path);
    }
    return v;
  }

  private static Boolean parseBool(String v) {
    String t = v.toLowerCase(Locale.ROOT);
    return t.equals("true") || t.equals("yes") || t.equals("on");
  }

  /** A YAML 1.1 integer: decimal, 0x hex, 0b binary or 0-prefixed octal, with optional '_'. */
  private Long parseInt(Node node, String path) {
    String v = ((ScalarNode) node).getValue().replace("_", "");
    boolean negative = v.startsWith("-");
    String digits = v.startsWith("-") || v.startsWith("+") ? v.substring(1) : v;
    int radix = 10;
    if (digits.startsWith("0x")) {
      radix = 16;
      digits = digits.substring(2);
    } else if (digits.startsWith("0b")) {
      radix = 2;
      digits = digits.substring(2);
    } else if (digits.length() > 1 && digits.startsWith("0")) {
      radix = 8;
      digits = digits.substring(1);
    }
    try {
      return Long.parseLong((negative ? "-" : "") + digits, radix);
    } catch (NumberFormatException e) {
      problems.add(node, path, "integer " + ((ScalarNode) node).getValue() + " is out of range");
      return null;
    }
  }

  private Double parseFloat(Node node, String path) {
    String v = ((ScalarNode) node).getValue().replace("_", "");
    String t = v.toLowerCase(Locale.ROOT);
    if (t.endsWith(".inf")) {
      return t.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (t.equals(".nan")) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      problems.add(node, path, "unsupported number " + v);
      return null;
    }
  }
}
