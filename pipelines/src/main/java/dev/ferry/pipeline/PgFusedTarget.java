package dev.ferry.pipeline;

import dev.ferry.io.postgres.PgConnection;
import dev.ferry.io.postgres.PgTableWriter;
import dev.ferry.io.schema.TableDef;
import dev.ferry.record.Record;
import java.util.List;

/**
 * A fused flow's PostgreSQL target: batches go through a {@link PgTableWriter} (binary COPY, upsert
 * by key), which holds them back and sends a few megabytes at a time in one COPY and one
 * transaction ({@link PgTableWriter#add}); the rest of a range is sent when it ends.
 *
 * <pre>{@code
 * FusedWriter.Target t = new PgFusedTarget(connection, table, List.of("id"));
 * }</pre>
 */
record PgFusedTarget(PgConnection connection, TableDef table, List<String> key)
    implements FusedWriter.Target {

  @Override
  public FusedWriter open() {
    PgTableWriter writer = PgTableWriter.open(connection, table, key);
    return new FusedWriter() {
      @Override
      public void begin(int order) {}

      @Override
      public long write(List<Record> batch) {
        return writer.add(batch);
      }

      @Override
      public long flush() {
        return writer.flush();
      }

      @Override
      public String end() {
        return null;
      }

      @Override
      public void close() {
        writer.close();
      }
    };
  }
}
