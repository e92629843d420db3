package dev.ferry.io.ranges;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.BoundedSource;
import org.apache.beam.sdk.io.Read;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.SourceTestUtils;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;

class RangeSourceTest {
  private static final PipelineOptions OPTIONS = PipelineOptionsFactory.create();
  private static final List<String> RANGES = List.of("[0,10)", "[10,20)", "[20,30)", "[30,)");

  @Test
  void everyRangeIsASplitOfItsOwnWhateverSizeIsAsked() throws Exception {
    BoundedSource<String> source = source(RANGES);
    assertThat(source.getEstimatedSizeBytes(OPTIONS)).isEqualTo(4);
    for (long size : new long[] {1, 2, 1_000_000}) {
      List<? extends BoundedSource<String>> splits = source.split(size, OPTIONS);
      List<List<String>> read = new ArrayList<>();
      for (BoundedSource<String> s : splits) {
        read.add(SourceTestUtils.readFromSource(s, OPTIONS));
      }
      assertThat(read)
          .containsExactly(
              List.of("[0,10)"), List.of("[10,20)"), List.of("[20,30)"), List.of("[30,)"));
    }
    SourceTestUtils.assertSourcesEqualReferenceSource(source, source.split(1, OPTIONS), OPTIONS);
  }

  @Test
  void aSourceOfOneRangeOrNoneIsNotSplit() throws Exception {
    BoundedSource<String> one = source(List.of("all"));
    List<BoundedSource<String>> splits = new ArrayList<>(one.split(1, OPTIONS));
    assertThat(splits).containsExactly(one);
    assertThat(SourceTestUtils.readFromSource(one, OPTIONS)).containsExactly("all");
    BoundedSource<String> none = source(List.of());
    assertThat(SourceTestUtils.readFromSource(none, OPTIONS)).isEmpty();
  }

  @Test
  void aPipelineReadsEveryRangeOnce() {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.fromArgs("--targetParallelism=2").create());
    PCollection<String> ranges = p.apply(RangeSource.read(RANGES, StringUtf8Coder.of()));
    PAssert.that(ranges).containsInAnyOrder(RANGES);
    p.run().waitUntilFinish();
  }

  @Test
  void aPlannedSourceAsksItsPlanWhenSplitAndGivesOneSplitPerRange() throws Exception {
    BoundedSource<String> source = planned(() -> RANGES);
    assertThat(source.getEstimatedSizeBytes(OPTIONS)).isZero();
    List<? extends BoundedSource<String>> splits = source.split(0, OPTIONS);
    List<List<String>> read = new ArrayList<>();
    for (BoundedSource<String> s : splits) {
      assertThat(s.getEstimatedSizeBytes(OPTIONS)).isEqualTo(1);
      read.add(SourceTestUtils.readFromSource(s, OPTIONS));
    }
    assertThat(read)
        .containsExactly(
            List.of("[0,10)"), List.of("[10,20)"), List.of("[20,30)"), List.of("[30,)"));
    // Read without splitting, it plans and reads every range in order.
    assertThat(SourceTestUtils.readFromSource(source, OPTIONS)).containsExactlyElementsOf(RANGES);

    List<? extends BoundedSource<String>> one = planned(() -> List.of("all")).split(0, OPTIONS);
    assertThat(one).hasSize(1);
    assertThat(SourceTestUtils.readFromSource(one.get(0), OPTIONS)).containsExactly("all");
    assertThat(planned(List::of).split(0, OPTIONS)).hasSize(1);
    assertThat(SourceTestUtils.readFromSource(planned(List::of), OPTIONS)).isEmpty();
  }

  @Test
  void aPlanThatFailsFailsTheSplitAndTheReadWithItsMessage() {
    BoundedSource<String> source =
        planned(
            () -> {
              throw new java.io.IOException("collection 'app.users': server not reachable");
            });
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> source.split(0, OPTIONS))
        .isInstanceOf(java.io.IOException.class)
        .hasMessage("collection 'app.users': server not reachable");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> source.createReader(OPTIONS))
        .isInstanceOf(java.io.IOException.class)
        .hasMessage("collection 'app.users': server not reachable");
    BoundedSource<String> checked =
        planned(
            () -> {
              throw new java.sql.SQLException("relation \"app.items\" does not exist");
            });
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> checked.createReader(OPTIONS))
        .isInstanceOf(java.io.IOException.class)
        .hasMessage("relation \"app.items\" does not exist")
        .hasCauseInstanceOf(java.sql.SQLException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> RangeSource.planned(null, StringUtf8Coder.of()))
        .hasMessage("RangeSource.planned: plan must not be null");
  }

  @Test
  void aPipelineReadsEveryPlannedRangeOnce() {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.fromArgs("--targetParallelism=2").create());
    PCollection<String> ranges = p.apply(RangeSource.planned(() -> RANGES, StringUtf8Coder.of()));
    PAssert.that(ranges).containsInAnyOrder(RANGES);
    p.run().waitUntilFinish();
  }

  @SuppressWarnings("unchecked")
  private static BoundedSource<String> planned(RangeSource.Plan<String> plan) {
    return ((Read.Bounded<String>) RangeSource.planned(plan, StringUtf8Coder.of())).getSource();
  }

  @SuppressWarnings("unchecked")
  private static BoundedSource<String> source(List<String> ranges) {
    Read.Bounded<String> read =
        (Read.Bounded<String>) RangeSource.read(ranges, StringUtf8Coder.of());
    return read.getSource();
  }
}
