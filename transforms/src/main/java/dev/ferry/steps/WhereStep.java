package dev.ferry.steps;

import dev.ferry.expr.Expression;
import dev.ferry.expr.ExpressionException;
import dev.ferry.record.Record;

/**
 * The {@code where} step: keeps the records for which a JEXL condition is true. The others belong
 * to another flow reading the same source (a split): they are counted as routed elsewhere, not
 * rejected. A condition that is not a boolean, or fails, rejects the record with the reason.
 *
 * <pre>{@code
 * Step sessions = Steps.create("where", Map.of("expr", "document_type == 'session'"));
 * }</pre>
 */
public final class WhereStep implements Step {
  private static final long serialVersionUID = 1L;
  private final Expression expr;

  private WhereStep(Expression expr) {
    this.expr = expr;
  }

  static WhereStep fromArgs(StepArgs a) {
    return new WhereStep(a.expression("expr"));
  }

  @Override
  public String label() {
    return "where " + expr.source();
  }

  @Override
  public Record apply(Record record) throws StepRejection {
    Object v;
    try {
      v = expr.evaluate(record);
    } catch (ExpressionException e) {
      throw new StepRejection("where '" + expr.source() + "': " + e.getMessage(), e);
    }
    if (!(v instanceof Boolean)) {
      throw new StepRejection(
          "where '"
              + expr.source()
              + "': expected true or false, got "
              + (v == null ? "null" : v.getClass().getSimpleName() + " " + v));
    }
    if (!(Boolean) v) {
      throw new RoutedElsewhere("where '" + expr.source() + "' is false");
    }
    return record;
  }
}
