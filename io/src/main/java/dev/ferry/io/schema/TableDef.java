package dev.ferry.io.schema;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A table as a store declares it: name, ordered columns, primary key (possibly empty) and indexes.
 * Readers describe sources with it; writers create targets from it.
 *
 * <pre>{@code
 * TableDef t = new TableDef("items", List.of(new ColumnDef("id", "text", false, null)),
 *     List.of("id"), List.of());
 * }</pre>
 */
public final class TableDef implements Serializable {
  private static final long serialVersionUID = 1L;
  private final String name;
  private final List<ColumnDef> columns;
  private final List<String> primaryKey;
  private final List<IndexDef> indexes;

  public TableDef(
      String name, List<ColumnDef> columns, List<String> primaryKey, List<IndexDef> indexes) {
    this.name = Objects.requireNonNull(name, "table name");
    this.columns = List.copyOf(columns);
    this.primaryKey = List.copyOf(primaryKey);
    this.indexes = List.copyOf(indexes);
  }

  public String name() {
    return name;
  }

  public List<ColumnDef> columns() {
    return columns;
  }

  public List<String> columnNames() {
    List<String> out = new ArrayList<>(columns.size());
    for (ColumnDef c : columns) {
      out.add(c.name());
    }
    return out;
  }

  public Optional<ColumnDef> column(String columnName) {
    return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
  }

  public List<String> primaryKey() {
    return primaryKey;
  }

  public List<IndexDef> indexes() {
    return indexes;
  }

  public TableDef withName(String newName) {
    return new TableDef(newName, columns, primaryKey, indexes);
  }

  public TableDef withColumns(List<ColumnDef> newColumns) {
    return new TableDef(name, newColumns, primaryKey, indexes);
  }

  public TableDef withPrimaryKey(List<String> key) {
    return new TableDef(name, columns, key, indexes);
  }

  public TableDef withIndexes(List<IndexDef> newIndexes) {
    return new TableDef(name, columns, primaryKey, newIndexes);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof TableDef)) {
      return false;
    }
    TableDef t = (TableDef) o;
    return name.equals(t.name)
        && columns.equals(t.columns)
        && primaryKey.equals(t.primaryKey)
        && indexes.equals(t.indexes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, columns, primaryKey, indexes);
  }

  @Override
  public String toString() {
    return name + columns + " pk" + primaryKey;
  }
}
