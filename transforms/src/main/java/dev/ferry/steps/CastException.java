package dev.ferry.steps;

/** Thrown by {@link Casts} when a value cannot be converted; the message says what and why. */
public class CastException extends Exception {
  private static final long serialVersionUID = 1L;

  public CastException(String message) {
    super(message);
  }

  public CastException(String message, Throwable cause) {
    super(message, cause);
  }
}
