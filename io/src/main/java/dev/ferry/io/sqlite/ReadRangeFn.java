package dev.ferry.io.sqlite;

import dev.ferry.record.FlowTags;
import dev.ferry.record.Record;
import dev.ferry.record.RecordBatch;
import dev.ferry.record.Reject;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.transforms.DoFn;

/**
 * Executes {@link ReadTask}s with one {@link SqliteRangeReader} per DoFn instance: outputs records
 * in batches to {@link FlowTags#RECORDS} and rows that cannot be decoded as {@link Reject}s to
 * {@link FlowTags#REJECTS}.
 *
 * <pre>{@code
 * tasks.apply(ParDo.of(new ReadRangeFn("db.sqlite", "tracks", 2000))
 *     .withOutputTags(FlowTags.RECORDS, TupleTagList.of(FlowTags.REJECTS)));
 * }</pre>
 */
final class ReadRangeFn extends DoFn<ReadTask, RecordBatch> {
  static final String STEP = SqliteRangeReader.STEP;

  private final String database;
  private final String flow;
  private final int batchSize;
  private final boolean exact;
  private transient SqliteRangeReader reader;

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
    reader = SqliteRangeReader.open(database, flow, exact);
  }

  @ProcessElement
  public void process(@Element ReadTask task, MultiOutputReceiver out) throws SQLException {
    List<List<Record>> batch = new ArrayList<>(List.of(new ArrayList<>(batchSize)));
    reader.read(
        task,
        new SqliteRangeReader.Sink() {
          @Override
          public void record(Record record) {
            batch.get(0).add(record);
            if (batch.get(0).size() == batchSize) {
              out.get(FlowTags.RECORDS).output(RecordBatch.of(batch.get(0)));
              batch.set(0, new ArrayList<>(batchSize));
            }
          }

          @Override
          public void reject(Reject reject) {
            out.get(FlowTags.REJECTS).output(reject);
          }
        });
    if (!batch.get(0).isEmpty()) {
      out.get(FlowTags.RECORDS).output(RecordBatch.of(batch.get(0)));
    }
  }

  @Teardown
  public void teardown() throws SQLException {
    if (reader != null) {
      reader.close();
      reader = null;
    }
  }
}
