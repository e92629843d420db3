package dev.ferry.spec;

import java.util.List;

/**
 * Thrown when a spec cannot be loaded. The message lists every problem found, one per line, each as
 * {@code <file>:<line>: <field path>: <problem>}, sorted by line.
 *
 * <pre>{@code
 * try {
 *   spec = SpecLoader.load(file, sets, System.getenv());
 * } catch (SpecException e) {
 *   System.err.println(e.getMessage());   // spec.yaml:14: flows[1].to.target: unknown target 'pgg' ...
 * }
 * }</pre>
 */
public final class SpecException extends Exception {
  private static final long serialVersionUID = 1L;

  /** The problems, one formatted line each. */
  private final List<String> problems;

  public SpecException(List<String> problems) {
    super(String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  /** The problems, one formatted line each, in the order of the message. */
  public List<String> problems() {
    return problems;
  }
}
