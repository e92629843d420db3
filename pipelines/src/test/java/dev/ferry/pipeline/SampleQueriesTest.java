package dev.ferry.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.record.Record;
import dev.ferry.record.RecordBatch;
import dev.ferry.record.RecordBatchCoder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;

/** The seeded sample: the ids of smallest rank, whatever the order and the batching. */
class SampleQueriesTest {
  private static final long SEED = 42;

  private static List<Record> records(int n) {
    List<Record> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(Record.of("id", String.format("doc-%03d", i), "embedding", new float[] {i, 1f}));
    }
    return out;
  }

  /** The expected sample, by brute force: every id ranked, sorted, the first n. */
  private static List<Record> expected(List<Record> records, int n) {
    List<Record> all = new ArrayList<>();
    for (Record r : records) {
      String id = (String) r.get("id");
      all.add(
          Record.of(
              "id", id, "rank", VectorMath.sampleRank(SEED, id), "vector", r.get("embedding")));
    }
    all.sort(
        Comparator.comparingLong((Record r) -> (Long) r.get("rank"))
            .thenComparing(r -> (String) r.get("id")));
    return all.subList(0, n);
  }

  @Test
  void bestKeepsTheSmallestRanksWhateverTheOrder() {
    List<Record> records = records(60);
    List<Record> want = expected(records, 5);
    assertThat(SampleQueries.best(records, SEED, 5)).isEqualTo(want);
    List<Record> shuffled = new ArrayList<>(records);
    Collections.shuffle(shuffled, new Random(7));
    assertThat(SampleQueries.best(shuffled, SEED, 5)).isEqualTo(want);
    assertThat(SampleQueries.best(records, SEED + 1, 5)).isNotEqualTo(want);
    assertThat(SampleQueries.best(records.subList(0, 3), SEED, 5))
        .isEqualTo(expected(records.subList(0, 3), 3));
  }

  @Test
  void pipelineSampleDoesNotDependOnBatching() {
    List<Record> records = records(60);
    List<Record> want = expected(records, 5);
    Pipeline p = Pipeline.create(PipelineOptionsFactory.fromArgs("--runner=DirectRunner").create());
    PCollection<List<Record>> oneBatch =
        p.apply("one", Create.of(List.of(RecordBatch.of(records))).withCoder(RecordBatchCoder.of()))
            .apply("sample one", SampleQueries.of(SEED, 5));
    List<Record> reversed = new ArrayList<>(records);
    Collections.reverse(reversed);
    List<RecordBatch> batches = new ArrayList<>();
    for (int i = 0; i < reversed.size(); i += 7) {
      batches.add(RecordBatch.of(reversed.subList(i, Math.min(reversed.size(), i + 7))));
    }
    PCollection<List<Record>> manyBatches =
        p.apply("many", Create.of(batches).withCoder(RecordBatchCoder.of()))
            .apply("sample many", SampleQueries.of(SEED, 5));
    PCollection<List<Record>> none =
        p.apply("none", Create.empty(RecordBatchCoder.of()))
            .apply("sample none", SampleQueries.of(SEED, 5));
    PAssert.thatSingleton("one batch", oneBatch).isEqualTo(want);
    PAssert.thatSingleton("many batches", manyBatches).isEqualTo(want);
    PAssert.thatSingleton("no records", none).isEqualTo(List.of());
    p.run().waitUntilFinish();
  }
}
