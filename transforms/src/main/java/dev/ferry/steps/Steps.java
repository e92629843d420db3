package dev.ferry.steps;

import java.util.List;
import java.util.Map;

/**
 * Builds steps from their spec form: a kind ({@code set}, {@code rename}, {@code move}, {@code
 * drop}, {@code default}, {@code drop-nulls}, {@code cast}, {@code keep}) and its arguments as
 * parsed from YAML (text, whole numbers, floats, booleans, lists and maps). Every argument is
 * checked here, so a bad spec fails before any pipeline starts.
 *
 * <pre>{@code
 * Step s = Steps.create("cast", Map.of("field", "created_at", "to", "timestamp"));
 * }</pre>
 */
public final class Steps {
  /** The step kinds, in the order messages list them. */
  public static final List<String> KINDS =
      List.of(
          "set",
          "rename",
          "move",
          "drop",
          "default",
          "drop-nulls",
          "cast",
          "where",
          "reject",
          "aggregate",
          "keep");

  private Steps() {}

  /**
   * Creates a step.
   *
   * @throws IllegalArgumentException naming the unknown kind or the missing/invalid argument
   */
  public static Step create(String kind, Map<String, Object> args) {
    String k = kind == null ? "null" : kind;
    switch (k) {
      case "set":
        return SetStep.fromArgs(StepArgs.of(k, args, "field", "value", "expr"));
      case "rename":
        return RenameStep.fromArgs(StepArgs.of(k, args, "from", "to"));
      case "move":
        return MoveStep.fromArgs(StepArgs.of(k, args, "from", "to"));
      case "drop":
        return DropStep.fromArgs(StepArgs.of(k, args, "field", "fields"));
      case "default":
        return DefaultStep.fromArgs(StepArgs.of(k, args, "field", "value"));
      case "drop-nulls":
        return DropNullsStep.fromArgs(StepArgs.of(k, args, "fields"));
      case "cast":
        return CastStep.fromArgs(
            StepArgs.of(k, args, "field", "to", "formats", "zone", "epoch", "dimension"));
      case "keep":
        return KeepStep.fromArgs(StepArgs.of(k, args, "fields"));
      case "where":
        return WhereStep.fromArgs(StepArgs.of(k, args, "expr"));
      case "reject":
        return RejectStep.fromArgs(StepArgs.of(k, args, "reason"));
      case "aggregate":
        return AggregateStep.fromArgs(StepArgs.of(k, args, "by", "collect_set", "count", "id"));
      default:
        throw new IllegalArgumentException(
            "unknown step '" + k + "' (known: " + String.join(", ", KINDS) + ")");
    }
  }
}
