package dev.ferry.expr;

import dev.ferry.record.Record;
import java.io.Serializable;
import org.apache.commons.jexl3.JexlException;
import org.apache.commons.jexl3.JexlExpression;
import org.apache.commons.jexl3.JexlInfo;

/**
 * An expression from a spec (a derived value, a predicate, a partition key), compiled once and
 * evaluated against records. The language is Apache Commons JEXL 3 in a sandbox (see {@link
 * Sandbox}): top-level fields are variables, nested records are reached with dots or brackets
 * ({@code meta.user_id}, {@code meta['user-id']}), and the usual operators work: arithmetic,
 * comparisons, {@code &&}, {@code ||}, {@code a ? b : c}, {@code a ?? 'unknown'}, {@code =~} (regex
 * match), string concatenation with {@code +}, {@code size(x)}, {@code empty(x)}. Methods of
 * strings, numbers, lists and maps can be called ({@code source.substring(0, 50)}, {@code
 * name.toUpperCase()}); timestamps, dates and JSON values can be passed on and compared but have no
 * callable methods. An undefined field, or a null one used in arithmetic, is an error; {@code ??}
 * and {@code ?.} handle both.
 *
 * <pre>{@code
 * Expression e = Expression.of("first + ' ' + last");
 * Object v = e.evaluate(Record.of("first", "Ada", "last", "Lovelace")); // "Ada Lovelace"
 * }</pre>
 *
 * <p>Serializable: only the source travels; the compiled form is rebuilt where it is used.
 */
public final class Expression implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String source;
  private transient JexlExpression compiled;

  private Expression(String source) {
    this.source = source;
    this.compiled = compile(source);
  }

  /**
   * Compiles an expression.
   *
   * @throws IllegalArgumentException with JEXL's message when the text is not a valid expression or
   *     uses a construct the sandbox refuses
   */
  public static Expression of(String source) {
    if (source == null || source.isBlank()) {
      throw new IllegalArgumentException("invalid expression: empty text");
    }
    return new Expression(source);
  }

  public String source() {
    return source;
  }

  /**
   * Evaluates the expression with the record's fields as variables; the record is not changed.
   *
   * @return a Ferry value (Long, Double, String, Record, List, ...), or null
   * @throws ExpressionException when evaluation fails or the result has no Ferry kind
   */
  public Object evaluate(Record record) {
    if (compiled == null) {
      compiled = compile(source);
    }
    Object result;
    try {
      result = compiled.evaluate(new RecordContext(record));
    } catch (JexlException e) {
      throw new ExpressionException(
          "expression '" + source + "' failed" + JexlMessages.describe(e), e);
    }
    try {
      return ResultValues.toFerry(result);
    } catch (IllegalArgumentException e) {
      throw new ExpressionException(
          "expression '" + source + "' returned a value with no Ferry kind: " + e.getMessage(), e);
    }
  }

  private static JexlExpression compile(String source) {
    try {
      return Sandbox.ENGINE.createExpression(new JexlInfo(null, 1, 1), source);
    } catch (JexlException e) {
      throw new IllegalArgumentException(
          "invalid expression '" + source + "'" + JexlMessages.describe(e), e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Expression && ((Expression) o).source.equals(source);
  }

  @Override
  public int hashCode() {
    return source.hashCode();
  }

  @Override
  public String toString() {
    return source;
  }
}
