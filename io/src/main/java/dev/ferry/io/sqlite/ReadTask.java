package dev.ferry.io.sqlite;

import java.io.Serializable;
import java.util.List;

/**
 * One piece of a SQLite read, planned by {@link ReadPlanner} and executed by {@link
 * SqliteRangeReader}: the SQL with its bound range values, how many leading result columns form the
 * record, which result column (1-based, 0 for none) holds a rowid needed only for reject keys, and
 * the key fields.
 *
 * <pre>{@code
 * new ReadTask("table 'Track'", "SELECT ... WHERE \"TrackId\" >= ? AND \"TrackId\" < ?",
 *     List.of(501L, 1001L), 9, 0, List.of("TrackId"));
 * }</pre>
 */
public record ReadTask(
    String source,
    String sql,
    List<Long> binds,
    int recordColumns,
    int keyRowidColumn,
    List<String> keyFields,
    int order)
    implements Serializable {

  /** A task with order 0: the only task of its read, or one whose order does not matter. */
  public ReadTask(
      String source,
      String sql,
      List<Long> binds,
      int recordColumns,
      int keyRowidColumn,
      List<String> keyFields) {
    this(source, sql, binds, recordColumns, keyRowidColumn, keyFields, 0);
  }
}
