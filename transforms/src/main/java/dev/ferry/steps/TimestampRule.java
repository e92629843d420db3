package dev.ferry.steps;

import java.io.Serializable;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How text and numbers become timestamps: the formats tried in order, the time zone assumed for
 * values that carry no offset, and the unit of epoch numbers. Formats are {@link DateTimeFormatter}
 * patterns or the keyword {@code iso}: ISO-8601 date-times with {@code T} or a space, 0-9 fraction
 * digits and an optional offset ({@code Z}, {@code +02:00}, {@code +0200}), or a bare date. Numbers
 * are epoch values in {@link #epochUnit()} ({@code s}, {@code ms}, {@code us}).
 *
 * <pre>{@code
 * TimestampRule r = TimestampRule.of(List.of("iso", "dd/MM/yyyy HH:mm"), "Europe/Paris", "s");
 * Instant t = Casts.toTimestamp("2024-05-01 08:00:00.000000", r);
 * }</pre>
 */
public final class TimestampRule implements Serializable {
  private static final long serialVersionUID = 1L;

  /** ISO-8601 formats, the UTC zone for values without offset, epoch numbers in seconds. */
  public static final TimestampRule DEFAULT = new TimestampRule(List.of("iso"), "UTC", "s");

  private final List<String> formats;
  private final String zone;
  private final String epochUnit;
  private transient List<DateTimeFormatter> formatters;
  private transient ZoneId zoneId;

  private TimestampRule(List<String> formats, String zone, String epochUnit) {
    this.formats = List.copyOf(formats);
    this.zone = zone;
    this.epochUnit = epochUnit;
  }

  /**
   * A rule; every argument is checked now so a bad spec fails before any pipeline starts.
   *
   * @throws IllegalArgumentException naming the bad format, zone or unit
   */
  public static TimestampRule of(List<String> formats, String zone, String epochUnit) {
    List<String> f = formats == null || formats.isEmpty() ? List.of("iso") : formats;
    String z = zone == null ? "UTC" : zone;
    String u = epochUnit == null ? "s" : epochUnit;
    if (!List.of("s", "ms", "us").contains(u)) {
      throw new IllegalArgumentException("epoch unit must be s, ms or us, not '" + u + "'");
    }
    try {
      ZoneId.of(z);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("unknown time zone '" + z + "'", e);
    }
    for (String p : f) {
      try {
        formatter(p);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "invalid timestamp format '" + p + "': " + e.getMessage(), e);
      }
    }
    return new TimestampRule(f, z, u);
  }

  public List<String> formats() {
    return formats;
  }

  public String zone() {
    return zone;
  }

  public String epochUnit() {
    return epochUnit;
  }

  ZoneId zoneId() {
    if (zoneId == null) {
      zoneId = ZoneId.of(zone);
    }
    return zoneId;
  }

  List<DateTimeFormatter> formatters() {
    if (formatters == null) {
      List<DateTimeFormatter> out = new ArrayList<>();
      for (String p : formats) {
        out.add(formatter(p));
      }
      formatters = out;
    }
    return formatters;
  }

  private static DateTimeFormatter formatter(String pattern) {
    if ("iso".equalsIgnoreCase(pattern)) {
      return ISO;
    }
    // Strict, so 2024-02-30 is refused rather than moved to the 29th; the default era lets
    // patterns use the familiar yyyy (year-of-era) under strict resolution.
    return new DateTimeFormatterBuilder()
        .appendPattern(pattern)
        .parseDefaulting(ChronoField.ERA, 1)
        .toFormatter(Locale.ROOT)
        .withResolverStyle(ResolverStyle.STRICT);
  }

  private static final DateTimeFormatter ISO =
      new DateTimeFormatterBuilder()
          .parseCaseInsensitive()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .optionalStart()
          .optionalStart()
          .appendLiteral('T')
          .optionalEnd()
          .optionalStart()
          .appendLiteral(' ')
          .optionalEnd()
          .appendValue(ChronoField.HOUR_OF_DAY, 2)
          .appendLiteral(':')
          .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
          .optionalStart()
          .appendLiteral(':')
          .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .optionalEnd()
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HH:MM", "Z")
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HHMM", "Z")
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HH", "Z")
          .optionalEnd()
          .optionalEnd()
          .toFormatter(Locale.ROOT)
          .withResolverStyle(ResolverStyle.STRICT);

  @Override
  public String toString() {
    return "formats " + formats + ", zone " + zone + ", epoch unit " + epochUnit;
  }
}
