package dev.ferry.pipeline;

import dev.ferry.record.Record;
import java.io.IOException;
import java.util.List;

/**
 * A fused flow's JSON Lines target: each read range is written to its own part file next to the
 * target file ({@link RangeParts}), under a name derived from the range, so a retried range
 * replaces its part instead of adding to it. {@link JoinParts} then joins the parts, in range
 * order, into the one target file. Parts are written to a temporary name and renamed when the range
 * is complete.
 *
 * <pre>{@code
 * FusedWriter.Target t = new JsonlFusedTarget("/data/out/items.jsonl");
 * }</pre>
 */
record JsonlFusedTarget(String file) implements FusedWriter.Target {

  @Override
  public FusedWriter open() {
    RangeParts parts = new RangeParts(file);
    return new FusedWriter() {
      @Override
      public void begin(int order) throws IOException {
        parts.begin(order);
      }

      @Override
      public long write(List<Record> batch) throws IOException {
        for (Record r : batch) {
          parts.write(r);
        }
        return batch.size();
      }

      @Override
      public long flush() {
        return 0;
      }

      @Override
      public String end() throws IOException {
        return parts.end();
      }

      @Override
      public void close() throws IOException {
        parts.close();
      }
    };
  }
}
