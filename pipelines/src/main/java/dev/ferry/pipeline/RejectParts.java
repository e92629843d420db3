package dev.ferry.pipeline;

import dev.ferry.io.sqlite.ReadTask;
import dev.ferry.record.Reject;
import java.io.IOException;
import java.nio.file.Files;

/**
 * Writes a fused flow's rejects the way {@link JsonlFusedTarget} writes records: each read range's
 * rejects go to their own part file next to the flow's rejects file ({@code
 * rejects/.<flow>.jsonl.parts/part-<order>.jsonl}), written to a temporary name and renamed when
 * the range ends, and {@link JoinParts} joins the parts in key order into {@code
 * rejects/<flow>.jsonl} (empty when no range had a reject). A range without rejects leaves no part.
 * One line per reject, the same JSON as the step-by-step graph's rejects file.
 *
 * <pre>{@code
 * RejectParts r = new RejectParts("run/rejects/items.jsonl");
 * r.begin(task); r.write(reject); String part = r.end();   // null when the range had none
 * }</pre>
 */
final class RejectParts implements AutoCloseable {
  private final String file;
  private ReadTask task;
  private PartFile part;

  RejectParts(String rejectsFile) {
    this.file = rejectsFile;
  }

  /** Starts a range (dropping what a range that failed half-way left). */
  void begin(ReadTask task) throws IOException {
    close();
    this.task = task;
  }

  void write(Reject reject) throws IOException {
    if (part == null) {
      part = PartFile.create(file, task);
    }
    part.write(reject.toRecord());
  }

  /** Ends the range; returns its part file, or null when it had no reject. */
  String end() throws IOException {
    if (part == null) {
      Files.deleteIfExists(PartFile.path(file, task)); // left by an earlier try of this range
      return null;
    }
    String done = part.finish();
    part = null;
    return done;
  }

  @Override
  public void close() throws IOException {
    if (part != null) {
      part.close();
      part = null;
    }
  }
}
