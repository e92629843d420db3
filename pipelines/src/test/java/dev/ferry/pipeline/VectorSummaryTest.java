package dev.ferry.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.record.Record;
import dev.ferry.record.RecordJson;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The summary's plain parts: a batch's tally, and tallies added into the summary line. */
class VectorSummaryTest {
  private static final Record A = Record.of("id", "a", "embedding", new float[] {1f, 2f});
  private static final Record B = Record.of("id", "b", "embedding", new float[] {3f});

  @Test
  void tallyCountsSumsAndListsDimensions() {
    long fa = VectorMath.fingerprint("a", new float[] {1f, 2f});
    long fb = VectorMath.fingerprint("b", new float[] {3f});
    assertThat(VectorSummary.tally(List.of(A, B, Record.of("id", "c"))))
        .isEqualTo(Record.of("count", 2L, "digest", fa + fb, "dimensions", List.of(1L, 2L)));
    assertThat(VectorSummary.tally(List.of()))
        .isEqualTo(Record.of("count", 0L, "digest", 0L, "dimensions", List.of()));
  }

  @Test
  void talliesAddUpToTheSummaryLine() {
    VectorSummary.AddTalliesFn fn =
        new VectorSummary.AddTalliesFn(new VectorFacts.Config("f", "docs", 2, "cosine", 5, 20, 42));
    Record acc = fn.addInput(fn.createAccumulator(), VectorSummary.tally(List.of(A)));
    acc = fn.mergeAccumulators(List.of(acc, VectorSummary.tally(List.of(B))));
    assertThat(RecordJson.read(fn.extractOutput(acc)))
        .isEqualTo(
            Record.of(
                "collection", "docs",
                "dimension", 2L,
                "space", "cosine",
                "count", 2L,
                "digest",
                    VectorMath.fingerprint("a", new float[] {1f, 2f})
                        + VectorMath.fingerprint("b", new float[] {3f}),
                "dimensions", List.of(1L, 2L),
                "k", 5L,
                "samples", 20L,
                "seed", 42L));
    assertThat(RecordJson.read(fn.extractOutput(fn.createAccumulator())).get("count"))
        .isEqualTo(0L);
  }
}
