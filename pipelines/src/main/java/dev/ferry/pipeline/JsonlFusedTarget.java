package dev.ferry.pipeline;

import dev.ferry.io.sqlite.ReadTask;
import dev.ferry.record.Record;
import dev.ferry.record.RecordJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
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
      private Path temp;
      private Path part;
      private RecordJson.Lines out;

      @Override
      public void begin(ReadTask task) throws IOException {
        Files.createDirectories(dir);
        part = dir.resolve(partName(task));
        temp = dir.resolve(part.getFileName() + ".tmp-" + Long.toHexString(System.nanoTime()));
        out = RecordJson.lines(Files.newBufferedWriter(temp, StandardCharsets.UTF_8));
      }

      @Override
      public long write(List<Record> batch) throws IOException {
        for (Record r : batch) {
          out.write(r);
        }
        return batch.size();
      }

      @Override
      public String end() throws IOException {
        out.close();
        out = null;
        Files.move(temp, part, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return part.toString();
      }

      @Override
      public void close() throws IOException {
        if (out != null) {
          out.close();
          Files.deleteIfExists(temp);
        }
      }
    };
  }
}
