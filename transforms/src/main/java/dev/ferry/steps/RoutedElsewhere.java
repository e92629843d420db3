package dev.ferry.steps;

/**
 * Thrown by a {@link Step} for a record that belongs to another flow (a {@code where} step whose
 * condition is false): the record is neither written nor rejected here, and is counted as routed
 * elsewhere ({@code ferry:<flow>.routed}), so {@code read = written + rejected + routed} holds.
 *
 * <pre>{@code
 * if (!matches) throw new RoutedElsewhere("document_type == 'session' is false");
 * }</pre>
 */
public final class RoutedElsewhere extends StepRejection {
  private static final long serialVersionUID = 1L;

  public RoutedElsewhere(String reason) {
    super(reason);
  }
}
