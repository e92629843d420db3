package dev.ferry.pipeline;

import java.nio.file.Path;

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
}
