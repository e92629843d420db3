package dev.ferry.io.sqlite;

import dev.ferry.io.schema.ColumnDef;
import dev.ferry.io.schema.TableDef;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a {@link ReadSpec} into the {@link ReadTask}s that together read every row exactly once.
 *
 * <p>A table is split by its split column ({@link TableInfo#splitColumn()}: the rowid or its alias,
 * or a WITHOUT ROWID table's integer key); a query only when {@code withSplitColumn} names one. The
 * integer interval between the column's smallest and largest numeric value is cut by {@link
 * KeyRanges}; the first range has no lower bound, the last no upper bound, and the others are
 * half-open ({@code k >= lo AND k < next lo}), so rows whose key is a REAL between two integer
 * ranges, TEXT or BLOB (which SQLite orders after every number) are still read exactly once. A
 * query split adds a task for NULL keys. Without a split column, or with one range, there is a
 * single task without WHERE.
 *
 * <pre>{@code
 * List<ReadTask> tasks = ReadPlanner.plan(connection, spec);
 * }</pre>
 */
final class ReadPlanner {
  /** Rows per split when the number of splits is derived from the row count. */
  static final long ROWS_PER_SPLIT = 50_000;

  /** The most splits derived from a row count. */
  static final int MAX_AUTO_SPLITS = 64;

  private ReadPlanner() {}

  static List<ReadTask> plan(Connection c, ReadSpec spec) throws SQLException {
    return spec.table() != null ? planTable(c, spec) : planQuery(c, spec);
  }

  /** Splits for a row count: one per {@link #ROWS_PER_SPLIT} rows, at least 1, at most 64. */
  static int autoSplits(long rows) {
    long n = rows / ROWS_PER_SPLIT + (rows % ROWS_PER_SPLIT == 0 ? 0 : 1);
    return (int) Math.max(1, Math.min(MAX_AUTO_SPLITS, n));
  }

  private static List<ReadTask> planTable(Connection c, ReadSpec spec) throws SQLException {
    TableDef def = SqliteSchema.table(c, spec.table());
    TableInfo info = SqliteSchema.info(c, def.name(), false);
    String source = "table '" + def.name() + "'";
    String rowidExpr =
        info.rowidAlias().or(info::rowidName).map(SqliteIdentifiers::quote).orElse(null);
    List<String> keyFields =
        spec.keyFields() != null
            ? spec.keyFields()
            : !def.primaryKey().isEmpty() ? def.primaryKey() : List.of("rowid");
    boolean keyNeedsRowid = false;
    for (String f : keyFields) {
      if (def.column(f).isEmpty()) {
        if (!f.equals("rowid")) {
          throw new IllegalArgumentException(
              "key field '" + f + "' is not a column of " + source + " " + def.columnNames());
        }
        keyNeedsRowid = true;
      }
    }
    if ((keyNeedsRowid || spec.rowid()) && rowidExpr == null) {
      throw new IllegalArgumentException(
          source
              + (info.rowidTable()
                  ? " has columns named rowid, _rowid_ and oid, so its rowid cannot be selected"
                  : " is WITHOUT ROWID: it has no rowid")
              + (spec.rowid() ? "; withRowid(true) needs one" : "; choose key fields"));
    }
    if (spec.rowid() && def.column("rowid").isPresent()) {
      throw new IllegalArgumentException(
          source + " has a column named rowid; withRowid(true) would add a second one");
    }

    StringBuilder select = new StringBuilder("SELECT ");
    for (ColumnDef col : def.columns()) {
      select.append(SqliteIdentifiers.quote(col.name())).append(", ");
    }
    int recordColumns = def.columns().size();
    int keyRowidColumn = 0;
    if (spec.rowid()) {
      select.append(rowidExpr).append(" AS \"rowid\", ");
      recordColumns++;
    } else if (keyNeedsRowid) {
      select.append(rowidExpr).append(", ");
      keyRowidColumn = recordColumns + 1;
    }
    select.setLength(select.length() - 2);
    select.append(" FROM ").append(SqliteIdentifiers.quote(def.name()));

    String splitColumn = info.splitColumn().map(SqliteIdentifiers::quote).orElse(null);
    String from = SqliteIdentifiers.quote(def.name());
    List<KeyRange> ranges =
        splitColumn == null || spec.splits() == 1
            ? List.of()
            : ranges(c, from, splitColumn, spec.splits());
    return tasks(
        source,
        select.toString(),
        splitColumn,
        ranges,
        false,
        recordColumns,
        keyRowidColumn,
        keyFields);
  }

  private static List<ReadTask> planQuery(Connection c, ReadSpec spec) throws SQLException {
    String query = stripSemicolons(spec.query());
    List<String> keyFields = spec.keyFields() != null ? spec.keyFields() : List.of();
    if (spec.splitColumn() == null) {
      return List.of(new ReadTask("query", query, List.of(), -1, 0, keyFields));
    }
    String from = "(" + query + ")";
    String splitColumn = SqliteIdentifiers.quote(spec.splitColumn());
    int n = spec.splits() > 0 ? spec.splits() : autoSplits(count(c, from));
    List<KeyRange> ranges = n == 1 ? List.of() : ranges(c, from, splitColumn, n);
    return tasks("query", "SELECT * FROM " + from, splitColumn, ranges, true, -1, 0, keyFields);
  }

  private static List<ReadTask> tasks(
      String source,
      String select,
      String splitColumn,
      List<KeyRange> ranges,
      boolean nullableKey,
      int recordColumns,
      int keyRowidColumn,
      List<String> keyFields) {
    List<ReadTask> out = new ArrayList<>();
    if (ranges.size() <= 1) {
      out.add(new ReadTask(source, select, List.of(), recordColumns, keyRowidColumn, keyFields));
      return out;
    }
    for (int i = 0; i < ranges.size(); i++) {
      List<String> where = new ArrayList<>(2);
      List<Long> binds = new ArrayList<>(2);
      if (i > 0) {
        where.add(splitColumn + " >= ?");
        binds.add(ranges.get(i).lo());
      }
      if (i < ranges.size() - 1) {
        where.add(splitColumn + " < ?");
        binds.add(ranges.get(i + 1).lo());
      }
      String sql = select + " WHERE " + String.join(" AND ", where);
      out.add(new ReadTask(source, sql, binds, recordColumns, keyRowidColumn, keyFields, i + 1));
    }
    if (nullableKey) {
      String sql = select + " WHERE " + splitColumn + " IS NULL";
      out.add(new ReadTask(source, sql, List.of(), recordColumns, keyRowidColumn, keyFields, 0));
    }
    return out;
  }

  /**
   * Ranges between the smallest and largest numeric value of the split column. {@code k < ''} keeps
   * only numbers (SQLite orders every number before every text) and lets an index answer min and
   * max without a scan; a REAL bound is widened to the enclosing integers.
   *
   * <p>{@code n} 0 splits a table by the span of its integer key, one split per {@link
   * #ROWS_PER_SPLIT} key values: the same as by its row count when the keys are dense, and without
   * counting the rows, which reads the whole table (a quarter of a second for 1M rows). Sparse keys
   * give more splits, some empty; never more than 64.
   */
  private static List<KeyRange> ranges(Connection c, String from, String column, int n)
      throws SQLException {
    Object min =
        single(c, "SELECT min(" + column + ") FROM " + from + " WHERE " + column + " < ''");
    Object max =
        single(c, "SELECT max(" + column + ") FROM " + from + " WHERE " + column + " < ''");
    if (!(min instanceof Number) || !(max instanceof Number)) {
      return List.of();
    }
    long lo = floor((Number) min);
    long hi = ceil((Number) max);
    if (n == 0) {
      // hi - lo + 1 overflows for keys spanning most of the long range: then it is huge anyway.
      long span = hi - lo + 1;
      n = autoSplits(span > 0 ? span : Long.MAX_VALUE);
      if (n == 1) {
        return List.of();
      }
    }
    return KeyRanges.split(lo, hi, n);
  }

  private static long floor(Number v) {
    return v instanceof Double ? (long) Math.floor(v.doubleValue()) : v.longValue();
  }

  private static long ceil(Number v) {
    return v instanceof Double ? (long) Math.ceil(v.doubleValue()) : v.longValue();
  }

  private static long count(Connection c, String from) throws SQLException {
    return ((Number) single(c, "SELECT count(*) FROM " + from)).longValue();
  }

  private static Object single(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getObject(1);
    }
  }

  private static String stripSemicolons(String sql) {
    String s = sql.strip();
    while (s.endsWith(";")) {
      s = s.substring(0, s.length() - 1).strip();
    }
    return s;
  }
}
