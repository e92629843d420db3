package dev.ferry.io.cosmos;

import java.util.List;

/**
 * Thrown before any write when existing target containers differ from the spec; the message lists
 * every difference, naming database, container and property.
 *
 * <pre>{@code
 * catch (CosmosContainerMismatchException e) { e.problems().forEach(System.err::println); }
 * }</pre>
 */
public final class CosmosContainerMismatchException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final List<String> problems;

  public CosmosContainerMismatchException(List<String> problems) {
    super(String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
