package dev.ferry.validate;

import dev.ferry.record.Record;
import dev.ferry.record.RecordBatch;
import dev.ferry.record.RecordCoder;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * Turns a flow's record batches into one fingerprint per record: the {@link Fingerprint#keyString
 * key text} of the given key fields, with the record's {@link Fingerprint#columnHashes column
 * hashes} (key columns included). The input of {@link FingerprintDiff}, once for the source and
 * once for the target.
 *
 * <pre>{@code
 * PCollection<KV<String, Record>> fp = batches.apply(KeyedFingerprints.of(List.of("id")));
 * }</pre>
 */
public final class KeyedFingerprints
    extends PTransform<PCollection<RecordBatch>, PCollection<KV<String, Record>>> {
  private final List<String> keyFields;

  private KeyedFingerprints(List<String> keyFields) {
    this.keyFields = keyFields;
  }

  /**
   * @throws IllegalArgumentException if no key field is given
   */
  public static KeyedFingerprints of(List<String> keyFields) {
    if (keyFields == null || keyFields.isEmpty()) {
      throw new IllegalArgumentException("KeyedFingerprints needs at least one key field");
    }
    return new KeyedFingerprints(List.copyOf(keyFields));
  }

  @Override
  public PCollection<KV<String, Record>> expand(PCollection<RecordBatch> input) {
    return input
        .apply(ParDo.of(new FingerprintFn(keyFields)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), RecordCoder.of()));
  }

  /** Fingerprints every record of a batch. */
  static final class FingerprintFn extends DoFn<RecordBatch, KV<String, Record>> {
    private final List<String> keyFields;

    FingerprintFn(List<String> keyFields) {
      this.keyFields = keyFields;
    }

    @ProcessElement
    public void process(@Element RecordBatch batch, OutputReceiver<KV<String, Record>> out) {
      for (Record r : batch) {
        out.output(KV.of(Fingerprint.keyString(r.project(keyFields)), Fingerprint.columnHashes(r)));
      }
    }
  }
}
