package dev.ferry.io.sqlite;

import dev.ferry.record.FlowTags;
import dev.ferry.record.Record;
import dev.ferry.record.RecordBatch;
import dev.ferry.record.Reject;
import dev.ferry.record.Values;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.transforms.DoFn;

/**
 * Executes {@link ReadTask}s against one read-only connection per DoFn instance: decodes each row
 * with {@link RowDecoder}, outputs records in batches to {@link FlowTags#RECORDS} and rows that
 * cannot be decoded as {@link Reject}s (step {@value #STEP}) to {@link FlowTags#REJECTS}.
 *
 * <pre>{@code
 * tasks.apply(ParDo.of(new ReadRangeFn("db.sqlite", "tracks", 2000))
 *     .withOutputTags(FlowTags.RECORDS, TupleTagList.of(FlowTags.REJECTS)));
 * }</pre>
 */
final class ReadRangeFn extends DoFn<ReadTask, RecordBatch> {
  static final String STEP = "read sqlite";

  private final String database;
  private final String flow;
  private final int batchSize;
  private final boolean exact;
  private transient Connection connection;

  ReadRangeFn(String database, String flow, int batchSize) {
    this(database, flow, batchSize, false);
  }

  /**
   * With {@code exact}, BLOBs stay bytes whatever the column's affinity (see {@link RowDecoder}).
   */
  ReadRangeFn(String database, String flow, int batchSize, boolean exact) {
    this.exact = exact;
    this.database = database;
    this.flow = flow;
    this.batchSize = batchSize;
  }

  @Setup
  public void setup() throws SQLException {
    connection = SqliteConnections.openReadOnly(database);
  }

  @ProcessElement
  public void process(@Element ReadTask task, MultiOutputReceiver out) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(task.sql())) {
      for (int i = 0; i < task.binds().size(); i++) {
        ps.setLong(i + 1, task.binds().get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        RowDecoder decoder =
            new RowDecoder(rs.getMetaData(), task.recordColumns(), task.source(), exact);
        checkKeyFields(task, decoder.names());
        List<Record> batch = new ArrayList<>(batchSize);
        while (rs.next()) {
          RowDecoder.Row row = decoder.decode(rs);
          if (row.problem() != null) {
            out.get(FlowTags.REJECTS)
                .output(
                    Reject.of(
                        flow, STEP, row.problem(), key(task, row.record(), rs), row.record()));
          } else {
            batch.add(row.record());
            if (batch.size() == batchSize) {
              out.get(FlowTags.RECORDS).output(RecordBatch.of(batch));
              batch = new ArrayList<>(batchSize);
            }
          }
        }
        if (!batch.isEmpty()) {
          out.get(FlowTags.RECORDS).output(RecordBatch.of(batch));
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

  @Teardown
  public void teardown() throws SQLException {
    if (connection != null) {
      connection.close();
      connection = null;
    }
  }
}
