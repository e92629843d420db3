package dev.ferry.spec;

import java.util.List;

/**
 * What the verify stage checks on a flow's target besides conservation.
 *
 * <pre>{@code
 * checks:
 *   not_null: [user_id]        # no NULL and no empty text in these target columns
 *   json: [raw_response]       # every non-null value is valid JSON
 * }</pre>
 *
 * @param notNull target columns that must hold no NULL and no empty text
 * @param json target columns that must hold valid JSON for every non-null source value
 * @param vectors thresholds of the vector checks (flows from Chroma), {@code checks.vectors}
 */
public record ChecksSpec(List<String> notNull, List<String> json, VectorChecksSpec vectors) {
  /** No checks. */
  public static final ChecksSpec NONE = new ChecksSpec(List.of(), List.of());

  /** Checks with the default vector thresholds. */
  public ChecksSpec(List<String> notNull, List<String> json) {
    this(notNull, json, VectorChecksSpec.DEFAULT);
  }

  public ChecksSpec {
    notNull = List.copyOf(notNull);
    json = List.copyOf(json);
    vectors = vectors == null ? VectorChecksSpec.DEFAULT : vectors;
  }
}
