package dev.ferry.pipeline;

import dev.ferry.record.Record;
import java.io.IOException;
import java.nio.file.Files;

/**
 * Writes what each read range of a fused flow puts into one file: the range's records go to their
 * own part file next to that file ({@link PartFile}: {@code .<file>.parts/part-<order>.jsonl}),
 * written to a temporary name and renamed when the range ends, and {@link JoinParts} joins the
 * parts in key order into the file (empty when no range wrote anything). A range that wrote nothing
 * leaves no part. Used for a JSON Lines target ({@link JsonlFusedTarget}) and for a flow's rejects
 * ({@code rejects/<flow>.jsonl}, one line per reject, the same JSON as the step-by-step graph's).
 *
 * <pre>{@code
 * RangeParts r = new RangeParts("run/rejects/items.jsonl");
 * r.begin(3); r.write(reject.toRecord()); String part = r.end();   // null when it wrote none
 * }</pre>
 */
final class RangeParts implements AutoCloseable {
  private final String file;
  private int order;
  private PartFile part;

  RangeParts(String file) {
    this.file = file;
  }

  /** Starts a range (dropping what a range that failed half-way left). */
  void begin(int order) throws IOException {
    close();
    this.order = order;
  }

  void write(Record record) throws IOException {
    if (part == null) {
      part = PartFile.create(file, order);
    }
    part.write(record);
  }

  /** Ends the range; returns its part file, or null when it wrote nothing. */
  String end() throws IOException {
    if (part == null) {
      Files.deleteIfExists(PartFile.path(file, order)); // left by an earlier try of this range
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
