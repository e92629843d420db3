/**
 * The pieces a source is read in, handed to the workers one at a time. A store's reader plans its
 * ranges (SQLite key ranges, Chroma record ranges) when the pipeline is built; {@link
 * dev.ferry.io.ranges.RangeSource} makes each range a split of its own, so that a runner gives the
 * next range to whichever worker is free (Flink assigns a source's splits on request; the
 * DirectRunner runs them as separate work) instead of fixing beforehand which worker reads which.
 */
package dev.ferry.io.ranges;
