package dev.ferry.io.cosmos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link CosmosWriteBudget} spreads reservations at the budget's rate, on a given clock. */
class CosmosWriteBudgetTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void eachReservationWaitsUntilTheDocumentsBeforeItHaveHadTheirTime() {
    CosmosWriteBudget b = new CosmosWriteBudget(100);
    long t0 = 5 * SECOND;
    assertThat(b.reserve(50, t0)).isZero(); // the first chunk goes at once
    assertThat(b.reserve(100, t0 + SECOND / 10)).isEqualTo(SECOND * 4 / 10); // at t0 + 0.5 s
    assertThat(b.reserve(10, t0 + SECOND)).isEqualTo(SECOND / 2); // at t0 + 1.5 s
    // After an idle spell the budget has room again: no credit is saved up beyond that.
    assertThat(b.reserve(100, t0 + 10 * SECOND)).isZero();
    assertThat(b.reserve(1, t0 + 10 * SECOND)).isEqualTo(SECOND);
  }

  @Test
  void writersOfOneContainerShareOneBudgetPerRate() {
    assertThat(CosmosWriteBudget.shared("h|db|c", 10))
        .isSameAs(CosmosWriteBudget.shared("h|db|c", 10));
    assertThat(CosmosWriteBudget.shared("h|db|c", 10))
        .isNotSameAs(CosmosWriteBudget.shared("h|db|other", 10));
    assertThat(CosmosWriteBudget.shared("h|db|c", 20).docsPerSecond()).isEqualTo(20);
    assertThatThrownBy(() -> new CosmosWriteBudget(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cosmos write budget must be positive, got 0");
  }
}
