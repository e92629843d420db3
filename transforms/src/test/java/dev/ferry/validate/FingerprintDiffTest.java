package dev.ferry.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.record.Json;
import dev.ferry.record.Record;
import dev.ferry.record.RecordBatch;
import dev.ferry.record.RecordBatchCoder;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;

class FingerprintDiffTest {
  private static Pipeline pipeline() {
    return Pipeline.create(PipelineOptionsFactory.fromArgs("--runner=DirectRunner").create());
  }

  private static PCollection<KV<String, Record>> fingerprints(
      Pipeline p, String name, Record... records) {
    return p.apply(
            name,
            Create.of(List.of(RecordBatch.of(List.of(records)))).withCoder(RecordBatchCoder.of()))
        .apply(name + " fingerprints", KeyedFingerprints.of(List.of("id")));
  }

  private static Record item(String id, String doc, long qty) {
    return Record.of("id", id, "doc", Json.of(doc), "qty", qty);
  }

  private static Map<String, Long> counters(PipelineResult result) {
    Map<String, Long> out = new TreeMap<>();
    for (MetricResult<Long> c :
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.inNamespace("ferry"))
                    .build())
            .getCounters()) {
      out.merge(c.getName().getName(), c.getAttempted(), Long::sum);
    }
    return out;
  }

  @Test
  void keyedFingerprintsHoldKeyTextAndColumnHashes() {
    Pipeline p = pipeline();
    Record r = item("a1", "{\"x\":1}", 2L);
    PAssert.that(fingerprints(p, "source", r))
        .containsInAnyOrder(KV.of("id=a1", Fingerprint.columnHashes(r)));
    p.run().waitUntilFinish();
  }

  @Test
  void reportsMissingExtraChangedAndDuplicateRows() {
    Pipeline p = pipeline();
    PCollection<KV<String, Record>> source =
        fingerprints(
            p,
            "source",
            item("same", "{\"a\":1,\"b\":[1,2]}", 1L),
            item("reordered", "{\"a\":1, \"b\":{\"c\":true,\"d\":1.50}}", 1L),
            item("missing", "{}", 1L),
            item("changed", "{\"a\":1}", 1L),
            item("qty", "{}", 1L),
            Record.of("id", "shape", "doc", Json.of("{}"), "qty", 1L),
            item("dup", "{}", 1L),
            item("dup", "{}", 1L));
    PCollection<KV<String, Record>> target =
        fingerprints(
            p,
            "target",
            item("same", "{\"a\":1,\"b\":[1,2]}", 1L),
            item("reordered", "{\"b\": {\"d\": 1.5, \"c\": true}, \"a\": 1}", 1L),
            item("extra", "{}", 1L),
            item("changed", "{\"a\":2}", 1L),
            item("qty", "{}", 2L),
            Record.of("id", "shape", "doc", Json.of("{}"), "note", "new"),
            item("dup", "{}", 1L));

    PCollection<Record> diffs =
        KeyedPCollectionTuple.of(FingerprintDiff.SOURCE, source)
            .and(FingerprintDiff.TARGET, target)
            .apply(FingerprintDiff.of("items"));

    PAssert.that(diffs)
        .containsInAnyOrder(
            Record.of("kind", "missing", "key", "id=missing"),
            Record.of("kind", "extra", "key", "id=extra"),
            Record.of("kind", "changed", "key", "id=changed", "columns", List.of("doc")),
            Record.of("kind", "changed", "key", "id=qty", "columns", List.of("qty")),
            Record.of("kind", "changed", "key", "id=shape", "columns", List.of("qty", "note")),
            Record.of("kind", "duplicate", "key", "id=dup", "side", "source", "count", 2L));
    PipelineResult result = p.run();
    result.waitUntilFinish();
    assertThat(counters(result))
        .containsExactlyEntriesOf(
            new TreeMap<>(
                Map.of(
                    "items.validate.source", 8L,
                    "items.validate.target", 7L,
                    "items.validate.matched", 2L,
                    "items.validate.missing", 1L,
                    "items.validate.extra", 1L,
                    "items.validate.changed", 3L,
                    "items.validate.duplicate", 1L)));
  }

  @Test
  void identicalSidesGiveNoDifferences() {
    Pipeline p = pipeline();
    Record a = item("a", "{\"k\": [1, 2.0]}", 1L);
    PCollection<Record> diffs =
        KeyedPCollectionTuple.of(FingerprintDiff.SOURCE, fingerprints(p, "source", a))
            .and(FingerprintDiff.TARGET, fingerprints(p, "target", item("a", "{\"k\":[1,2]}", 1L)))
            .apply(FingerprintDiff.of("items"));
    PAssert.that(diffs).empty();
    p.run().waitUntilFinish();
  }
}
