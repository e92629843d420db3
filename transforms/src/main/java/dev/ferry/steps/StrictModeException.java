package dev.ferry.steps;

import dev.ferry.record.Reject;

/**
 * Stops a run under {@code --strict} at the first reject; the message says which flow, step and
 * record, and why: {@code --strict: flow 'items', step 'cast created_at to timestamp', key {id=a2}:
 * field 'created_at': cannot cast ...}.
 *
 * <pre>{@code
 * if (strict) {
 *   throw new StrictModeException(reject);
 * }
 * }</pre>
 */
public class StrictModeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Reject reject;

  public StrictModeException(Reject reject) {
    super("--strict: " + reject.describe());
    this.reject = reject;
  }

  /** The reject that stopped the run (null after Java deserialization). */
  public Reject reject() {
    return reject;
  }
}
