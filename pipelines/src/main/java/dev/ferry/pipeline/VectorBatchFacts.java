package dev.ferry.pipeline;

import dev.ferry.record.Record;
import dev.ferry.record.RecordBatch;
import dev.ferry.record.RecordCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * The per-batch facts of the records a flow writes, in one pass over each batch (each consumer of
 * the written batches costs a copy of them on Flink): the fingerprint line of every record ({@link
 * #FINGERPRINTS}), the batch's tally ({@link #TALLIES}, see {@link VectorSummary}) and its best
 * sample candidates ({@link #CANDIDATES}, see {@link SampleQueries#best}). Records without an id
 * and a vector are left out (see {@link VectorFacts#hasVector}).
 *
 * <pre>{@code
 * PCollectionTuple facts = written.apply("batch facts", VectorBatchFacts.of(42, 20));
 * facts.get(VectorBatchFacts.TALLIES).apply("summary", new VectorSummary(config));
 * }</pre>
 */
final class VectorBatchFacts extends PTransform<PCollection<RecordBatch>, PCollectionTuple> {
  static final TupleTag<String> FINGERPRINTS = new TupleTag<>() {};
  static final TupleTag<Record> TALLIES = new TupleTag<>() {};
  static final TupleTag<Record> CANDIDATES = new TupleTag<>() {};

  private final long seed;
  private final int samples;

  private VectorBatchFacts(long seed, int samples) {
    this.seed = seed;
    this.samples = samples;
  }

  static VectorBatchFacts of(long seed, int samples) {
    return new VectorBatchFacts(seed, samples);
  }

  @Override
  public PCollectionTuple expand(PCollection<RecordBatch> input) {
    PCollectionTuple out =
        input.apply(
            ParDo.of(new BatchFactsFn(seed, samples))
                .withOutputTags(FINGERPRINTS, TupleTagList.of(TALLIES).and(CANDIDATES)));
    out.get(FINGERPRINTS).setCoder(StringUtf8Coder.of());
    out.get(TALLIES).setCoder(RecordCoder.of());
    out.get(CANDIDATES).setCoder(RecordCoder.of());
    return out;
  }

  private static final class BatchFactsFn extends DoFn<RecordBatch, String> {
    private final long seed;
    private final int samples;

    BatchFactsFn(long seed, int samples) {
      this.seed = seed;
      this.samples = samples;
    }

    @ProcessElement
    public void process(@Element RecordBatch batch, MultiOutputReceiver out) {
      VectorSummary.Tally tally = new VectorSummary.Tally();
      for (Record r : batch) {
        if (VectorFacts.hasVector(r)) {
          String id = (String) r.get("id");
          float[] v = (float[]) r.get("embedding");
          long fingerprint = VectorMath.fingerprint(id, v);
          tally.add(v, fingerprint);
          out.get(FINGERPRINTS).output(VectorFactFiles.fingerprintLine(id, fingerprint));
        }
      }
      out.get(TALLIES).output(tally.toRecord());
      for (Record c : SampleQueries.best(batch, seed, samples)) {
        out.get(CANDIDATES).output(c);
      }
    }
  }
}
