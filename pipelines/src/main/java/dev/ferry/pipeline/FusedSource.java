package dev.ferry.pipeline;

import dev.ferry.record.Record;
import dev.ferry.record.Reject;
import java.io.Serializable;

/**
 * Where a fused flow reads from: a {@link Reader} of the source's ranges (of type {@code T}),
 * opened once per DoFn instance and handed one range at a time. It travels with the DoFn to the
 * workers, so it holds only settings.
 *
 * <pre>{@code
 * try (FusedSource.Reader<ReadTask> r = source.open()) { r.read(task, sink); }
 * }</pre>
 */
interface FusedSource<T> extends Serializable {
  Reader<T> open() throws Exception;

  /** Reads ranges of the source. */
  interface Reader<T> extends AutoCloseable {
    /** The range's place among the flow's ranges, which names what it writes. */
    int order(T range);

    /** Reads the range's records (and what it cannot read, as rejects) into {@code sink}. */
    void read(T range, Sink sink) throws Exception;
  }

  /** Takes a range's records one by one. */
  interface Sink {
    void record(Record record);

    /** A record the reader could not decode: read, and rejected. */
    void reject(Reject reject);
  }
}
