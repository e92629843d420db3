package dev.ferry.pipeline;

import dev.ferry.record.Record;
import dev.ferry.record.RecordBatch;
import dev.ferry.record.RecordBatchCoder;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * Passes batches through while counting, per named column, the records whose value is not null: the
 * source side of the report's JSON check (every non-null JSON value must arrive as JSON).
 *
 * <pre>{@code
 * records.apply(CountNonNull.of("analyses", List.of("raw_response")));
 * }</pre>
 */
public final class CountNonNull
    extends PTransform<PCollection<RecordBatch>, PCollection<RecordBatch>> {
  private final String flow;
  private final List<String> columns;

  private CountNonNull(String flow, List<String> columns) {
    this.flow = flow;
    this.columns = List.copyOf(columns);
  }

  public static CountNonNull of(String flow, List<String> columns) {
    return new CountNonNull(flow, columns);
  }

  @Override
  public PCollection<RecordBatch> expand(PCollection<RecordBatch> input) {
    return input.apply(ParDo.of(new Fn(flow, columns))).setCoder(RecordBatchCoder.of());
  }

  /** How many of {@code records} hold a non-null value in {@code column}. */
  static long nonNull(Iterable<Record> records, String column) {
    long n = 0;
    for (Record r : records) {
      if (r.get(column) != null) {
        n++;
      }
    }
    return n;
  }

  private static final class Fn extends DoFn<RecordBatch, RecordBatch> {
    private final List<String> columns;
    private final List<Counter> counters = new ArrayList<>();

    Fn(String flow, List<String> columns) {
      this.columns = columns;
      for (String c : columns) {
        counters.add(Metrics.counter(Counters.NAMESPACE, Counters.nonNull(flow, c)));
      }
    }

    @ProcessElement
    public void process(@Element RecordBatch batch, OutputReceiver<RecordBatch> out) {
      for (int i = 0; i < columns.size(); i++) {
        counters.get(i).inc(nonNull(batch, columns.get(i)));
      }
      out.output(batch);
    }
  }
}
