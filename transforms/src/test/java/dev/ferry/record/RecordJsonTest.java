package dev.ferry.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordJsonTest {
  @Test
  void roundTripsEveryKind() {
    Record r = Samples.everyKind();
    r.put("vector", new float[] {0.1f, -0.0f, Float.NaN, Float.POSITIVE_INFINITY, 1e-45f});
    Record back = RecordJson.read(RecordJson.write(r));
    assertThat(back).isEqualTo(r);
    assertThat(back.names()).containsExactlyElementsOf(r.names());
  }

  @Test
  void writesTheDocumentedForm() {
    Record r =
        Record.of(
            "n",
            null,
            "b",
            true,
            "i",
            7L,
            "f",
            1.5,
            "nan",
            Double.NaN,
            "d",
            new BigDecimal("1.50"),
            "s",
            "x",
            "bytes",
            new byte[] {1, 2},
            "t",
            Instant.parse("2024-05-01T08:00:00Z"),
            "day",
            LocalDate.of(2024, 5, 1),
            "j",
            Json.of("{\"a\":[1,2.50]}"),
            "v",
            new float[] {1f, Float.NaN},
            "l",
            List.of(1L, "a"),
            "r",
            Record.of("x", 1L));
    assertThat(RecordJson.write(r))
        .isEqualTo(
            "{\"n\":null,\"b\":true,\"i\":7,\"f\":1.5,\"nan\":{\"$float\":\"NaN\"},"
                + "\"d\":{\"$decimal\":\"1.50\"},\"s\":\"x\",\"bytes\":{\"$bytes\":\"AQI=\"},"
                + "\"t\":{\"$timestamp\":\"2024-05-01T08:00:00Z\"},\"day\":{\"$date\":\"2024-05-01\"},"
                + "\"j\":{\"$json\":{\"a\":[1,2.50]}},\"v\":{\"$vector\":[1.0,\"NaN\"]},"
                + "\"l\":[1,\"a\"],\"r\":{\"x\":1}}");
  }

  @Test
  void jsonValuesKeepTheirNumbersExactly() {
    Record r = Record.of("j", Json.of("{\"a\":1.10,\"b\":1e400,\"c\":12345678901234567890.5}"));
    Record back = RecordJson.read(RecordJson.write(r));
    assertThat(((Json) back.get("j")).text())
        .isEqualTo("{\"a\":1.10,\"b\":1e400,\"c\":12345678901234567890.5}");
  }

  @Test
  void vectorFloatsAreExact() {
    float[] v = {0.1f, 1.0000001f, 3.4028235e38f, 1.17549435e-38f, -7.006492e-45f};
    Record back = RecordJson.read(RecordJson.write(Record.of("v", v)));
    assertThat((float[]) back.get("v")).containsExactly(v);
  }

  @Test
  void recordsWhoseFirstNameLooksLikeATagReadBackAsRecords() {
    Record r =
        Record.of("meta", Record.of("$date", "not a date", "x", 1L), "$json", Record.of("$x", 1L));
    String line = RecordJson.write(r);
    assertThat(line)
        .isEqualTo(
            "{\"meta\":{\"$record\":{\"$date\":\"not a date\",\"x\":1}},"
                + "\"$json\":{\"$x\":1}}");
    assertThat(RecordJson.read(line)).isEqualTo(r);
    Record top = Record.of("$vector", "text", "n", 1L);
    assertThat(RecordJson.write(top)).isEqualTo("{\"$record\":{\"$vector\":\"text\",\"n\":1}}");
    assertThat(RecordJson.read(RecordJson.write(top))).isEqualTo(top);
  }

  @Test
  void bigIntegersBecomeDecimals() {
    assertThat(RecordJson.read("{\"n\":123456789012345678901234567890}"))
        .isEqualTo(Record.of("n", new BigDecimal("123456789012345678901234567890")));
  }

  @Test
  void refusesWhatIsNotOneObject() {
    assertThatThrownBy(() -> RecordJson.read("[1]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected a JSON object, found START_ARRAY");
    assertThatThrownBy(() -> RecordJson.read("{\"a\":1} {}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("trailing content after the JSON object");
    assertThatThrownBy(() -> RecordJson.read("{\"$date\":\"2024-05-01\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected a JSON object, found a typed value");
    assertThatThrownBy(() -> RecordJson.read("{\"a\":"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid JSON: Unexpected end-of-input");
  }

  @Test
  void linesWriterWritesWhatWriteDoesOnePerLine() throws Exception {
    Record a = Record.of("id", 1L, "at", java.time.Instant.parse("2024-05-01T08:00:00.250Z"));
    Record b = Record.of("$id", "not a tag", "v", new float[] {1.5f, -0f});
    java.io.StringWriter out = new java.io.StringWriter();
    try (RecordJson.Lines lines = RecordJson.lines(out)) {
      lines.write(a);
      lines.write(b);
    }
    assertThat(out.toString())
        .isEqualTo(RecordJson.write(a) + "\n" + RecordJson.write(b) + "\n")
        .isEqualTo(
            "{\"id\":1,\"at\":{\"$timestamp\":\"2024-05-01T08:00:00.250Z\"}}\n"
                + "{\"$id\":\"not a tag\",\"v\":{\"$vector\":[1.5,-0.0]}}\n");
  }
}
