package dev.ferry.spec;

import java.util.List;
import java.util.Objects;

/**
 * How {@code ferry rollback} rebuilds a collection a run split or reshaped: the collections to join
 * by key (the first is the primary: one joined record per document of it; every other side must
 * have exactly one match, which is put into the joined record under its {@code as} name), the
 * inverse steps over the joined record, the target collection of the user's choosing, and the
 * original to prove the result equal to, document by document.
 *
 * <pre>{@code
 * rollback:
 *   join:
 *     - { source: dataset_metadata_src, key: dataset_id }
 *     - { source: transformation_configs_src, key: dataset_id, as: tc }
 *   steps:
 *     - move: { from: tc.transformation_steps, to: transformation_history }
 *   to: { target: restored, key: [_id] }
 *   compare: { source: user_data }
 * }</pre>
 *
 * @param join the sides, primary first
 * @param steps the inverse mapping
 * @param target the MongoDB target written (emptied first)
 * @param key the fields the rebuilt documents are written and compared by
 * @param compareSource the source holding the original
 */
public record RollbackSpec(
    List<Side> join, List<StepSpec> steps, String target, List<String> key, String compareSource) {
  public RollbackSpec {
    join = List.copyOf(join);
    steps = List.copyOf(steps);
    key = List.copyOf(key);
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(compareSource, "compareSource");
  }

  /**
   * One side of the join.
   *
   * @param source a MongoDB source
   * @param key the field joined on
   * @param as where a non-primary side's document goes in the joined record (null for the primary)
   */
  public record Side(String source, String key, String as) {
    public Side {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(key, "key");
    }
  }
}
