package dev.ferry.pipeline;

import dev.ferry.record.Record;
import dev.ferry.record.RecordJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where a run puts its files inside the run directory: {@code report.md}, {@code report.json},
 * {@code rejects/<flow>.jsonl} and, for validation, {@code diff/<flow>.jsonl}.
 *
 * <pre>{@code
 * Path rejects = RunFiles.rejects(runDir, "items");
 * }</pre>
 */
public final class RunFiles {
  private RunFiles() {}

  public static Path rejects(Path runDir, String flow) {
    return runDir.resolve("rejects").resolve(flow + ".jsonl");
  }

  /**
   * Every reject line a flow wrote, from {@code rejects/<flow>.jsonl} and its shards, as records
   * ({@code record}, {@code step}, {@code reason}, {@code key}); empty when it wrote none.
   */
  static List<Record> readRejects(Path runDir, String flow) {
    List<Record> out = new ArrayList<>();
    Path dir = rejects(runDir, flow).getParent();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (var files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (!f.getFileName().toString().startsWith(flow + ".jsonl")) {
          continue;
        }
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
          if (!line.isBlank()) {
            out.add(RecordJson.read(line));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the rejects of flow '" + flow + "'", e);
    }
    return out;
  }

  public static Path diff(Path runDir, String flow) {
    return runDir.resolve("diff").resolve(flow + ".jsonl");
  }

  /** The key conflicts of a flow into a SQLite target: one {table, key, action} per line. */
  public static Path conflicts(Path runDir, String flow) {
    return runDir.resolve("conflicts").resolve(flow + ".jsonl");
  }

  public static Path markdownReport(Path runDir) {
    return runDir.resolve("report.md");
  }

  public static Path jsonReport(Path runDir) {
    return runDir.resolve("report.json");
  }

  /** Deletes the files directly in {@code dir}, if it exists (subfolders are left). */
  static void deleteFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (Files.isRegularFile(f)) {
          Files.delete(f);
        }
      }
    }
  }
}
