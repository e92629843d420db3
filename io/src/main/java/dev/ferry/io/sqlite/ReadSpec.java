package dev.ferry.io.sqlite;

import java.io.Serializable;
import java.util.List;

/**
 * The settings of one {@link SqliteIO.Read}, checked and immutable: what {@link ReadPlanner} plans
 * the read tasks from.
 *
 * <pre>{@code
 * ReadSpec spec = new ReadSpec("db.sqlite", "Track", null, null, "tracks", null, 0, 2000, false);
 * }</pre>
 */
record ReadSpec(
    String database,
    String table,
    String query,
    String splitColumn,
    String flow,
    List<String> keyFields,
    int splits,
    int batchSize,
    boolean rowid)
    implements Serializable {

  /** What the messages call the source: {@code table 'x'} or {@code query}. */
  String source() {
    return table != null ? "table '" + table + "'" : "query";
  }
}
