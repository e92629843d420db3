package dev.ferry.steps;

import dev.ferry.record.Record;
import dev.ferry.record.Reject;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * A flow's steps as one plain function: runs them in order on a private copy of a record (arrays
 * shared, see {@link Record#copyForSteps}) and says what became of it: passed (the result), routed
 * elsewhere by a {@code where} step, or refused by a step (a {@link Reject} with that step's label,
 * the reason, the record's key fields and the record as it came in). Used by {@link ApplyStep} and
 * by fused flows that read, run the steps and write in one DoFn.
 *
 * <pre>{@code
 * StepChain chain = StepChain.of("items", steps, List.of("id"));
 * StepChain.Outcome o = chain.apply(record);
 * if (o.passed() != null) write(o.passed()); else if (o.reject() != null) reject(o.reject());
 * }</pre>
 */
public final class StepChain implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Outcome ROUTED = new Outcome(null, null);

  private final String flow;
  private final List<Step> steps;
  private final List<String> keyFields;

  private StepChain(String flow, List<Step> steps, List<String> keyFields) {
    this.flow = flow;
    this.steps = steps;
    this.keyFields = keyFields;
  }

  /** A chain of {@code steps} (possibly none) for {@code flow}, with the key for reject records. */
  public static StepChain of(String flow, List<Step> steps, List<String> keyFields) {
    if (flow == null || flow.isEmpty()) {
      throw new IllegalArgumentException("StepChain needs a flow name");
    }
    if (steps == null || steps.stream().anyMatch(Objects::isNull)) {
      throw new IllegalArgumentException("StepChain needs a list of steps without nulls");
    }
    return new StepChain(
        flow, List.copyOf(steps), keyFields == null ? List.of() : List.copyOf(keyFields));
  }

  /**
   * What became of one record: {@code passed} holds the result; {@code reject} the refusal; both
   * null means a {@code where} step routed it elsewhere.
   */
  public record Outcome(Record passed, Reject reject) {
    public boolean routed() {
      return passed == null && reject == null;
    }
  }

  /** Runs the steps on a copy of {@code original}; {@code original} is left as it was. */
  public Outcome apply(Record original) {
    if (steps.isEmpty()) {
      return new Outcome(original, null);
    }
    String reason = null;
    Step step = null;
    Record result = original.copyForSteps();
    for (Step s : steps) {
      step = s;
      try {
        result = s.apply(result);
        if (result == null) {
          reason = "step returned no record";
        }
      } catch (RoutedElsewhere e) {
        return ROUTED;
      } catch (StepRejection e) {
        reason = e.getMessage();
      } catch (RuntimeException e) {
        reason = e.getMessage() != null ? e.getMessage() : e.getClass().getName();
      }
      if (reason != null) {
        break;
      }
    }
    if (reason == null) {
      return new Outcome(result, null);
    }
    return new Outcome(
        null, Reject.of(flow, step.label(), reason, original.project(keyFields), original));
  }
}
