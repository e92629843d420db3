package dev.ferry.spec;

import java.util.List;

/**
 * What the verify stage checks on a flow's target besides conservation.
 *
 * <pre>{@code
 * checks:
 *   not_null: [user_id]        # no NULL and no empty text in these target columns
 *   json: [raw_response]       # every non-null value is valid JSON
 *   sample: { size: 200, seed: 42 }   # Cosmos DB targets: re-map sampled source documents
 * }</pre>
 *
 * @param notNull target columns that must hold no NULL and no empty text
 * @param json target columns that must hold valid JSON for every non-null source value
 * @param sampleSize how many source documents the field-mapping check re-maps (0: none)
 * @param sampleSeed the seed choosing them
 */
public record ChecksSpec(List<String> notNull, List<String> json, int sampleSize, long sampleSeed) {
  /** No checks. */
  public static final ChecksSpec NONE = new ChecksSpec(List.of(), List.of());

  public ChecksSpec {
    notNull = List.copyOf(notNull);
    json = List.copyOf(json);
  }

  /** The table checks alone. */
  public ChecksSpec(List<String> notNull, List<String> json) {
    this(notNull, json, 0, 0L);
  }
}
