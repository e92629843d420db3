package dev.ferry.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.record.Record;
import dev.ferry.record.RecordBatch;
import dev.ferry.record.RecordBatchCoder;
import dev.ferry.record.RecordCoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.junit.jupiter.api.Test;

/**
 * Exact top-k over points p0..p9 at (i, 1): under l2 the query p3 has p3 at 0, then p2 and p4 at 1
 * (the smaller id first), then p1 and p5 at 4; under cosine the query (1, 0) is nearest to p9, p8,
 * p7.
 */
class ExactTopKTest {
  private static List<Record> points() {
    List<Record> out = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      out.add(Record.of("id", "p" + i, "embedding", new float[] {i, 1f}));
    }
    return out;
  }

  private static Record query(String id, float... v) {
    return Record.of("id", id, "vector", v);
  }

  private static double cos(int i) {
    return 1 - i / Math.sqrt(i * i + 1.0);
  }

  @Test
  void nearestBreaksTiesBySmallerId() {
    Map<String, List<KV<Double, String>>> got =
        ExactTopK.nearest(List.of(query("p3", 3f, 1f)), points(), "l2", 4);
    assertThat(got)
        .containsExactly(
            Map.entry(
                "p3",
                List.of(KV.of(0.0, "p3"), KV.of(1.0, "p2"), KV.of(1.0, "p4"), KV.of(4.0, "p1"))));
    Map<String, List<KV<Double, String>>> cosine =
        ExactTopK.nearest(List.of(query("x", 1f, 0f)), points(), "cosine", 3);
    assertThat(cosine.get("x"))
        .containsExactly(KV.of(cos(9), "p9"), KV.of(cos(8), "p8"), KV.of(cos(7), "p7"));
    List<Record> fewer = new ArrayList<>(points().subList(0, 2));
    fewer.add(Record.of("id", "three-d", "embedding", new float[] {3f, 1f, 0f}));
    fewer.add(Record.of("id", "no-vector"));
    assertThat(ExactTopK.nearest(List.of(query("p3", 3f, 1f)), fewer, "l2", 4))
        .containsExactly(Map.entry("p3", List.of(KV.of(4.0, "p1"), KV.of(9.0, "p0"))));
  }

  @Test
  void perQueryCombineOverBatchesIsExact() {
    List<Record> pts = points();
    List<RecordBatch> batches =
        List.of(
            RecordBatch.of(pts.subList(0, 3)),
            RecordBatch.of(pts.subList(3, 5)),
            RecordBatch.of(pts.subList(5, 10)));
    Pipeline p = Pipeline.create(PipelineOptionsFactory.fromArgs("--runner=DirectRunner").create());
    PCollectionView<List<Record>> queries =
        p.apply(
                "queries",
                Create.of(List.of(List.of(query("p3", 3f, 1f), query("x", 1f, 0f))))
                    .withCoder(ListCoder.of(RecordCoder.of())))
            .apply(View.asSingleton());
    PCollection<RecordBatch> records =
        p.apply("records", Create.of(batches).withCoder(RecordBatchCoder.of()));
    PCollection<KV<String, List<KV<Double, String>>>> l2 =
        records.apply("l2", ExactTopK.of(queries, "l2", 3));
    PCollection<KV<String, List<KV<Double, String>>>> cosine =
        records.apply("cosine", ExactTopK.of(queries, "cosine", 2));
    // l2 from x = (1, 0): (i - 1)^2 + 1; cosine from p3 = (3, 1): 0 for p3, then p4.
    PAssert.that("l2", l2)
        .containsInAnyOrder(
            KV.of("p3", List.of(KV.of(0.0, "p3"), KV.of(1.0, "p2"), KV.of(1.0, "p4"))),
            KV.of("x", List.of(KV.of(1.0, "p1"), KV.of(2.0, "p0"), KV.of(2.0, "p2"))));
    PAssert.that("cosine", cosine)
        .containsInAnyOrder(
            KV.of("p3", List.of(KV.of(0.0, "p3"), KV.of(1 - 13 / Math.sqrt(170.0), "p4"))),
            KV.of("x", List.of(KV.of(cos(9), "p9"), KV.of(cos(8), "p8"))));
    p.run().waitUntilFinish();
  }
}
