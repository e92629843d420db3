package dev.ferry.steps;

import dev.ferry.record.Record;

/**
 * The {@code cast} step: converts a field (a dotted path) to another kind with {@link Casts}. Null
 * stays null and a missing field stays missing; a value that cannot be converted rejects the record
 * with the reason {@code field '<path>': <why>}. Timestamps and dates follow a {@link
 * TimestampRule} ({@code formats}, {@code zone}, {@code epoch}); vectors can be held to a {@code
 * dimension}.
 *
 * <pre>{@code
 * Step s = Steps.create("cast", Map.of("field", "created_at", "to", "timestamp",
 *     "formats", List.of("iso", "dd/MM/yyyy HH:mm"), "zone", "Europe/Paris"));
 * }</pre>
 */
public final class CastStep implements Step {
  private static final long serialVersionUID = 1L;

  private final String field;
  private final CastKind to;
  private final TimestampRule rule;
  private final Integer dimension;

  private CastStep(String field, CastKind to, TimestampRule rule, Integer dimension) {
    this.field = field;
    this.to = to;
    this.rule = rule;
    this.dimension = dimension;
  }

  static CastStep fromArgs(StepArgs a) {
    String field = a.path("field");
    if (!a.has("to")) {
      throw a.error("missing argument 'to'");
    }
    CastKind to = CastKind.parse(a.optionalChoice("to", CastKind.words()));
    TimestampRule rule = null;
    if (to.usesTimestampRule()) {
      String epoch = a.optionalChoice("epoch", java.util.List.of("s", "ms", "us"));
      try {
        rule = TimestampRule.of(a.optionalTexts("formats"), a.optionalText("zone"), epoch);
      } catch (IllegalArgumentException e) {
        throw a.error(e.getMessage());
      }
    } else {
      for (String name : new String[] {"formats", "zone", "epoch"}) {
        a.refuse(name, "'to: timestamp' and 'to: date'");
      }
    }
    if (to != CastKind.VECTOR) {
      a.refuse("dimension", "'to: vector'");
    }
    return new CastStep(field, to, rule, a.optionalPositiveInt("dimension"));
  }

  @Override
  public String label() {
    return "cast " + field + " to " + to.word();
  }

  @Override
  public Record apply(Record record) throws StepRejection {
    if (!record.hasPath(field)) {
      return record;
    }
    Object v = record.getPath(field);
    if (v == null) {
      return record;
    }
    Object out;
    try {
      out = to.cast(v, rule);
    } catch (CastException e) {
      throw new StepRejection("field '" + field + "': " + e.getMessage(), e);
    }
    if (dimension != null && ((float[]) out).length != dimension) {
      throw new StepRejection(
          "field '"
              + field
              + "': vector has "
              + ((float[]) out).length
              + " dimensions, expected "
              + dimension);
    }
    StepPaths.put(record, field, out);
    return record;
  }
}
