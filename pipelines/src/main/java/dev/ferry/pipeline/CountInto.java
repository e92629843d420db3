package dev.ferry.pipeline;

import dev.ferry.record.RecordBatch;
import dev.ferry.record.Reject;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollection;

/**
 * Passes elements through unchanged while adding how much each one counts for to a {@code ferry}
 * counter: the records of a batch, one per reject, or the row count a writer emits.
 *
 * <pre>{@code
 * records.apply("count read", CountInto.records(Counters.read("items")));
 * rejects.apply("count rejects", CountInto.rejects(Counters.rejected("items")));
 * writtenCounts.apply("count written", CountInto.sum(Counters.written("items")));
 * }</pre>
 */
public final class CountInto<T> extends PTransform<PCollection<T>, PCollection<T>> {
  private final String counter;
  private final SerializableFunction<T, Long> measure;

  private CountInto(String counter, SerializableFunction<T, Long> measure) {
    this.counter = counter;
    this.measure = measure;
  }

  /** Counts the records of each batch. */
  public static CountInto<RecordBatch> records(String counter) {
    return new CountInto<>(counter, b -> (long) b.size());
  }

  /** Counts each reject once. */
  public static CountInto<Reject> rejects(String counter) {
    return new CountInto<>(counter, r -> 1L);
  }

  /** Adds up the numbers themselves (rows written per batch). */
  public static CountInto<Long> sum(String counter) {
    return new CountInto<>(counter, n -> n);
  }

  @Override
  public PCollection<T> expand(PCollection<T> input) {
    return input.apply(ParDo.of(new Fn<>(counter, measure))).setCoder(input.getCoder());
  }

  private static final class Fn<T> extends DoFn<T, T> {
    private final Counter counter;
    private final SerializableFunction<T, Long> measure;

    Fn(String name, SerializableFunction<T, Long> measure) {
      this.counter = Metrics.counter(Counters.NAMESPACE, name);
      this.measure = measure;
    }

    @ProcessElement
    public void process(@Element T element, OutputReceiver<T> out) {
      counter.inc(measure.apply(element));
      out.output(element);
    }
  }
}
