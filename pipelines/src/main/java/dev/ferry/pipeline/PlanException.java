package dev.ferry.pipeline;

/**
 * A spec that loads but cannot run against the real source and target: an unknown table, a name
 * collision, a key the target cannot enforce. Raised before anything is written.
 */
public class PlanException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PlanException(String message) {
    super(message);
  }

  public PlanException(String message, Throwable cause) {
    super(message, cause);
  }
}
