package dev.ferry.steps;

import dev.ferry.expr.Expression;
import dev.ferry.expr.ExpressionException;
import dev.ferry.record.Record;

/**
 * The {@code set} step: sets a field (a dotted path; intermediate records are created) to a
 * constant or to the value of an expression over the record.
 *
 * <pre>{@code
 * Step s = Steps.create("set", Map.of("field", "meta.source", "value", "legacy"));
 * Step t = Steps.create("set", Map.of("field", "label", "expr", "name ?? 'unknown'"));
 * }</pre>
 */
public final class SetStep implements Step {
  private static final long serialVersionUID = 1L;

  private final String field;
  private final Literal value;
  private final Expression expr;

  private SetStep(String field, Literal value, Expression expr) {
    this.field = field;
    this.value = value;
    this.expr = expr;
  }

  static SetStep fromArgs(StepArgs a) {
    String field = a.path("field");
    if (a.has("value") == a.has("expr")) {
      throw a.error("give exactly one of 'value' or 'expr'");
    }
    if (a.has("value")) {
      return new SetStep(field, StepLiterals.of(a, "value"), null);
    }
    return new SetStep(field, null, a.expression("expr"));
  }

  @Override
  public String label() {
    return "set " + field;
  }

  @Override
  public Record apply(Record record) throws StepRejection {
    Object v;
    if (expr == null) {
      v = value.fresh();
    } else {
      try {
        v = expr.evaluate(record);
      } catch (ExpressionException e) {
        throw new StepRejection("field '" + field + "': " + e.getMessage(), e);
      }
    }
    StepPaths.put(record, field, v);
    return record;
  }
}
