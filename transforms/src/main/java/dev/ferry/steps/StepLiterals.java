package dev.ferry.steps;

/**
 * Reads a constant argument ({@code value}) of a step into a {@link Literal}, naming the step and
 * the argument when the value has no Ferry kind.
 *
 * <pre>{@code
 * Literal v = StepLiterals.of(args, "value");
 * }</pre>
 */
final class StepLiterals {
  private StepLiterals() {}

  static Literal of(StepArgs a, String name) {
    try {
      return Literal.of(a.raw(name));
    } catch (IllegalArgumentException e) {
      throw a.error("'" + name + "': " + e.getMessage());
    }
  }
}
