package dev.ferry.steps;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class IsoTimestampsTest {
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  @Test
  void parsesTheCommonShapes() {
    assertThat(IsoTimestamps.parse("2024-05-01 08:00:00.000000", ZoneOffset.UTC))
        .isEqualTo(Instant.parse("2024-05-01T08:00:00Z"));
    assertThat(IsoTimestamps.parse("2024-05-01T08:00:00.123456789", ZoneOffset.UTC))
        .isEqualTo(Instant.parse("2024-05-01T08:00:00.123456789Z"));
    assertThat(IsoTimestamps.parse("2024-05-01T08:00:00.5", ZoneOffset.UTC))
        .isEqualTo(Instant.parse("2024-05-01T08:00:00.500Z"));
    assertThat(IsoTimestamps.parse("2024-05-01t08:00", ZoneOffset.UTC))
        .isEqualTo(Instant.parse("2024-05-01T08:00:00Z"));
    assertThat(IsoTimestamps.parse("2024-05-01", PARIS))
        .isEqualTo(Instant.parse("2024-04-30T22:00:00Z"));
    assertThat(IsoTimestamps.parse("2024-05-01 08:00:00", PARIS))
        .isEqualTo(Instant.parse("2024-05-01T06:00:00Z"));
    assertThat(IsoTimestamps.parse("2024-05-01T08:00:00+02:00", ZoneOffset.UTC))
        .isEqualTo(Instant.parse("2024-05-01T06:00:00Z"));
    assertThat(IsoTimestamps.parse("2024-05-01T08:00:00-0530", ZoneOffset.UTC))
        .isEqualTo(Instant.parse("2024-05-01T13:30:00Z"));
    assertThat(IsoTimestamps.parse("2024-05-01T08:00:00+02", ZoneOffset.UTC))
        .isEqualTo(Instant.parse("2024-05-01T06:00:00Z"));
    assertThat(IsoTimestamps.parse("2024-05-01T08:00:00z", PARIS))
        .isEqualTo(Instant.parse("2024-05-01T08:00:00Z"));
  }

  @Test
  void leavesEverythingElseToTheFormatter() {
    for (String s :
        new String[] {
          "2024-02-30", // no such day: the formatter names the problem
          "2024-05-01 24:00:00",
          "2024-05-01 08:00:60",
          "2024-05-01 08:00:00.",
          "2024-05-01 08:00:00.1234567890",
          "2024-05-0108:00",
          "2024-05-01 08:00:00+2",
          "2024-05-01 08:00:00 +02:00",
          "yesterday afternoon",
          "2024/05/01",
          "20240501"
        }) {
      assertThat(IsoTimestamps.parse(s, ZoneOffset.UTC)).as(s).isNull();
    }
  }

  @Test
  void theCastGivesTheSameAnswerWithAndWithoutTheFastPath() throws Exception {
    TimestampRule iso = TimestampRule.of(java.util.List.of("iso"), "Europe/Paris", "s");
    TimestampRule pattern =
        TimestampRule.of(java.util.List.of("yyyy-MM-dd HH:mm:ss.SSSSSS"), "Europe/Paris", "s");
    assertThat(Casts.toTimestamp("2024-10-27 02:30:00.250000", iso))
        .isEqualTo(Casts.toTimestamp("2024-10-27 02:30:00.250000", pattern));
  }
}
