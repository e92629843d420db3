package dev.ferry.steps;

import dev.ferry.expr.Expression;
import dev.ferry.expr.ExpressionException;
import dev.ferry.record.Record;

/**
 * The {@code reject} step: rejects every record that reaches it, with a reason that may quote the
 * record's fields through an expression. Placed after a {@code where}, it sends the records no
 * other flow of a split takes to the rejects sink, so they never vanish silently.
 *
 * <pre>{@code
 * Step s = Steps.create("reject", Map.of("reason",
 *     "'document_type ' + (document_type ?? 'missing') + ' fits no target container'"));
 * }</pre>
 */
public final class RejectStep implements Step {
  private static final long serialVersionUID = 1L;
  private final Expression reason;

  private RejectStep(Expression reason) {
    this.reason = reason;
  }

  static RejectStep fromArgs(StepArgs a) {
    return new RejectStep(a.expression("reason"));
  }

  @Override
  public String label() {
    return "reject";
  }

  @Override
  public Record apply(Record record) throws StepRejection {
    Object v;
    try {
      v = reason.evaluate(record);
    } catch (ExpressionException e) {
      throw new StepRejection("rejected (the reason failed: " + e.getMessage() + ")", e);
    }
    throw new StepRejection(String.valueOf(v));
  }
}
