package dev.ferry.pipeline;

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
 * try (PartFile p = PartFile.create("out/items.jsonl", 3)) {
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

  /** The part of {@code file} that the range in place {@code order} writes. */
  static Path path(String file, int order) {
    return dir(file).resolve(String.format("part-%08d.jsonl", order));
  }

  /**
   * Starts the part of {@code file} of the range in place {@code order} (folder made if missing).
   */
  static PartFile create(String file, int order) throws IOException {
    Path part = path(file, order);
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
