package dev.ferry.io.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.record.Record;
import dev.ferry.record.RecordBatch;
import dev.ferry.record.RecordCoder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.PCollection;

/** Test helpers: explode batches into records, compare record multisets exactly. */
final class Batches {
  private Batches() {}

  static PCollection<Record> explode(PCollection<RecordBatch> batches, String name) {
    return batches.apply(name, ParDo.of(new ExplodeFn())).setCoder(RecordCoder.of());
  }

  static final class ExplodeFn extends DoFn<RecordBatch, Record> {
    @ProcessElement
    public void process(@Element RecordBatch b, OutputReceiver<Record> out) {
      for (Record r : b) {
        out.output(r);
      }
    }
  }

  /** A PAssert check: the records are exactly {@code expected} as a multiset. */
  static SerializableFunction<Iterable<Record>, Void> sameMultiset(List<Record> expected) {
    // Records are not Serializable: the check carries them encoded.
    List<byte[]> encoded = new ArrayList<>();
    for (Record r : expected) {
      encoded.add(encode(r));
    }
    return actual -> {
      List<Record> want = new ArrayList<>();
      for (byte[] b : encoded) {
        want.add(decode(b));
      }
      assertThat(counts(actual)).isEqualTo(counts(want));
      return null;
    };
  }

  static byte[] encode(Record r) {
    try {
      return CoderUtils.encodeToByteArray(RecordCoder.of(), r);
    } catch (CoderException e) {
      throw new IllegalStateException(e);
    }
  }

  static Record decode(byte[] b) {
    try {
      return CoderUtils.decodeFromByteArray(RecordCoder.of(), b);
    } catch (CoderException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A PAssert check on batches: their records are exactly {@code expected} as a multiset. */
  static SerializableFunction<Iterable<RecordBatch>, Void> holdExactly(List<Record> expected) {
    SerializableFunction<Iterable<Record>, Void> check = sameMultiset(expected);
    return batches -> {
      List<Record> all = new ArrayList<>();
      for (RecordBatch b : batches) {
        b.forEach(all::add);
      }
      return check.apply(all);
    };
  }

  static Map<Record, Integer> counts(Iterable<Record> records) {
    Map<Record, Integer> m = new HashMap<>();
    for (Record r : records) {
      m.merge(r, 1, Integer::sum);
    }
    return m;
  }
}
