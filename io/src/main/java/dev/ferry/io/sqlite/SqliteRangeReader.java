package dev.ferry.io.sqlite;

import dev.ferry.record.Record;
import dev.ferry.record.Reject;
import dev.ferry.record.Values;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Executes {@link ReadTask}s against one read-only connection: decodes each row with {@link
 * RowDecoder} and hands it to a {@link Sink}, as a record or, when it cannot be decoded, as a
 * {@link Reject} (step {@value #STEP}) that names the row's key. Used by the read transform and by
 * fused flows that read, run the steps and write in one DoFn.
 *
 * <pre>{@code
 * try (SqliteRangeReader reader = SqliteRangeReader.open("app.db", "items", false)) {
 *   reader.read(task, new SqliteRangeReader.Sink() { ... });
 * }
 * }</pre>
 */
public final class SqliteRangeReader implements AutoCloseable {
  static final String STEP = "read sqlite";

  /** Receives the rows of a task in order. */
  public interface Sink {
    void record(Record record);

    void reject(Reject reject);
  }

  private final String flow;
  private final boolean exact;
  private final Connection connection;

  private SqliteRangeReader(String flow, boolean exact, Connection connection) {
    this.flow = flow;
    this.exact = exact;
    this.connection = connection;
  }

  /**
   * Opens {@code database} read-only. With {@code exact}, BLOBs stay bytes whatever the column's
   * affinity (see {@link RowDecoder}). The reader is for one thread at a time.
   */
  public static SqliteRangeReader open(String database, String flow, boolean exact)
      throws SQLException {
    return new SqliteRangeReader(flow, exact, SqliteConnections.openReadOnlyForOneThread(database));
  }

  /** Reads every row of {@code task} into {@code sink}. */
  public void read(ReadTask task, Sink sink) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(task.sql())) {
      for (int i = 0; i < task.binds().size(); i++) {
        ps.setLong(i + 1, task.binds().get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        RowDecoder decoder =
            new RowDecoder(rs.getMetaData(), task.recordColumns(), task.source(), exact);
        checkKeyFields(task, decoder.names());
        while (rs.next()) {
          RowDecoder.Row row = decoder.decode(rs);
          if (row.problem() != null) {
            sink.reject(
                Reject.of(flow, STEP, row.problem(), key(task, row.record(), rs), row.record()));
          } else {
            sink.record(row.record());
          }
        }
      }
    }
  }

  private static void checkKeyFields(ReadTask task, List<String> names) {
    for (String f : task.keyFields()) {
      if (!names.contains(f) && !(task.keyRowidColumn() > 0 && f.equals("rowid"))) {
        throw new IllegalArgumentException(
            "key field '" + f + "' is not a column of " + task.source() + " " + names);
      }
    }
  }

  private static Record key(ReadTask task, Record record, ResultSet rs) throws SQLException {
    Record key = Record.withCapacity(task.keyFields().size());
    for (String f : task.keyFields()) {
      if (task.keyRowidColumn() > 0 && f.equals("rowid")) {
        key.put(f, rs.getLong(task.keyRowidColumn()));
      } else {
        key.put(f, Values.deepCopy(record.get(f)));
      }
    }
    return key;
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
