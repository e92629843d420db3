package dev.ferry.spec;

import dev.ferry.io.schema.ColumnDef;
import dev.ferry.io.schema.IndexDef;
import dev.ferry.io.schema.TableDef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Where and how a flow writes: the target, the table, the write mode and, optionally, the target
 * table's definition (columns, per-column type overrides, indexes).
 *
 * <pre>{@code
 * to:
 *   target: pg
 *   table: items
 *   mode: upsert
 *   columns: { id: text primary key, user_id: text not null }
 *   indexes: [ { columns: [user_id] } ]
 *
 * to: { target: unified, prefix: "old_" }                       # tables "*" into SQLite
 * to: { target: unified, rename: { Album: old_album } }
 * to: { target: unified, mode: append, on_conflict: skip }
 * }</pre>
 *
 * @param target the target's name
 * @param table the table to write, or null for the source table's name
 * @param mode the write mode, or null for the default (upsert when a key exists, else append)
 * @param columns the target table's columns in order; empty when not defined in the spec
 * @param types per-column type overrides for create-from-source, keyed {@code <column>} or {@code
 *     <table>.<column>}, in the order written
 * @param indexes indexes to create
 * @param prefix put in front of every table name of a {@code tables} flow (and, in a SQLite target,
 *     of its index, view and trigger names); empty for none
 * @param rename target table names by source table name, for a {@code tables} flow
 * @param onConflict with mode append: what to do with a row whose key is already in the target
 *     table with other values; null when not given (fail)
 * @param layout for a chroma source into PostgreSQL: {@code langchain} (LangChain's
 *     langchain_pg_collection / langchain_pg_embedding tables) or null (a plain table)
 * @param collection with layout langchain: the name in langchain_pg_collection (default: the Chroma
 *     collection's name); null otherwise
 */
public record ToSpec(
    String target,
    String table,
    Mode mode,
    List<ColumnSpec> columns,
    Map<String, String> types,
    List<IndexSpec> indexes,
    String prefix,
    Map<String, String> rename,
    OnConflict onConflict,
    Layout layout,
    String collection) {

  /** How a vector collection is laid out in PostgreSQL. */
  public enum Layout {
    /** LangChain's tables: langchain_pg_collection and langchain_pg_embedding. */
    LANGCHAIN;

    /** The word used for this value in the spec. */
    public String yamlName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** A {@code to} without a vector layout. */
  public ToSpec(
      String target,
      String table,
      Mode mode,
      List<ColumnSpec> columns,
      Map<String, String> types,
      List<IndexSpec> indexes,
      String prefix,
      Map<String, String> rename,
      OnConflict onConflict) {
    this(target, table, mode, columns, types, indexes, prefix, rename, onConflict, null, null);
  }

  /** With mode append: what happens to a row whose key is already there with other values. */
  public enum OnConflict {
    /** The run fails, naming the keys. */
    FAIL,
    /** The existing row is kept; the key is listed in the report. */
    SKIP,
    /** The row overwrites the existing one; the key is listed in the report. */
    REPLACE;

    /** The word used for this value in the spec. */
    public String yamlName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** A {@code to} without prefix, renames or conflict policy. */
  public ToSpec(
      String target,
      String table,
      Mode mode,
      List<ColumnSpec> columns,
      Map<String, String> types,
      List<IndexSpec> indexes) {
    this(target, table, mode, columns, types, indexes, "", Map.of(), null);
  }

  /** How rows reach the target table. */
  public enum Mode {
    /** Insert, or update the row with the same key. */
    UPSERT,
    /** Truncate the table first, then insert. */
    REPLACE,
    /** Insert only. */
    APPEND;

    /** The word used for this value in the spec. */
    public String yamlName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public ToSpec {
    Objects.requireNonNull(target, "target");
    columns = List.copyOf(columns);
    types = Collections.unmodifiableMap(new LinkedHashMap<>(types));
    indexes = List.copyOf(indexes);
    prefix = prefix == null ? "" : prefix;
    rename = Collections.unmodifiableMap(new LinkedHashMap<>(rename));
  }

  /** The target table name of source table {@code table} of a {@code tables} flow. */
  public String targetTableFor(String table) {
    String renamed = rename.get(table);
    return renamed != null ? renamed : prefix + table;
  }

  /** The names of {@link #columns()}, in order. */
  public List<String> columnNames() {
    List<String> names = new ArrayList<>(columns.size());
    for (ColumnSpec c : columns) {
      names.add(c.name());
    }
    return names;
  }

  /**
   * The target table as defined by {@link #columns()} and {@link #indexes()}: the primary key is
   * the columns marked {@code primary key}, in order; unnamed indexes get {@link IndexSpec#nameFor}
   * names.
   *
   * @throws IllegalStateException if the spec defines no columns for this flow
   */
  public TableDef tableDef(String tableName) {
    if (columns.isEmpty()) {
      throw new IllegalStateException("the spec defines no columns for table " + tableName);
    }
    List<ColumnDef> defs = new ArrayList<>();
    List<String> key = new ArrayList<>();
    for (ColumnSpec c : columns) {
      defs.add(c.toColumnDef());
      if (c.primaryKey()) {
        key.add(c.name());
      }
    }
    List<IndexDef> idx = new ArrayList<>();
    for (IndexSpec i : indexes) {
      idx.add(new IndexDef(i.nameFor(tableName), i.columns(), i.unique()));
    }
    return new TableDef(tableName, defs, key, idx);
  }
}
