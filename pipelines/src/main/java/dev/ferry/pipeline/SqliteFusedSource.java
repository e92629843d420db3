package dev.ferry.pipeline;

import dev.ferry.io.sqlite.ReadTask;
import dev.ferry.io.sqlite.SqliteRangeReader;
import dev.ferry.record.Record;
import dev.ferry.record.Reject;

/**
 * A fused flow's SQLite source: ranges are {@link ReadTask}s, read by a {@link SqliteRangeReader}
 * (one connection per DoFn instance).
 *
 * <pre>{@code
 * FusedSource<ReadTask> s = new SqliteFusedSource("/data/app.db", "items", false);
 * }</pre>
 */
record SqliteFusedSource(String database, String flow, boolean exactValues)
    implements FusedSource<ReadTask> {

  @Override
  public Reader<ReadTask> open() throws Exception {
    SqliteRangeReader reader = SqliteRangeReader.open(database, flow, exactValues);
    return new Reader<>() {
      @Override
      public int order(ReadTask task) {
        return task.order();
      }

      @Override
      public void read(ReadTask task, Sink sink) throws Exception {
        reader.read(
            task,
            new SqliteRangeReader.Sink() {
              @Override
              public void record(Record record) {
                sink.record(record);
              }

              @Override
              public void reject(Reject reject) {
                sink.reject(reject);
              }
            });
      }

      @Override
      public void close() throws Exception {
        reader.close();
      }
    };
  }
}
