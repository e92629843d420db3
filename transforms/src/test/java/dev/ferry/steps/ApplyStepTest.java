package dev.ferry.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.record.FlowTags;
import dev.ferry.record.Record;
import dev.ferry.record.RecordBatch;
import dev.ferry.record.RecordBatchCoder;
import dev.ferry.record.Reject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.junit.jupiter.api.Test;

class ApplyStepTest {
  private static final Step CAST =
      Steps.create("cast", Map.of("field", "created_at", "to", "timestamp"));

  private static Pipeline pipeline() {
    return Pipeline.create(PipelineOptionsFactory.fromArgs("--runner=DirectRunner").create());
  }

  private static PCollection<RecordBatch> batches(Pipeline p, RecordBatch... batches) {
    return p.apply(Create.of(List.of(batches)).withCoder(RecordBatchCoder.of()));
  }

  private static Record item(String id, String createdAt) {
    return Record.of("id", id, "created_at", createdAt, "qty", 1L);
  }

  /** A step with a bug: it fails with a plain RuntimeException on some records. */
  static final class BuggyStep implements Step {
    @Override
    public String label() {
      return "buggy";
    }

    @Override
    public Record apply(Record record) {
      if ("boom".equals(record.get("id"))) {
        throw new IllegalStateException("index 3 out of bounds");
      }
      return record.put("seen", true);
    }
  }

  private static long counter(PipelineResult result, String name) {
    Iterable<MetricResult<Long>> counters =
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.named("ferry", name))
                    .build())
            .getCounters();
    long total = 0;
    for (MetricResult<Long> c : counters) {
      total += c.getAttempted();
    }
    return total;
  }

  @Test
  void goodRecordsGoOnAndBadOnesBecomeRejects() {
    Pipeline p = pipeline();
    PCollectionTuple out =
        batches(
                p,
                RecordBatch.of(
                    List.of(item("a1", "2024-05-01T08:00:00Z"), item("a2", "not a date"))),
                RecordBatch.of(List.of(item("a3", "31/12/2024"))),
                RecordBatch.empty())
            .apply(ApplyStep.of("items", CAST, List.of("id"), false));

    PAssert.that(out.get(FlowTags.RECORDS))
        .containsInAnyOrder(
            RecordBatch.of(
                List.of(
                    Record.of(
                        "id",
                        "a1",
                        "created_at",
                        Instant.parse("2024-05-01T08:00:00Z"),
                        "qty",
                        1L))));
    PAssert.that(out.get(FlowTags.REJECTS))
        .containsInAnyOrder(
            Reject.of(
                "items",
                "cast created_at to timestamp",
                "field 'created_at': cannot cast text 'not a date' to timestamp: matches none of"
                    + " the formats [iso]",
                Record.of("id", "a2"),
                item("a2", "not a date")),
            Reject.of(
                "items",
                "cast created_at to timestamp",
                "field 'created_at': cannot cast text '31/12/2024' to timestamp: matches none of"
                    + " the formats [iso]",
                Record.of("id", "a3"),
                item("a3", "31/12/2024")));
    PipelineResult result = p.run();
    result.waitUntilFinish();
    assertThat(counter(result, "items.rejected")).isEqualTo(2L);
  }

  @Test
  void aChainRejectsAtTheFirstStepThatRefusesAndKeepsTheRecordAsItCameIn() {
    Pipeline p = pipeline();
    Step setTenant = Steps.create("set", java.util.Map.of("field", "user_id", "value", "t1"));
    Step castQty = Steps.create("cast", java.util.Map.of("field", "qty", "to", "bool"));
    PCollectionTuple out =
        batches(
                p,
                RecordBatch.of(
                    List.of(
                        item("b1", "2024-05-01T08:00:00Z"),
                        item("b2", "later"),
                        Record.of("id", "b3", "created_at", "2024-05-01", "qty", 7L))))
            .apply(
                ApplyStep.chain("items", List.of(setTenant, CAST, castQty), List.of("id"), false));

    PAssert.that(out.get(FlowTags.RECORDS))
        .containsInAnyOrder(
            RecordBatch.of(
                List.of(
                    Record.of(
                        "id",
                        "b1",
                        "created_at",
                        Instant.parse("2024-05-01T08:00:00Z"),
                        "qty",
                        true,
                        "user_id",
                        "t1"))));
    PAssert.that(out.get(FlowTags.REJECTS))
        .containsInAnyOrder(
            Reject.of(
                "items",
                "cast created_at to timestamp",
                "field 'created_at': cannot cast text 'later' to timestamp: matches none of the"
                    + " formats [iso]",
                Record.of("id", "b2"),
                item("b2", "later")),
            Reject.of(
                "items",
                "cast qty to bool",
                "field 'qty': cannot cast int 7 to bool: only 0 and 1 are booleans",
                Record.of("id", "b3"),
                Record.of("id", "b3", "created_at", "2024-05-01", "qty", 7L)));
    p.run().waitUntilFinish();
  }

  @Test
  void unexpectedFailuresBecomeRejectsToo() {
    Pipeline p = pipeline();
    PCollectionTuple out =
        batches(p, RecordBatch.of(List.of(Record.of("id", "boom"), Record.of("id", "ok"))))
            .apply(ApplyStep.of("items", new BuggyStep(), List.of("id", "part"), false));
    PAssert.that(out.get(FlowTags.RECORDS))
        .containsInAnyOrder(RecordBatch.of(List.of(Record.of("id", "ok", "seen", true))));
    PAssert.that(out.get(FlowTags.REJECTS))
        .containsInAnyOrder(
            Reject.of(
                "items",
                "buggy",
                "index 3 out of bounds",
                Record.of("id", "boom", "part", null),
                Record.of("id", "boom")));
    p.run().waitUntilFinish();
  }

  @Test
  void strictFailsAtTheFirstReject() {
    Pipeline p = pipeline();
    batches(p, RecordBatch.of(List.of(item("a1", "2024-05-01"), item("a2", "soon"))))
        .apply(ApplyStep.of("items", CAST, List.of("id"), true));
    assertThatThrownBy(() -> p.run().waitUntilFinish())
        .isInstanceOf(Pipeline.PipelineExecutionException.class)
        .cause()
        .isInstanceOf(StrictModeException.class)
        .hasMessage(
            "--strict: flow 'items', step 'cast created_at to timestamp', key {id=a2}: field"
                + " 'created_at': cannot cast text 'soon' to timestamp: matches none of the"
                + " formats [iso]");
  }

  @Test
  void strictPassesWhenNothingIsRejected() {
    Pipeline p = pipeline();
    PCollectionTuple out =
        batches(p, RecordBatch.of(List.of(item("a1", "2024-05-01"))))
            .apply(ApplyStep.of("items", CAST, List.of("id"), true));
    PAssert.that(out.get(FlowTags.RECORDS))
        .containsInAnyOrder(
            RecordBatch.of(
                List.of(
                    Record.of(
                        "id",
                        "a1",
                        "created_at",
                        Instant.parse("2024-05-01T00:00:00Z"),
                        "qty",
                        1L))));
    PAssert.that(out.get(FlowTags.REJECTS)).empty();
    p.run().waitUntilFinish();
  }

  @Test
  void checksItsArguments() {
    assertThatThrownBy(() -> ApplyStep.of("", CAST, List.of(), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ApplyStep needs a flow name");
    assertThatThrownBy(() -> ApplyStep.of("items", null, List.of(), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ApplyStep needs a step");
  }
}
