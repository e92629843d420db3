package dev.ferry.io.sqlite;

import java.io.Serializable;
import java.util.Objects;
import java.util.Optional;

/**
 * What a reader needs to know about a SQLite table beyond its columns: whether it is a rowid table
 * (not {@code WITHOUT ROWID}), the name by which its rowid can be selected, its {@code INTEGER
 * PRIMARY KEY} rowid alias if any, the integer key of a {@code WITHOUT ROWID} table if any, and its
 * row count.
 *
 * <pre>{@code
 * TableInfo info = SqliteSchema.info(Path.of("chinook.sqlite"), "Track");
 * info.splitColumn();   // Optional[TrackId], the rowid alias
 * info.rowCount();      // 3503
 * }</pre>
 */
public final class TableInfo implements Serializable {
  private static final long serialVersionUID = 1L;
  private final String table;
  private final boolean rowidTable;
  private final String rowidName;
  private final String rowidAlias;
  private final String integerKey;
  private final long rowCount;

  /**
   * @param rowidName {@code rowid}, {@code _rowid_} or {@code oid}, the first not shadowed by a
   *     column; null for WITHOUT ROWID tables or when all three are column names
   * @param rowidAlias the {@code INTEGER PRIMARY KEY} column of a rowid table, or null
   * @param integerKey the single-column primary key with integer affinity of a WITHOUT ROWID table,
   *     or null
   */
  public TableInfo(
      String table,
      boolean rowidTable,
      String rowidName,
      String rowidAlias,
      String integerKey,
      long rowCount) {
    this.table = Objects.requireNonNull(table, "table");
    this.rowidTable = rowidTable;
    this.rowidName = rowidName;
    this.rowidAlias = rowidAlias;
    this.integerKey = integerKey;
    this.rowCount = rowCount;
  }

  public String table() {
    return table;
  }

  /** True unless the table was created {@code WITHOUT ROWID}. */
  public boolean rowidTable() {
    return rowidTable;
  }

  /** A name that selects the rowid ({@code rowid}, {@code _rowid_} or {@code oid}), if any. */
  public Optional<String> rowidName() {
    return Optional.ofNullable(rowidName);
  }

  /** The {@code INTEGER PRIMARY KEY} column that is the rowid itself, if any. */
  public Optional<String> rowidAlias() {
    return Optional.ofNullable(rowidAlias);
  }

  /** The single-column primary key with integer affinity of a WITHOUT ROWID table, if any. */
  public Optional<String> integerKey() {
    return Optional.ofNullable(integerKey);
  }

  /** The number of rows, or -1 when the planner did not count them. */
  public long rowCount() {
    return rowCount;
  }

  /**
   * The column (or rowid name) whose integer values split the table into ranges: the rowid alias or
   * the rowid of a rowid table, the integer key of a WITHOUT ROWID table; empty if there is none.
   */
  public Optional<String> splitColumn() {
    if (rowidTable) {
      return rowidAlias != null ? Optional.of(rowidAlias) : Optional.ofNullable(rowidName);
    }
    return Optional.ofNullable(integerKey);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof TableInfo)) {
      return false;
    }
    TableInfo t = (TableInfo) o;
    return table.equals(t.table)
        && rowidTable == t.rowidTable
        && Objects.equals(rowidName, t.rowidName)
        && Objects.equals(rowidAlias, t.rowidAlias)
        && Objects.equals(integerKey, t.integerKey)
        && rowCount == t.rowCount;
  }

  @Override
  public int hashCode() {
    return Objects.hash(table, rowidTable, rowidName, rowidAlias, integerKey, rowCount);
  }

  @Override
  public String toString() {
    return table
        + (rowidTable ? " (rowid" + (rowidAlias == null ? "" : " alias " + rowidAlias) + ")" : "")
        + (integerKey == null ? "" : " (integer key " + integerKey + ")")
        + ", "
        + rowCount
        + " rows";
  }
}
