package dev.ferry.expr;

/**
 * Thrown when an {@link Expression} fails on a record (an undefined or null variable, a failing
 * method, a result that is not a Ferry value); the message names the expression and says why.
 *
 * <pre>{@code
 * try {
 *   expr.evaluate(record);
 * } catch (ExpressionException e) {
 *   throw new StepRejection("field 'total': " + e.getMessage(), e);
 * }
 * }</pre>
 */
public class ExpressionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ExpressionException(String message) {
    super(message);
  }

  public ExpressionException(String message, Throwable cause) {
    super(message, cause);
  }
}
