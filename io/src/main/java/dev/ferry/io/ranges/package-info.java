/**
 * The pieces a source is read in, handed to the workers one at a time. A store's reader plans its
 * ranges either when the pipeline is built (SQLite key ranges, Chroma record ranges) or, through a
 * {@link dev.ferry.io.ranges.RangeSource.Plan}, when the runner splits the read (PostgreSQL key
 * ranges, MongoDB {@code _id} ranges, Cosmos DB feed ranges; on Flink that is the JobManager as the
 * job starts). Either way {@link dev.ferry.io.ranges.RangeSource} makes each range a split of its
 * own, so that a runner gives the next range to whichever worker is free (Flink assigns a source's
 * splits on request; the DirectRunner runs them as separate work) instead of fixing beforehand
 * which worker reads which.
 */
package dev.ferry.io.ranges;
