package dev.ferry.io.schema;

import java.io.Serializable;
import java.util.Objects;

/**
 * A column of a table as a store declares it: its name, its type in that store's words (a SQLite
 * declared type such as {@code DATETIME}, or a PostgreSQL type such as {@code jsonb}), whether it
 * may hold NULL, and its default expression (or null).
 *
 * <pre>{@code
 * ColumnDef c = new ColumnDef("created_at", "timestamp", false, null);
 * }</pre>
 */
public final class ColumnDef implements Serializable {
  private static final long serialVersionUID = 1L;
  private final String name;
  private final String type;
  private final boolean nullable;
  private final String defaultExpr;

  public ColumnDef(String name, String type, boolean nullable, String defaultExpr) {
    this.name = Objects.requireNonNull(name, "column name");
    this.type = type == null ? "" : type;
    this.nullable = nullable;
    this.defaultExpr = defaultExpr;
  }

  public String name() {
    return name;
  }

  public String type() {
    return type;
  }

  public boolean nullable() {
    return nullable;
  }

  public String defaultExpr() {
    return defaultExpr;
  }

  public ColumnDef withType(String newType) {
    return new ColumnDef(name, newType, nullable, defaultExpr);
  }

  public ColumnDef withNullable(boolean n) {
    return new ColumnDef(name, type, n, defaultExpr);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ColumnDef)) {
      return false;
    }
    ColumnDef c = (ColumnDef) o;
    return name.equals(c.name)
        && type.equals(c.type)
        && nullable == c.nullable
        && Objects.equals(defaultExpr, c.defaultExpr);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, type, nullable, defaultExpr);
  }

  @Override
  public String toString() {
    return name + " " + type + (nullable ? "" : " NOT NULL");
  }
}
