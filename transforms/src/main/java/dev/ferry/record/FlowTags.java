package dev.ferry.record;

import org.apache.beam.sdk.values.TupleTag;

/**
 * The two outputs every reader, step and writer of a flow has: the records that go on, in batches,
 * and the rejects. Transforms that can reject return a {@code PCollectionTuple} with these tags.
 *
 * <pre>{@code
 * PCollectionTuple out = input.apply(ParDo.of(fn).withOutputTags(FlowTags.RECORDS,
 *     TupleTagList.of(FlowTags.REJECTS)));
 * }</pre>
 */
public final class FlowTags {
  private FlowTags() {}

  public static final TupleTag<RecordBatch> RECORDS = new TupleTag<RecordBatch>("records") {};
  public static final TupleTag<Reject> REJECTS = new TupleTag<Reject>("rejects") {};
}
