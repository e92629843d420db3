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

/**
 * One read range's part of a file joined later ({@link JoinParts}). The parts of {@code
 * out/items.jsonl} live in {@code out/.items.jsonl.parts/}, named by the range's place in key order
 * ({@code part-00000003.jsonl}), so a retried range replaces its part and the names sort in key
 * order. Records are written as JSON lines to a temporary name and the file is renamed to the
 * part's name when finished, so a part is either complete or absent. Closing an unfinished part
 * deletes it.
 *
 * <pre>{@code
 * try (PartFile p = PartFile.create("out/items.jsonl", task)) {
 *   p.write(record);
 *   String name = p.finish();
 * }
 * }</pre>
 */
final class PartFile implements AutoCloseable {
  private final Path part;
  private final Path temp;
  private RecordJson.Lines out;

  private PartFile(Path part, Path temp, RecordJson.Lines out) {
    this.part = part;
    this.temp = temp;
    this.out = out;
  }

  /** The folder of the parts of {@code file}. */
  static Path dir(String file) {
    Path f = Paths.get(file);
    return f.resolveSibling("." + f.getFileName() + ".parts");
  }

  /** The part of {@code file} that {@code task}'s range writes. */
  static Path path(String file, ReadTask task) {
    return dir(file).resolve(String.format("part-%08d.jsonl", task.order()));
  }

  /** Starts {@code task}'s part of {@code file} (its folder created if missing). */
  static PartFile create(String file, ReadTask task) throws IOException {
    Path part = path(file, task);
    Files.createDirectories(part.getParent());
    Path temp =
        part.resolveSibling(part.getFileName() + ".tmp-" + Long.toHexString(System.nanoTime()));
    return new PartFile(
        part, temp, RecordJson.lines(Files.newBufferedWriter(temp, StandardCharsets.UTF_8)));
  }

  void write(Record r) throws IOException {
    out.write(r);
  }

  /** Completes the part and returns its path. */
  String finish() throws IOException {
    out.close();
    out = null;
    Files.move(temp, part, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return part.toString();
  }

  @Override
  public void close() throws IOException {
    if (out != null) {
      out.close();
      out = null;
      Files.deleteIfExists(temp);
    }
  }
}
