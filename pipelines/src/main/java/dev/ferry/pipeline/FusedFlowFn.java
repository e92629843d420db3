package dev.ferry.pipeline;

import dev.ferry.record.Record;
import dev.ferry.record.Reject;
import dev.ferry.steps.StepChain;
import dev.ferry.steps.StrictModeException;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Runs a whole flow on one read range of its source ({@link FusedSource}: SQLite or Chroma): reads
 * the range's records, puts each through the flow's steps (for PostgreSQL the conform step last)
 * and hands what passes to the target's {@link FusedWriter} in batches, so no range is ever held in
 * memory (a writer may hold a few megabytes back to send them together; they are sent by the time
 * the range ends). The flow's rejects (rows the reader could not decode, records a step refused)
 * are written by the range too, to a part of the rejects file ({@link RangeParts}). The main output
 * ({@link #PARTS}) carries what a range left for the flow to finish (a JSON Lines part file),
 * {@link #REJECT_PARTS} its rejects' part. A vector flow also computes the facts of what it writes
 * ({@link FusedVectorFacts}): its fingerprints' part on {@link #FINGERPRINT_PARTS}, the rest on
 * {@link #FACTS}. Counts go to the same counters as the step-by-step graph ({@link Counters}), so
 * the report is the same.
 *
 * <p>A range's rows are written by the time its element finishes; a retried element writes them
 * again, which the target's upsert by key (or the part file's replacement) makes harmless.
 *
 * <pre>{@code
 * ranges.apply(ParDo.of(new FusedFlowFn<>(settings))
 *     .withOutputTags(FusedFlowFn.PARTS, TupleTagList.of(FusedFlowFn.REJECT_PARTS)
 *         .and(FusedFlowFn.FINGERPRINT_PARTS).and(FusedFlowFn.FACTS)));
 * }</pre>
 */
final class FusedFlowFn<T> extends DoFn<T, String> {
  private static final long serialVersionUID = 1L;

  /** The parts ranges leave to be finished once every range is written (the main output). */
  static final TupleTag<String> PARTS = new TupleTag<>() {};

  /** The parts of the rejects file the ranges wrote. */
  static final TupleTag<String> REJECT_PARTS = new TupleTag<>() {};

  /** The parts of a vector flow's fingerprint file the ranges wrote. */
  static final TupleTag<String> FINGERPRINT_PARTS = new TupleTag<>() {};

  /** A vector flow's facts of each range. */
  static final TupleTag<VectorRangeFacts> FACTS = new TupleTag<>() {};

  /**
   * What one fused flow reads, runs and writes; {@code facts} and {@code fingerprintsFile} are null
   * unless it is a vector flow.
   */
  record Settings<T>(
      String flow,
      FusedSource<T> source,
      StepChain chain,
      boolean strict,
      FusedWriter.Target target,
      List<String> nonNullColumns,
      int batchSize,
      String rejectsFile,
      VectorFacts.Config facts,
      String fingerprintsFile)
      implements Serializable {}

  private final Settings<T> settings;
  private final Counter read;
  private final Counter written;
  private final Counter rejected;
  private final Counter routed;
  private final List<Counter> nonNull = new ArrayList<>();
  private transient FusedSource.Reader<T> reader;
  private transient FusedWriter writer;
  private transient RangeParts rejects;
  private transient FusedVectorFacts facts;

  FusedFlowFn(Settings<T> settings) {
    this.settings = settings;
    String flow = settings.flow();
    this.read = Metrics.counter(Counters.NAMESPACE, Counters.read(flow));
    this.written = Metrics.counter(Counters.NAMESPACE, Counters.written(flow));
    this.rejected = Metrics.counter(Counters.NAMESPACE, Counters.rejected(flow));
    this.routed = Metrics.counter(Counters.NAMESPACE, Counters.routed(flow));
    for (String c : settings.nonNullColumns()) {
      nonNull.add(Metrics.counter(Counters.NAMESPACE, Counters.nonNull(flow, c)));
    }
  }

  @Setup
  public void setup() throws Exception {
    reader = settings.source().open();
    writer = settings.target().open();
    rejects = new RangeParts(settings.rejectsFile());
    if (settings.facts() != null) {
      facts = new FusedVectorFacts(settings.facts(), settings.fingerprintsFile());
    }
  }

  @ProcessElement
  public void process(@Element T range, MultiOutputReceiver out) throws Exception {
    int order = reader.order(range);
    writer.begin(order);
    rejects.begin(order);
    if (facts != null) {
      facts.begin(order);
    }
    RangeSink sink = new RangeSink();
    reader.read(range, sink);
    sink.flush();
    written.inc(writer.flush());
    String part = writer.end();
    if (part != null) {
      out.get(PARTS).output(part);
    }
    String rejectPart = rejects.end();
    if (rejectPart != null) {
      out.get(REJECT_PARTS).output(rejectPart);
    }
    if (facts != null) {
      String fingerprintPart = facts.endPart();
      if (fingerprintPart != null) {
        out.get(FINGERPRINT_PARTS).output(fingerprintPart);
      }
      out.get(FACTS).output(facts.endFacts());
    }
  }

  /** Takes a range's rows one by one: counts, steps, batches and writes them. */
  private final class RangeSink implements FusedSource.Sink {
    private final List<Record> batch = new ArrayList<>(settings.batchSize());
    private final long[] nonNullCounts = new long[settings.nonNullColumns().size()];
    private long reads;

    @Override
    public void record(Record record) {
      reads++;
      StepChain.Outcome o = settings.chain().apply(record);
      if (o.passed() != null) {
        batch.add(o.passed());
        if (batch.size() >= settings.batchSize()) {
          try {
            flush();
          } catch (RuntimeException e) {
            throw e;
          } catch (Exception e) {
            throw new IllegalStateException(
                "flow '" + settings.flow() + "': writing a batch failed: " + e.getMessage(), e);
          }
        }
      } else if (o.routed()) {
        routed.inc();
      } else {
        refuse(o.reject());
      }
    }

    /** A row the reader could not decode: read, and rejected. */
    @Override
    public void reject(Reject reject) {
      reads++;
      refuse(reject);
    }

    private void refuse(Reject reject) {
      rejected.inc();
      if (facts != null) {
        facts.reject(reject);
      }
      if (settings.strict()) {
        flushCounts();
        throw new StrictModeException(reject);
      }
      try {
        rejects.write(reject.toRecord());
      } catch (IOException e) {
        throw new UncheckedIOException(
            "flow '" + settings.flow() + "': writing a reject failed: " + e.getMessage(), e);
      }
    }

    void flush() throws Exception {
      if (!batch.isEmpty()) {
        List<String> columns = settings.nonNullColumns();
        for (int i = 0; i < columns.size(); i++) {
          nonNullCounts[i] += CountNonNull.nonNull(batch, columns.get(i));
        }
        if (facts != null) {
          facts.add(batch);
        }
        written.inc(writer.write(batch));
        batch.clear();
      }
      flushCounts();
    }

    private void flushCounts() {
      read.inc(reads);
      reads = 0;
      for (int i = 0; i < nonNullCounts.length; i++) {
        nonNull.get(i).inc(nonNullCounts[i]);
        nonNullCounts[i] = 0;
      }
    }
  }

  @Teardown
  public void teardown() throws Exception {
    if (writer != null) {
      writer.close();
      writer = null;
    }
    if (rejects != null) {
      rejects.close();
      rejects = null;
    }
    if (facts != null) {
      facts.close();
      facts = null;
    }
    if (reader != null) {
      reader.close();
      reader = null;
    }
  }
}
