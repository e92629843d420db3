package dev.ferry.pipeline;

import dev.ferry.record.Record;
import java.io.Serializable;
import java.util.List;

/**
 * Where a fused flow puts the records of one read range: the target's writer, opened once per DoFn
 * instance. A range is written between {@link #begin} and {@link #end}: its batches by {@link
 * #write}, which may hold some back to send them together, then {@link #flush}, which sends what
 * was held back. {@link #end} returns what the flow must finish after every range is written (a
 * part file to join), or null.
 *
 * <pre>{@code
 * FusedWriter w = target.open();
 * w.begin(3); w.write(batch); w.flush(); String part = w.end(); w.close();
 * }</pre>
 */
interface FusedWriter extends AutoCloseable {
  /** Makes {@link FusedWriter}s; serializable, so it travels with the DoFn to the workers. */
  interface Target extends Serializable {
    FusedWriter open() throws Exception;
  }

  /** Starts the range in place {@code order} of the flow's ranges. */
  void begin(int order) throws Exception;

  /**
   * Takes one batch; returns how many records this call wrote (earlier held-back ones included), 0
   * if it held the batch back.
   */
  long write(List<Record> batch) throws Exception;

  /** Writes the records {@link #write} held back; returns how many. */
  long flush() throws Exception;

  /** Ends the range; returns the part it left to finish, or null. */
  String end() throws Exception;

  @Override
  void close() throws Exception;
}
