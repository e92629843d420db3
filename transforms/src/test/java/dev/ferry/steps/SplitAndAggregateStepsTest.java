package dev.ferry.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.record.FlowTags;
import dev.ferry.record.Record;
import dev.ferry.record.RecordBatch;
import dev.ferry.record.RecordBatchCoder;
import dev.ferry.record.Reject;
import java.util.ArrayList;
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
import org.apache.beam.sdk.values.PCollectionTuple;
import org.junit.jupiter.api.Test;

/** The where, reject and aggregate steps: splits that conserve every record, and groups. */
class SplitAndAggregateStepsTest {
  private static Pipeline pipeline() {
    return Pipeline.create(PipelineOptionsFactory.fromArgs("--runner=DirectRunner").create());
  }

  private static long counter(PipelineResult r, String name) {
    long sum = 0;
    for (MetricResult<Long> c :
        r.metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.named("ferry", name))
                    .build())
            .getCounters()) {
      sum += c.getAttempted();
    }
    return sum;
  }

  @Test
  void whereKeepsMatchesAndTellsOthersApartFromFailures() throws Exception {
    Step where = Steps.create("where", Map.of("expr", "(kind ?? '') == 'session'"));
    Record session = Record.of("id", "a", "kind", "session");
    assertThat(where.apply(session.copy())).isEqualTo(session);
    assertThatThrownBy(() -> where.apply(Record.of("id", "b", "kind", "click")))
        .isInstanceOf(RoutedElsewhere.class)
        .hasMessage("where '(kind ?? '') == 'session'' is false");
    assertThatThrownBy(() -> where.apply(Record.of("id", "c"))).isInstanceOf(RoutedElsewhere.class);
    Step notBoolean = Steps.create("where", Map.of("expr", "kind"));
    assertThatThrownBy(() -> notBoolean.apply(Record.of("kind", "x")))
        .isInstanceOf(StepRejection.class)
        .isNotInstanceOf(RoutedElsewhere.class)
        .hasMessage("where 'kind': expected true or false, got String x");
  }

  @Test
  void rejectRejectsWithItsReason() {
    Step reject =
        Steps.create("reject", Map.of("reason", "'kind ' + (kind ?? 'missing') + ' fits nothing'"));
    assertThatThrownBy(() -> reject.apply(Record.of("id", "x")))
        .isInstanceOf(StepRejection.class)
        .hasMessage("kind missing fits nothing");
  }

  @Test
  void aSplitRoutesRejectsAndConservesEveryRecord() {
    List<Record> in =
        List.of(
            Record.of("id", "1", "kind", "session"),
            Record.of("id", "2", "kind", "click"),
            Record.of("id", "3"));
    Pipeline p = pipeline();
    PCollectionTuple sessions =
        p.apply("in1", Create.of(List.of(RecordBatch.of(in))).withCoder(RecordBatchCoder.of()))
            .apply(
                "sessions",
                ApplyStep.chain(
                    "sessions",
                    List.of(Steps.create("where", Map.of("expr", "(kind ?? '') == 'session'"))),
                    List.of("id"),
                    false));
    PCollectionTuple rest =
        p.apply("in2", Create.of(List.of(RecordBatch.of(in))).withCoder(RecordBatchCoder.of()))
            .apply(
                "rest",
                ApplyStep.chain(
                    "rest",
                    List.of(
                        Steps.create("where", Map.of("expr", "(kind ?? '') != 'session'")),
                        Steps.create("reject", Map.of("reason", "'no target for ' + id"))),
                    List.of("id"),
                    false));
    PAssert.that(sessions.get(FlowTags.RECORDS))
        .containsInAnyOrder(RecordBatch.of(List.of(in.get(0))));
    PAssert.that(sessions.get(FlowTags.REJECTS)).empty();
    PAssert.that(rest.get(FlowTags.RECORDS)).empty();
    PAssert.that(rest.get(FlowTags.REJECTS))
        .containsInAnyOrder(
            Reject.of("rest", "reject", "no target for 2", Record.of("id", "2"), in.get(1)),
            Reject.of("rest", "reject", "no target for 3", Record.of("id", "3"), in.get(2)));
    PipelineResult r = p.run();
    r.waitUntilFinish();
    assertThat(counter(r, "sessions.routed")).isEqualTo(2);
    assertThat(counter(r, "sessions.rejected")).isZero();
    assertThat(counter(r, "rest.routed")).isEqualTo(1);
    assertThat(counter(r, "rest.rejected")).isEqualTo(2);
  }

  @Test
  void aggregateMakesOneRecordPerKeyWithSortedDistinctSets() {
    Step step =
        Steps.create(
            "aggregate",
            Map.of(
                "by",
                List.of("p"),
                "collect_set",
                Map.of("sources", "source"),
                "count",
                "n",
                "id",
                "'personality_' + p"));
    List<Record> in = new ArrayList<>();
    in.add(Record.of("p", "krishna", "source", "gita"));
    in.add(Record.of("p", "krishna", "source", "bhagavatam"));
    in.add(Record.of("p", "krishna", "source", "gita"));
    in.add(Record.of("p", "buddha"));
    Pipeline p = pipeline();
    PCollectionTuple out =
        p.apply(Create.of(List.of(RecordBatch.of(in))).withCoder(RecordBatchCoder.of()))
            .apply(AggregateRecords.of("personalities", (AggregateStep) step));
    PAssert.that(out.get(FlowTags.RECORDS))
        .containsInAnyOrder(
            RecordBatch.of(
                List.of(
                    Record.of(
                        "id",
                        "personality_krishna",
                        "p",
                        "krishna",
                        "sources",
                        List.of("bhagavatam", "gita"),
                        "n",
                        3L))),
            RecordBatch.of(
                List.of(
                    Record.of(
                        "id",
                        "personality_buddha",
                        "p",
                        "buddha",
                        "sources",
                        List.of(),
                        "n",
                        1L))));
    PAssert.that(out.get(FlowTags.REJECTS)).empty();
    PipelineResult r = p.run();
    r.waitUntilFinish();
    assertThat(counter(r, "personalities.routed")).isEqualTo(2);
  }

  @Test
  void aggregateIsNotAPerRecordStep() {
    Step step = Steps.create("aggregate", Map.of("by", "p"));
    assertThatThrownBy(() -> step.apply(Record.of("p", "x")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("aggregate runs over all records of a flow, not per record");
    assertThatThrownBy(() -> Steps.create("aggregate", Map.of("collect_set", Map.of())))
        .hasMessage("step 'aggregate': missing argument 'by'");
  }
}
