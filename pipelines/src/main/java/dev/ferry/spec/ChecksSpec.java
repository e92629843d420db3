package dev.ferry.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the verify stage checks on a flow's target besides conservation.
 *
 * <pre>{@code
 * checks:
 *   not_null: [user_id]        # no NULL and no empty text in these target columns
 *   json: [raw_response]       # every non-null value is valid JSON
 *   sample: { size: 1000, seed: 42 }   # MongoDB and Cosmos DB targets: re-map sampled source documents
 *   nonempty: { transformation_history: transformation_steps }  # as many non-empty lists
 *   vectors: { k: 5, min_overlap: 0.8 }  # Chroma sources: vector checks
 * }</pre>
 *
 * @param notNull target columns that must hold no NULL and no empty text
 * @param json target columns that must hold valid JSON for every non-null source value
 * @param vectors thresholds of the vector checks (flows from Chroma), {@code checks.vectors}
 * @param sampleSize how many source documents the field-mapping check re-maps (0: none)
 * @param sampleSeed the seed choosing them
 * @param nonEmpty source field to target field: both sides must have as many documents where the
 *     field is a non-empty list (or a non-null, non-list value)
 */
public record ChecksSpec(
    List<String> notNull,
    List<String> json,
    VectorChecksSpec vectors,
    int sampleSize,
    long sampleSeed,
    Map<String, String> nonEmpty) {
  /** No checks. */
  public static final ChecksSpec NONE = new ChecksSpec(List.of(), List.of());

  /** The table checks alone, with the default vector thresholds. */
  public ChecksSpec(List<String> notNull, List<String> json) {
    this(notNull, json, VectorChecksSpec.DEFAULT);
  }

  /** The table checks and the vector thresholds. */
  public ChecksSpec(List<String> notNull, List<String> json, VectorChecksSpec vectors) {
    this(notNull, json, vectors, 0, 0L, Map.of());
  }

  /** The table checks and the document checks, with the default vector thresholds. */
  public ChecksSpec(
      List<String> notNull,
      List<String> json,
      int sampleSize,
      long sampleSeed,
      Map<String, String> nonEmpty) {
    this(notNull, json, VectorChecksSpec.DEFAULT, sampleSize, sampleSeed, nonEmpty);
  }

  public ChecksSpec {
    notNull = List.copyOf(notNull);
    json = List.copyOf(json);
    vectors = vectors == null ? VectorChecksSpec.DEFAULT : vectors;
    nonEmpty = Collections.unmodifiableMap(new LinkedHashMap<>(nonEmpty));
  }
}
