package dev.ferry.pipeline;

import dev.ferry.record.Record;
import dev.ferry.record.RecordJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * One part file of a file joined later ({@link JoinParts}): records are written as JSON lines to a
 * temporary name and the file is renamed to the part's name when finished, so a part is either
 * complete or absent, and a retried range replaces its part. Closing an unfinished part deletes it.
 *
 * <pre>{@code
 * try (PartFile p = PartFile.create(dir, "part-00000003.jsonl")) {
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

  /** Starts part {@code name} in {@code dir} (created if missing). */
  static PartFile create(Path dir, String name) throws IOException {
    Files.createDirectories(dir);
    Path part = dir.resolve(name);
    Path temp = dir.resolve(name + ".tmp-" + Long.toHexString(System.nanoTime()));
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
