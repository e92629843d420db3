package dev.ferry.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;

class RecordCoderTest {
  private final RecordCoder coder = RecordCoder.of();

  private Record roundTrip(Record r) throws CoderException {
    return CoderUtils.decodeFromByteArray(coder, CoderUtils.encodeToByteArray(coder, r));
  }

  @Test
  void roundTripsEveryKind() throws Exception {
    Record r = Samples.everyKind();
    Record back = roundTrip(r);
    assertThat(back).isEqualTo(r);
    assertThat(back.names()).containsExactlyElementsOf(r.names());
    assertThat(back.toString()).isEqualTo(r.toString());
  }

  @Test
  void vectorsAndFloatsAreBitExact() throws Exception {
    Record back = roundTrip(Samples.everyKind());
    float[] v = (float[]) back.get("vector");
    assertThat(v).hasSize(6);
    assertThat(Float.floatToRawIntBits(v[0])).isEqualTo(Float.floatToRawIntBits(0.1f));
    assertThat(Float.floatToRawIntBits(v[1])).isEqualTo(0x80000000);
    assertThat(Float.floatToRawIntBits(v[2])).isEqualTo(0x7fc00000);
    assertThat(Float.floatToRawIntBits(v[3])).isEqualTo(0x7fc00123);
    assertThat(Float.floatToRawIntBits(v[4])).isEqualTo(0x7f800000);
    assertThat(Float.floatToRawIntBits(v[5])).isEqualTo(1);
    assertThat(Double.doubleToRawLongBits((Double) back.get("negzero")))
        .isEqualTo(0x8000000000000000L);
    assertThat((Double) back.get("nan")).isNaN();
    assertThat(back.get("inf")).isEqualTo(Double.NEGATIVE_INFINITY);
  }

  @Test
  void keepsDecimalScaleAndNestedStructure() throws Exception {
    Record back = roundTrip(Samples.everyKind());
    assertThat(back.get("decimal").toString()).isEqualTo("12345678901234567890.1230");
    assertThat(back.getPath("nested.deeper.l")).isEqualTo(List.of("q"));
    assertThat((float[]) back.getPath("nested.deeper.v")).containsExactly(1f, 2f);
    assertThat(back.get("list_of_records")).isEqualTo(List.of(Record.of("k", "v"), Record.of()));
  }

  @Test
  void emptyRecordRoundTrips() throws Exception {
    assertThat(roundTrip(new Record())).isEqualTo(new Record());
    assertThat(CoderUtils.encodeToByteArray(coder, new Record())).containsExactly(1, 0);
  }

  @Test
  void satisfiesBeamCoderProperties() throws Exception {
    Record r = Samples.everyKind();
    CoderProperties.coderDecodeEncodeEqual(coder, r);
    CoderProperties.coderDeterministic(coder, r, Samples.everyKind());
    CoderProperties.coderConsistentWithEquals(coder, r, Samples.everyKind());
    CoderProperties.coderConsistentWithEquals(coder, r, Record.of("a", 1L));
    CoderProperties.coderSerializable(coder);
    coder.verifyDeterministic();
  }

  @Test
  void equalRecordsEncodeToEqualBytes() throws Exception {
    byte[] a = CoderUtils.encodeToByteArray(coder, Samples.everyKind());
    byte[] b = CoderUtils.encodeToByteArray(coder, Samples.everyKind());
    assertThat(a).isEqualTo(b);
    assertThat(RecordCoder.toBytes(Samples.everyKind()))
        .isEqualTo(RecordCoder.toBytes(Samples.everyKind()));
  }

  @Test
  void fieldOrderMattersForEqualityAndBytes() throws Exception {
    Record ab = Record.of("a", 1L, "b", 2L);
    Record ba = Record.of("b", 2L, "a", 1L);
    assertThat(ab).isNotEqualTo(ba);
    assertThat(CoderUtils.encodeToByteArray(coder, ab))
        .isNotEqualTo(CoderUtils.encodeToByteArray(coder, ba));
  }

  @Test
  void refusesNullAndTruncatedInput() throws Exception {
    assertThatThrownBy(() -> CoderUtils.encodeToByteArray(coder, null))
        .isInstanceOf(CoderException.class)
        .hasMessage("cannot encode a null Record");
    byte[] good = CoderUtils.encodeToByteArray(coder, Record.of("a", "hello"));
    byte[] bad = good.clone();
    bad[0] = (byte) (good[0] - 2); // the length prefix now cuts the value short
    assertThatThrownBy(() -> coder.decode(new ByteArrayInputStream(bad)))
        .isInstanceOf(IOException.class)
        .hasMessage("bad length 5 in Ferry record encoding");
  }

  @Test
  void refusesAnUnknownTag() {
    byte[] bad = {3, 1, 0, 99}; // one field, empty name, tag 99
    assertThatThrownBy(() -> coder.decode(new ByteArrayInputStream(bad)))
        .isInstanceOf(IOException.class)
        .hasMessage("unknown value tag 99 in Ferry record encoding");
  }
}
