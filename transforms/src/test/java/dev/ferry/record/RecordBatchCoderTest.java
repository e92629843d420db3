package dev.ferry.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;

class RecordBatchCoderTest {
  private final RecordBatchCoder coder = RecordBatchCoder.of();

  private RecordBatch roundTrip(RecordBatch b) throws Exception {
    return CoderUtils.decodeFromByteArray(coder, CoderUtils.encodeToByteArray(coder, b));
  }

  @Test
  void roundTripsEveryKindAndMixedShapes() throws Exception {
    RecordBatch b =
        RecordBatch.of(
            List.of(
                Samples.everyKind(),
                Record.of("text", "second", "only_here", 7L),
                new Record(),
                Record.of("int", 1L, "text", "order swapped")));
    RecordBatch back = roundTrip(b);
    assertThat(back).isEqualTo(b);
    assertThat(back.records().get(1).names()).containsExactly("text", "only_here");
    assertThat(back.records().get(3).names()).containsExactly("int", "text");
  }

  @Test
  void emptyBatch() throws Exception {
    assertThat(roundTrip(RecordBatch.empty())).isEqualTo(RecordBatch.empty());
    assertThat(roundTrip(RecordBatch.empty()).isEmpty()).isTrue();
    // length 2, no names, no records
    assertThat(CoderUtils.encodeToByteArray(coder, RecordBatch.empty())).containsExactly(2, 0, 0);
  }

  @Test
  void namesAreWrittenOncePerBatch() throws Exception {
    Record r = Record.of("a_rather_long_field_name", 1L);
    int one = CoderUtils.encodeToByteArray(coder, RecordBatch.of(List.of(r))).length;
    int two = CoderUtils.encodeToByteArray(coder, RecordBatch.of(List.of(r, r))).length;
    assertThat(two - one).isEqualTo(4); // field count, name index, tag, value
  }

  @Test
  void satisfiesBeamCoderProperties() throws Exception {
    RecordBatch b = RecordBatch.of(List.of(Samples.everyKind(), Record.of("x", 1L)));
    RecordBatch same = RecordBatch.of(List.of(Samples.everyKind(), Record.of("x", 1L)));
    CoderProperties.coderDecodeEncodeEqual(coder, b);
    CoderProperties.coderDeterministic(coder, b, same);
    CoderProperties.coderSerializable(coder);
    CoderProperties.coderDecodeEncodeEqual(coder, RecordBatch.empty());
    assertThat(CoderUtils.encodeToByteArray(coder, b))
        .isEqualTo(CoderUtils.encodeToByteArray(coder, same));
  }
}
