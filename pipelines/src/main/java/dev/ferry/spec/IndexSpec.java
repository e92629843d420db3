package dev.ferry.spec;

import java.util.List;

/**
 * An index a flow asks for on its target table.
 *
 * <pre>{@code
 * indexes:
 *   - { columns: [user_id] }
 *   - { columns: [user_id, name], unique: true, name: items_user_name_key }
 * }</pre>
 *
 * @param columns the indexed columns, in order (at least one)
 * @param unique whether the index is unique
 * @param name the index's name, or null to derive one from the table and columns
 */
public record IndexSpec(List<String> columns, boolean unique, String name) {
  public IndexSpec {
    columns = List.copyOf(columns);
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("an index needs at least one column");
    }
  }

  /** The index's name: the given one, else {@code <table>_<col>_..._idx}. */
  public String nameFor(String table) {
    return name != null ? name : table + "_" + String.join("_", columns) + "_idx";
  }
}
