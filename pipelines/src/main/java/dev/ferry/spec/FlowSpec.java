package dev.ferry.spec;

import java.util.List;
import java.util.Objects;

/**
 * One flow of a spec: read from a source, pass every record through the steps, write to a target,
 * then check.
 *
 * <pre>{@code
 * flows:
 *   - name: items
 *     from: { source: app, table: items }
 *     key: [id]
 *     steps:
 *       - set: { field: user_id, value: "${user_id}" }
 *     to: { target: pg, table: items }
 *     checks: { not_null: [user_id] }
 * }</pre>
 *
 * @param name the flow's name, unique in the spec
 * @param from what it reads
 * @param key the record key, or null for the source table's primary key (an empty list means
 *     explicitly none)
 * @param steps the steps, in order
 * @param to where and how it writes
 * @param checks what the verify stage checks
 */
public record FlowSpec(
    String name,
    FromSpec from,
    List<String> key,
    List<StepSpec> steps,
    ToSpec to,
    ChecksSpec checks) {
  public FlowSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(from, "from");
    key = key == null ? null : List.copyOf(key);
    steps = List.copyOf(steps);
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(checks, "checks");
  }
}
