package dev.ferry.record;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * A batch of records travelling as one pipeline element. Bulk paths (read, steps, write) move
 * batches of a few thousand records so that per-element runner costs are paid per batch; only
 * transforms that need a per-record key (joins, diffs) explode them.
 *
 * <pre>{@code
 * RecordBatch b = RecordBatch.of(List.of(r1, r2));
 * for (Record r : b) { ... }
 * }</pre>
 */
public final class RecordBatch implements Iterable<Record> {
  /** The default number of records per batch for readers. */
  public static final int DEFAULT_SIZE = 2000;

  private final List<Record> records;

  private RecordBatch(List<Record> records) {
    this.records = records;
  }

  /** Wraps a list (not copied; the caller must not change it afterwards). */
  public static RecordBatch of(List<Record> records) {
    return new RecordBatch(records);
  }

  public static RecordBatch empty() {
    return new RecordBatch(new ArrayList<>(0));
  }

  public List<Record> records() {
    return Collections.unmodifiableList(records);
  }

  public int size() {
    return records.size();
  }

  public boolean isEmpty() {
    return records.isEmpty();
  }

  @Override
  public Iterator<Record> iterator() {
    return records().iterator();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RecordBatch && ((RecordBatch) o).records.equals(records);
  }

  @Override
  public int hashCode() {
    return records.hashCode();
  }

  @Override
  public String toString() {
    return "RecordBatch" + records;
  }
}
