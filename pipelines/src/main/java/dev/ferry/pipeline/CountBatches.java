package dev.ferry.pipeline;

import dev.ferry.record.RecordBatch;
import dev.ferry.record.RecordBatchCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * Passes batches through unchanged while adding their record count to a {@code ferry} counter.
 *
 * <pre>{@code
 * records.apply("count read", CountBatches.into(Counters.read("items")));
 * }</pre>
 */
public final class CountBatches
    extends PTransform<PCollection<RecordBatch>, PCollection<RecordBatch>> {
  private final String counter;

  private CountBatches(String counter) {
    this.counter = counter;
  }

  public static CountBatches into(String counter) {
    return new CountBatches(counter);
  }

  @Override
  public PCollection<RecordBatch> expand(PCollection<RecordBatch> input) {
    return input.apply(ParDo.of(new CountFn(counter))).setCoder(RecordBatchCoder.of());
  }

  private static final class CountFn extends DoFn<RecordBatch, RecordBatch> {
    private final Counter counter;

    CountFn(String name) {
      this.counter = Metrics.counter(Counters.NAMESPACE, name);
    }

    @ProcessElement
    public void process(@Element RecordBatch batch, OutputReceiver<RecordBatch> out) {
      counter.inc(batch.size());
      out.output(batch);
    }
  }
}
