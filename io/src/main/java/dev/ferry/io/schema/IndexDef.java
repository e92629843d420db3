package dev.ferry.io.schema;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * An index on a table: its name, its columns in order, and whether it is unique.
 *
 * <pre>{@code
 * IndexDef i = new IndexDef("idx_items_user", List.of("user_id"), false);
 * }</pre>
 */
public final class IndexDef implements Serializable {
  private static final long serialVersionUID = 1L;
  private final String name;
  private final List<String> columns;
  private final boolean unique;

  public IndexDef(String name, List<String> columns, boolean unique) {
    this.name = Objects.requireNonNull(name, "index name");
    this.columns = List.copyOf(columns);
    this.unique = unique;
  }

  public String name() {
    return name;
  }

  public List<String> columns() {
    return columns;
  }

  public boolean unique() {
    return unique;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof IndexDef)) {
      return false;
    }
    IndexDef i = (IndexDef) o;
    return name.equals(i.name) && columns.equals(i.columns) && unique == i.unique;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, columns, unique);
  }

  @Override
  public String toString() {
    return (unique ? "UNIQUE " : "") + name + columns;
  }
}
