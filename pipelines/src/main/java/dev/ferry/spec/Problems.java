package dev.ferry.spec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Collects the problems found while loading one spec file and turns them into a {@link
 * SpecException}, sorted by line (problems without a line first).
 *
 * <pre>{@code
 * Problems problems = new Problems("spec.yaml");
 * problems.add(node, "flows[0].to.target", "unknown target 'pgg' (known: pg)");
 * if (!problems.isEmpty()) throw problems.toException();
 * }</pre>
 */
final class Problems {
  private record Problem(int line, String path, String message) {}

  private final String file;
  private final List<Problem> list = new ArrayList<>();

  Problems(String file) {
    this.file = file;
  }

  /** The 1-based line where a node starts. */
  static int line(Node node) {
    return node.getStartMark().getLine() + 1;
  }

  void add(Node at, String path, String message) {
    add(line(at), path, message);
  }

  /** Adds a problem; {@code line} 0 means no line, an empty path means the whole file. */
  void add(int line, String path, String message) {
    list.add(new Problem(line, path, message));
  }

  int count() {
    return list.size();
  }

  boolean isEmpty() {
    return list.isEmpty();
  }

  SpecException toException() {
    List<Problem> sorted = new ArrayList<>(list);
    sorted.sort(Comparator.comparingInt(Problem::line));
    List<String> lines = new ArrayList<>();
    for (Problem p : sorted) {
      StringBuilder b = new StringBuilder(file);
      if (p.line() > 0) {
        b.append(':').append(p.line());
      }
      b.append(": ");
      if (!p.path().isEmpty()) {
        b.append(p.path()).append(": ");
      }
      lines.add(b.append(p.message()).toString());
    }
    return new SpecException(lines);
  }
}
