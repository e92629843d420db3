package dev.ferry.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IsoInstantsTest {
  @Test
  void formatsAsInstantToString() {
    for (String s :
        new String[] {
          "2024-05-01T08:00:00Z",
          "2024-05-01T08:00:00.250Z",
          "2024-05-01T08:00:00.000250Z",
          "2024-05-01T08:00:00.000000250Z",
          "1970-01-01T00:00:00Z",
          "1969-12-31T23:59:59.999999999Z",
          "0001-01-01T00:00:00Z",
          "9999-12-31T23:59:59.999Z",
          "+10000-01-01T00:00:00Z",
          "-0001-06-01T12:00:00Z"
        }) {
      Instant t = Instant.parse(s);
      assertThat(IsoInstants.format(t)).isEqualTo(t.toString()).isEqualTo(s);
    }
  }

  @Test
  void agreesWithInstantToStringOnRandomInstants() {
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < 100_000; i++) {
      long seconds = random.nextLong(-70_000_000_000L, 260_000_000_000L);
      int nano =
          switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1000;
            default -> random.nextInt(1_000_000_000);
          };
      Instant t = Instant.ofEpochSecond(seconds, nano);
      assertThat(IsoInstants.format(t)).isEqualTo(t.toString());
    }
  }
}
