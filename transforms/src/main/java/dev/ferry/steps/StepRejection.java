package dev.ferry.steps;

/** Thrown by a {@link Step} for a record it cannot carry; the message is the reject reason. */
public class StepRejection extends Exception {
  private static final long serialVersionUID = 1L;

  public StepRejection(String reason) {
    super(reason);
  }

  public StepRejection(String reason, Throwable cause) {
    super(reason, cause);
  }
}
