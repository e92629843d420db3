package dev.ferry.pipeline;

import dev.ferry.io.sqlite.ReadTask;
import dev.ferry.record.Record;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * A fused flow's JSON Lines target: each read range is written to its own part file next to the
 * target file ({@code .<file>.parts/}), under a name derived from the range, so a retried range
 * replaces its part instead of adding to it. {@link JoinParts} then joins the parts, in range
 * order, into the one target file. Parts are written to a temporary name and renamed when the range
 * is complete.
 *
 * <pre>{@code
 * FusedWriter.Target t = new JsonlFusedTarget("/data/out/items.jsonl");
 * }</pre>
 */
record JsonlFusedTarget(String file) implements FusedWriter.Target {

  /** The folder of the parts of {@code file}. */
  static Path partsDir(String file) {
    Path f = Paths.get(file);
    return f.resolveSibling("." + f.getFileName() + ".parts");
  }

  /** The part's name: the range's place in key order, zero-padded so names sort in that order. */
  static String partName(ReadTask task) {
    return String.format("part-%08d.jsonl", task.order());
  }

  @Override
  public FusedWriter open() {
    Path dir = partsDir(file);
    return new FusedWriter() {
      private PartFile part;

      @Override
      public void begin(ReadTask task) throws IOException {
        close();
        part = PartFile.create(dir, partName(task));
      }

      @Override
      public long write(List<Record> batch) throws IOException {
        for (Record r : batch) {
          part.write(r);
        }
        return batch.size();
      }

      @Override
      public String end() throws IOException {
        String name = part.finish();
        part = null;
        return name;
      }

      @Override
      public void close() throws IOException {
        if (part != null) {
          part.close();
          part = null;
        }
      }
    };
  }
}
