package dev.ferry.pipeline;

import dev.ferry.record.Reject;
import dev.ferry.record.RejectCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * Passes rejects through while counting them into a {@code ferry} counter; used for rejects that no
 * step counted (a reader's), so every reject of a flow is counted exactly once.
 *
 * <pre>{@code
 * readerRejects.apply(CountRejects.into(Counters.rejected("items")));
 * }</pre>
 */
public final class CountRejects extends PTransform<PCollection<Reject>, PCollection<Reject>> {
  private final String counter;

  private CountRejects(String counter) {
    this.counter = counter;
  }

  public static CountRejects into(String counter) {
    return new CountRejects(counter);
  }

  @Override
  public PCollection<Reject> expand(PCollection<Reject> input) {
    return input.apply(ParDo.of(new Fn(counter))).setCoder(RejectCoder.of());
  }

  private static final class Fn extends DoFn<Reject, Reject> {
    private final Counter counter;

    Fn(String name) {
      this.counter = Metrics.counter(Counters.NAMESPACE, name);
    }

    @ProcessElement
    public void process(@Element Reject r, OutputReceiver<Reject> out) {
      counter.inc();
      out.output(r);
    }
  }
}
