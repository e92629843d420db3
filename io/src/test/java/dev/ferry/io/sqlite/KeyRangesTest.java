package dev.ferry.io.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyRangesTest {

  @Test
  void splitsEvenlyWithLargerRangesFirst() {
    assertThat(KeyRanges.split(1, 10, 3))
        .containsExactly(new KeyRange(1, 4), new KeyRange(5, 7), new KeyRange(8, 10));
  }

  @Test
  void exactDivision() {
    assertThat(KeyRanges.split(0, 99, 4))
        .containsExactly(
            new KeyRange(0, 24), new KeyRange(25, 49), new KeyRange(50, 74), new KeyRange(75, 99));
  }

  @Test
  void oneRangeIsTheWholeInterval() {
    assertThat(KeyRanges.split(-5, 5, 1)).containsExactly(new KeyRange(-5, 5));
  }

  @Test
  void emptyIntervalGivesNoRanges() {
    assertThat(KeyRanges.split(5, 4, 3)).isEmpty();
    assertThat(KeyRanges.split(Long.MAX_VALUE, Long.MIN_VALUE, 3)).isEmpty();
  }

  @Test
  void singleKey() {
    assertThat(KeyRanges.split(7, 7, 64)).containsExactly(new KeyRange(7, 7));
  }

  @Test
  void moreRangesThanKeysGivesOnePerKey() {
    assertThat(KeyRanges.split(1, 3, 10))
        .containsExactly(new KeyRange(1, 1), new KeyRange(2, 2), new KeyRange(3, 3));
  }

  @Test
  void wholeLongDomainWithoutOverflow() {
    List<KeyRange> r = KeyRanges.split(Long.MIN_VALUE, Long.MAX_VALUE, 4);
    assertThat(r)
        .containsExactly(
            new KeyRange(Long.MIN_VALUE, -4611686018427387905L),
            new KeyRange(-4611686018427387904L, -1),
            new KeyRange(0, 4611686018427387903L),
            new KeyRange(4611686018427387904L, Long.MAX_VALUE));
    assertCovers(r, Long.MIN_VALUE, Long.MAX_VALUE);
  }

  @Test
  void extremesAtTheEdges() {
    assertThat(KeyRanges.split(Long.MAX_VALUE - 2, Long.MAX_VALUE, 2))
        .containsExactly(
            new KeyRange(Long.MAX_VALUE - 2, Long.MAX_VALUE - 1),
            new KeyRange(Long.MAX_VALUE, Long.MAX_VALUE));
    assertThat(KeyRanges.split(Long.MIN_VALUE, Long.MIN_VALUE + 1, 5))
        .containsExactly(
            new KeyRange(Long.MIN_VALUE, Long.MIN_VALUE),
            new KeyRange(Long.MIN_VALUE + 1, Long.MIN_VALUE + 1));
  }

  @Test
  void coversContiguouslyForManyShapes() {
    long[][] intervals = {{0, 0}, {1, 2240}, {-1000, 1000}, {3, 100_003}, {-7, 13}};
    for (long[] iv : intervals) {
      for (int n = 1; n <= 70; n++) {
        List<KeyRange> r = KeyRanges.split(iv[0], iv[1], n);
        long span = iv[1] - iv[0] + 1;
        assertThat(r).hasSize((int) Math.min(n, span));
        assertCovers(r, iv[0], iv[1]);
        long smallest = r.stream().mapToLong(KeyRange::size).min().orElseThrow();
        long largest = r.stream().mapToLong(KeyRange::size).max().orElseThrow();
        assertThat(largest - smallest).isLessThanOrEqualTo(1);
      }
    }
  }

  @Test
  void refusesFewerThanOneRange() {
    assertThatThrownBy(() -> KeyRanges.split(1, 10, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("number of ranges must be at least 1, was 0");
  }

  @Test
  void rangeRefusesLoAboveHi() {
    assertThatThrownBy(() -> new KeyRange(2, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  private static void assertCovers(List<KeyRange> ranges, long min, long max) {
    assertThat(ranges.get(0).lo()).isEqualTo(min);
    assertThat(ranges.get(ranges.size() - 1).hi()).isEqualTo(max);
    BigInteger total = BigInteger.ZERO;
    for (int i = 0; i < ranges.size(); i++) {
      KeyRange k = ranges.get(i);
      total =
          total.add(
              BigInteger.valueOf(k.hi()).subtract(BigInteger.valueOf(k.lo())).add(BigInteger.ONE));
      if (i > 0) {
        assertThat(k.lo()).isEqualTo(ranges.get(i - 1).hi() + 1);
      }
    }
    assertThat(total)
        .isEqualTo(BigInteger.valueOf(max).subtract(BigInteger.valueOf(min)).add(BigInteger.ONE));
  }
}
