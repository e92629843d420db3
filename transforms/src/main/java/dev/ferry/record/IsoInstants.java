package dev.ferry.record;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Formats an {@link Instant} exactly as {@link Instant#toString()} does ({@code
 * 2024-05-01T08:00:00.250Z}: the fraction in groups of three digits, none when zero) without the
 * general formatter's per-call objects; bulk writes of JSON Lines format one timestamp per record.
 * Years outside 0001-9999 go through {@link Instant#toString()}.
 *
 * <pre>{@code
 * IsoInstants.format(Instant.parse("2024-05-01T08:00:00.250Z"))  // "2024-05-01T08:00:00.250Z"
 * }</pre>
 */
public final class IsoInstants {
  private static final long MIN = LocalDate.of(1, 1, 1).toEpochDay() * 86_400L;
  private static final long MAX = LocalDate.of(10_000, 1, 1).toEpochDay() * 86_400L;

  private IsoInstants() {}

  public static String format(Instant t) {
    long seconds = t.getEpochSecond();
    if (seconds < MIN || seconds >= MAX) {
      return t.toString();
    }
    long day = Math.floorDiv(seconds, 86_400L);
    int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
    LocalDate date = LocalDate.ofEpochDay(day);
    int nano = t.getNano();
    char[] c = new char[30];
    int n = 0;
    n = digits(c, n, date.getYear(), 4);
    c[n++] = '-';
    n = digits(c, n, date.getMonthValue(), 2);
    c[n++] = '-';
    n = digits(c, n, date.getDayOfMonth(), 2);
    c[n++] = 'T';
    n = digits(c, n, secondOfDay / 3600, 2);
    c[n++] = ':';
    n = digits(c, n, secondOfDay / 60 % 60, 2);
    c[n++] = ':';
    n = digits(c, n, secondOfDay % 60, 2);
    if (nano != 0) {
      c[n++] = '.';
      if (nano % 1_000_000 == 0) {
        n = digits(c, n, nano / 1_000_000, 3);
      } else if (nano % 1000 == 0) {
        n = digits(c, n, nano / 1000, 6);
      } else {
        n = digits(c, n, nano, 9);
      }
    }
    c[n++] = 'Z';
    return new String(c, 0, n);
  }

  private static int digits(char[] c, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      c[i] = (char) ('0' + value % 10);
      value /= 10;
    }
    return at + width;
  }
}
