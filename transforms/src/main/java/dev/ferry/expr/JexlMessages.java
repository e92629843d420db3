package dev.ferry.expr;

import org.apache.commons.jexl3.JexlException;

/**
 * Turns a JEXL exception into the tail of a message for a person: the position and what went wrong,
 * with the cause's own message when a Java method failed.
 *
 * <pre>{@code
 * "expression 'a / 0' failed" + JexlMessages.describe(e)  // "... failed at 1:3: division by zero"
 * }</pre>
 */
final class JexlMessages {
  private JexlMessages() {}

  static String describe(JexlException e) {
    String msg = e.getMessage() == null ? "" : e.getMessage();
    String where = "";
    if (msg.startsWith("@")) {
      int space = msg.indexOf(' ');
      where = space < 0 ? msg.substring(1) : msg.substring(1, space);
      msg = space < 0 ? "" : msg.substring(space + 1);
    }
    if (msg.startsWith("JEXL error : ")) {
      msg = msg.substring("JEXL error : ".length());
    }
    Throwable cause = e.getCause();
    if (cause instanceof ArithmeticException
        && ("/".equals(cause.getMessage()) || "%".equals(cause.getMessage()))) {
      msg = "division by zero";
    } else if (cause != null && cause.getMessage() != null) {
      msg = msg + ": " + cause.getMessage();
    }
    return (where.isEmpty() ? "" : " at " + where) + (msg.isEmpty() ? "" : ": " + msg);
  }
}
