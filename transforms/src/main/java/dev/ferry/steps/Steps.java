package dev.ferry.steps;

import java.util.Map;

/**
 * Builds steps from their spec form: a kind ({@code set}, {@code rename}, {@code move}, {@code
 * drop}, {@code default}, {@code drop-nulls}, {@code cast}) and its arguments as parsed from YAML.
 *
 * <pre>{@code
 * Step s = Steps.create("cast", Map.of("field", "created_at", "to", "timestamp"));
 * }</pre>
 */
public final class Steps {
  private Steps() {}

  /**
   * Creates a step.
   *
   * @throws IllegalArgumentException naming the unknown kind or the missing/invalid argument
   */
  public static Step create(String kind, Map<String, Object> args) {
    throw new IllegalArgumentException("unknown step '" + kind + "'");
  }
}
