package dev.ferry.steps;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A fast path for the {@code iso} timestamp format: scans {@code yyyy-MM-dd}, optionally followed
 * by {@code T} or a space and {@code HH:mm[:ss[.f…]]} with 1-9 fraction digits, and an optional
 * offset ({@code Z}, {@code ±HH:MM}, {@code ±HHMM}, {@code ±HH}). It accepts exactly what the
 * {@code iso} formatter accepts in these shapes and answers null for anything else, so the caller
 * falls back to the formatter (and its messages). {@code DateTimeFormatter.parse} allocates maps on
 * every call and dominated migrations of timestamp-heavy tables.
 *
 * <pre>{@code
 * Instant t = IsoTimestamps.parse("2024-05-01 08:00:00.000000", ZoneOffset.UTC);
 * }</pre>
 */
final class IsoTimestamps {
  private IsoTimestamps() {}

  /** The instant, or null when the text is not in one of the fast shapes or not a valid time. */
  static Instant parse(String s, ZoneId zone) {
    int n = s.length();
    if (n < 10 || s.charAt(4) != '-' || s.charAt(7) != '-') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    if (year < 0 || month < 0 || day < 0) {
      return null;
    }
    int hour = 0;
    int minute = 0;
    int second = 0;
    int nanos = 0;
    int i = 10;
    if (i < n && (s.charAt(i) == 'T' || s.charAt(i) == 't' || s.charAt(i) == ' ')) {
      if (n < i + 6 || s.charAt(i + 3) != ':') {
        return null;
      }
      hour = digits(s, i + 1, 2);
      minute = digits(s, i + 4, 2);
      if (hour < 0 || minute < 0) {
        return null;
      }
      i += 6;
      if (i < n && s.charAt(i) == ':') {
        second = digits(s, i + 1, 2);
        if (second < 0) {
          return null;
        }
        i += 3;
        if (i < n && s.charAt(i) == '.') {
          int start = ++i;
          while (i < n && i - start < 9 && isDigit(s.charAt(i))) {
            nanos = nanos * 10 + (s.charAt(i) - '0');
            i++;
          }
          int count = i - start;
          if (count == 0 || (i < n && isDigit(s.charAt(i)))) {
            return null;
          }
          for (int k = count; k < 9; k++) {
            nanos *= 10;
          }
        }
      }
    }
    ZoneOffset offset = null;
    if (i < n) {
      char c = s.charAt(i);
      if ((c == 'Z' || c == 'z') && i + 1 == n) {
        offset = ZoneOffset.UTC;
      } else if (c == '+' || c == '-') {
        int rest = n - i - 1;
        int oh;
        int om = 0;
        if (rest == 2) {
          oh = digits(s, i + 1, 2);
        } else if (rest == 4) {
          oh = digits(s, i + 1, 2);
          om = digits(s, i + 3, 2);
        } else if (rest == 5 && s.charAt(i + 3) == ':') {
          oh = digits(s, i + 1, 2);
          om = digits(s, i + 4, 2);
        } else {
          return null;
        }
        if (oh < 0 || om < 0 || oh > 18 || om > 59) {
          return null;
        }
        int total = oh * 3600 + om * 60;
        offset = ZoneOffset.ofTotalSeconds(c == '-' ? -total : total);
      } else {
        return null;
      }
    }
    try {
      LocalDateTime t = LocalDateTime.of(year, month, day, hour, minute, second, nanos);
      if (offset != null) {
        return t.toInstant(offset);
      }
      if (zone instanceof ZoneOffset) {
        return t.toInstant((ZoneOffset) zone);
      }
      return t.atZone(zone).toInstant();
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static int digits(String s, int from, int count) {
    if (from + count > s.length()) {
      return -1;
    }
    int v = 0;
    for (int k = from; k < from + count; k++) {
      char c = s.charAt(k);
      if (!isDigit(c)) {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
