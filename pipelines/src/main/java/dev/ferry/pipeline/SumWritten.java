package dev.ferry.pipeline;

import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * Adds the per-batch row counts a writer emits to the flow's {@code written} counter and passes
 * them on (so later stages can wait on the writes).
 *
 * <pre>{@code
 * writtenCounts.apply(SumWritten.into(Counters.written("items")));
 * }</pre>
 */
public final class SumWritten extends PTransform<PCollection<Long>, PCollection<Long>> {
  private final String counter;

  private SumWritten(String counter) {
    this.counter = counter;
  }

  public static SumWritten into(String counter) {
    return new SumWritten(counter);
  }

  @Override
  public PCollection<Long> expand(PCollection<Long> input) {
    return input.apply(ParDo.of(new Fn(counter))).setCoder(VarLongCoder.of());
  }

  private static final class Fn extends DoFn<Long, Long> {
    private final Counter counter;

    Fn(String name) {
      this.counter = Metrics.counter(Counters.NAMESPACE, name);
    }

    @ProcessElement
    public void process(@Element Long n, OutputReceiver<Long> out) {
      counter.inc(n);
      out.output(n);
    }
  }
}
