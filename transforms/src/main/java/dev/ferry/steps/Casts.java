package dev.ferry.steps;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.ferry.record.Json;
import dev.ferry.record.JsonCopy;
import dev.ferry.record.Record;
import dev.ferry.record.Values;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Plain conversion functions between Ferry's value kinds, shared by the {@code cast} step and by
 * writers that conform records to a target's column types. Every function maps null to null and
 * throws {@link CastException} with a message that shows the offending value.
 *
 * <pre>{@code
 * Long n = Casts.toInt("42");
 * Json j = Casts.toJson("{ \"a\": 1 }");       // {"a":1}
 * Instant t = Casts.toTimestamp("2024-05-01T08:00:00+02:00", TimestampRule.DEFAULT);
 * }</pre>
 */
public final class Casts {
  private static final JsonFactory JSON = new JsonFactory();

  private Casts() {}

  /** Converts to a 64-bit integer; fractional or out-of-range numbers are refused. */
  public static Long toInt(Object v) throws CastException {
    if (v == null || v instanceof Long) {
      return (Long) v;
    }
    if (v instanceof Boolean) {
      return ((Boolean) v) ? 1L : 0L;
    }
    if (v instanceof Double) {
      double d = (Double) v;
      if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 9.2e18) {
        return (long) d;
      }
      throw fail(v, "int", "not a whole number in range");
    }
    if (v instanceof BigDecimal) {
      try {
        return ((BigDecimal) v).longValueExact();
      } catch (ArithmeticException e) {
        throw fail(v, "int", "not a whole number in range");
      }
    }
    if (v instanceof String) {
      String s = ((String) v).trim();
      try {
        return Long.parseLong(s);
      } catch (NumberFormatException e) {
        try {
          return new BigDecimal(s).longValueExact();
        } catch (NumberFormatException | ArithmeticException e2) {
          throw fail(v, "int", "not an integer");
        }
      }
    }
    throw fail(v, "int", "no conversion from " + Values.kind(v));
  }

  /** Converts to a 64-bit float. */
  public static Double toFloat(Object v) throws CastException {
    if (v == null || v instanceof Double) {
      return (Double) v;
    }
    if (v instanceof Long) {
      return ((Long) v).doubleValue();
    }
    if (v instanceof BigDecimal) {
      return ((BigDecimal) v).doubleValue();
    }
    if (v instanceof String) {
      try {
        return Double.parseDouble(((String) v).trim());
      } catch (NumberFormatException e) {
        throw fail(v, "float", "not a number");
      }
    }
    throw fail(v, "float", "no conversion from " + Values.kind(v));
  }

  /** Converts to an exact decimal. */
  public static BigDecimal toDecimal(Object v) throws CastException {
    if (v == null || v instanceof BigDecimal) {
      return (BigDecimal) v;
    }
    if (v instanceof Long) {
      return BigDecimal.valueOf((Long) v);
    }
    if (v instanceof Double) {
      double d = (Double) v;
      if (!Double.isFinite(d)) {
        throw fail(v, "decimal", "not a finite number");
      }
      return new BigDecimal(Double.toString(d));
    }
    if (v instanceof String) {
      try {
        return new BigDecimal(((String) v).trim());
      } catch (NumberFormatException e) {
        throw fail(v, "decimal", "not a number");
      }
    }
    throw fail(v, "decimal", "no conversion from " + Values.kind(v));
  }

  /** Converts to a boolean: 0/1, and true/false, t/f, yes/no, y/n, on/off in any case. */
  public static Boolean toBool(Object v) throws CastException {
    if (v == null || v instanceof Boolean) {
      return (Boolean) v;
    }
    if (v instanceof Long) {
      long n = (Long) v;
      if (n == 0 || n == 1) {
        return n == 1;
      }
      throw fail(v, "bool", "only 0 and 1 are booleans");
    }
    if (v instanceof String) {
      switch (((String) v).trim().toLowerCase(Locale.ROOT)) {
        case "true":
        case "t":
        case "yes":
        case "y":
        case "on":
        case "1":
          return true;
        case "false":
        case "f":
        case "no":
        case "n":
        case "off":
        case "0":
          return false;
        default:
          throw fail(v, "bool", "not a boolean word");
      }
    }
    throw fail(v, "bool", "no conversion from " + Values.kind(v));
  }

  /** Converts to text; bytes must be valid UTF-8. */
  public static String toText(Object v) throws CastException {
    if (v == null || v instanceof String) {
      return (String) v;
    }
    if (v instanceof byte[]) {
      return decodeUtf8((byte[]) v);
    }
    if (v instanceof BigDecimal) {
      return ((BigDecimal) v).toPlainString();
    }
    if (v instanceof Json) {
      return ((Json) v).text();
    }
    if (v instanceof Record || v instanceof List || v instanceof float[]) {
      return toJson(v).text();
    }
    return v.toString();
  }

  /** Decodes strict UTF-8, refusing malformed input with the byte offset. */
  public static String decodeUtf8(byte[] b) throws CastException {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b))
          .toString();
    } catch (CharacterCodingException e) {
      throw new CastException("invalid UTF-8 in " + b.length + " bytes: " + e.getMessage());
    }
  }

  /**
   * Converts to JSON. Text (or UTF-8 bytes) must be exactly one valid JSON value; single-line text
   * is kept as written, text with line breaks or surrounding blanks is re-written compactly (keys
   * in their original order, numbers exact); records, lists, vectors and scalars become their JSON
   * form.
   */
  public static Json toJson(Object v) throws CastException {
    if (v == null || v instanceof Json) {
      return (Json) v;
    }
    if (v instanceof byte[]) {
      v = decodeUtf8((byte[]) v);
    }
    if (v instanceof String) {
      return Json.of(compactJson((String) v));
    }
    StringWriter sw = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(sw)) {
      writePlain(g, v);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Json.of(sw.toString());
  }

  private static String compactJson(String text) throws CastException {
    boolean trimmed =
        !text.isEmpty()
            && !Character.isWhitespace(text.charAt(0))
            && !Character.isWhitespace(text.charAt(text.length() - 1));
    // A valid single-line text is kept as written (validating without rewriting is about twice
    // as fast); only text with line breaks or surrounding blanks is rewritten compactly, so a
    // JSON value always fits on one JSONL line.
    if (trimmed && JsonSyntax.isValidOnOneLine(text)) {
      return text;
    }
    boolean oneLine = trimmed && text.indexOf('\n') < 0 && text.indexOf('\r') < 0;
    StringWriter sw = oneLine ? null : new StringWriter(text.length());
    try (JsonParser p = JSON.createParser(text);
        JsonGenerator g = oneLine ? null : JSON.createGenerator(sw)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        throw new CastException("invalid JSON: empty text");
      }
      if (oneLine) {
        p.skipChildren();
        p.finishToken();
      } else {
        JsonCopy.copyValue(p, g);
      }
      int end = (int) p.currentLocation().getCharOffset();
      int next = end;
      while (next < text.length() && Character.isWhitespace(text.charAt(next))) {
        next++;
      }
      if (next < text.length()) {
        throw new CastException(
            "invalid JSON: trailing content at "
                + position(text, next)
                + " in "
                + Values.toDisplayString(text));
      }
    } catch (JsonProcessingException e) {
      throw new CastException(
          "invalid JSON: "
              + e.getOriginalMessage()
              + (e.getLocation() == null
                  ? ""
                  : " at line "
                      + e.getLocation().getLineNr()
                      + " column "
                      + e.getLocation().getColumnNr())
              + " in "
              + Values.toDisplayString(text));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return oneLine ? text : sw.toString();
  }

  private static String position(String text, int index) {
    int line = 1;
    int column = 1;
    for (int i = 0; i < index; i++) {
      if (text.charAt(i) == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    return "line " + line + " column " + column;
  }

  private static void writePlain(JsonGenerator g, Object v) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof Boolean) {
      g.writeBoolean((Boolean) v);
    } else if (v instanceof Long) {
      g.writeNumber((Long) v);
    } else if (v instanceof Double) {
      g.writeNumber((Double) v);
    } else if (v instanceof BigDecimal) {
      g.writeNumber((BigDecimal) v);
    } else if (v instanceof String) {
      g.writeString((String) v);
    } else if (v instanceof byte[]) {
      g.writeString(Base64.getEncoder().encodeToString((byte[]) v));
    } else if (v instanceof Instant || v instanceof LocalDate) {
      g.writeString(v.toString());
    } else if (v instanceof Json) {
      g.writeRawValue(((Json) v).text());
    } else if (v instanceof float[]) {
      g.writeStartArray();
      for (float f : (float[]) v) {
        g.writeNumber(f);
      }
      g.writeEndArray();
    } else if (v instanceof List) {
      g.writeStartArray();
      for (Object o : (List<?>) v) {
        writePlain(g, o);
      }
      g.writeEndArray();
    } else if (v instanceof Record) {
      g.writeStartObject();
      for (Map.Entry<String, Object> e : ((Record) v).asMap().entrySet()) {
        g.writeFieldName(e.getKey());
        writePlain(g, e.getValue());
      }
      g.writeEndObject();
    } else {
      g.writeString(v.toString());
    }
  }

  /**
   * Converts to a timestamp (an instant). Text is tried against the rule's formats in order; values
   * without an offset are read in the rule's zone; numbers are epoch values in the rule's unit;
   * dates are midnight in the rule's zone.
   */
  public static Instant toTimestamp(Object v, TimestampRule rule) throws CastException {
    if (v == null || v instanceof Instant) {
      return (Instant) v;
    }
    if (v instanceof Long || v instanceof Double) {
      try {
        return fromEpoch(v, rule.epochUnit());
      } catch (java.time.DateTimeException | ArithmeticException e) {
        throw fail(v, "timestamp", "out of range for epoch " + rule.epochUnit());
      }
    }
    if (v instanceof LocalDate) {
      return ((LocalDate) v).atStartOfDay(rule.zoneId()).toInstant();
    }
    if (v instanceof String) {
      String s = ((String) v).trim();
      List<String> names = rule.formats();
      List<DateTimeFormatter> formatters = rule.formatters();
      for (int i = 0; i < formatters.size(); i++) {
        DateTimeFormatter f = formatters.get(i);
        if ("iso".equalsIgnoreCase(names.get(i))) {
          Instant fast = IsoTimestamps.parse(s, rule.zoneId());
          if (fast != null) {
            return fast;
          }
        }
        try {
          TemporalAccessor t = f.parse(s);
          return toInstant(t, rule);
        } catch (DateTimeParseException e) {
          // try the next format
        } catch (java.time.DateTimeException e) {
          throw fail(v, "timestamp", e.getMessage());
        }
      }
      throw fail(v, "timestamp", "matches none of the formats " + rule.formats());
    }
    throw fail(v, "timestamp", "no conversion from " + Values.kind(v));
  }

  private static Instant fromEpoch(Object v, String unit) throws CastException {
    if (v instanceof Long) {
      long n = (Long) v;
      switch (unit) {
        case "ms":
          return Instant.ofEpochMilli(n);
        case "us":
          return Instant.ofEpochSecond(
              Math.floorDiv(n, 1_000_000L), Math.floorMod(n, 1_000_000L) * 1000);
        default:
          return Instant.ofEpochSecond(n);
      }
    }
    double d = (Double) v;
    if (!Double.isFinite(d)) {
      throw fail(v, "timestamp", "not a finite number");
    }
    double scale = "ms".equals(unit) ? 1e3 : "us".equals(unit) ? 1e6 : 1;
    double seconds = d / scale;
    if (Math.abs(seconds) > 9.2e18) {
      throw new ArithmeticException("epoch seconds out of range");
    }
    long sec = (long) Math.floor(seconds);
    long nanos = Math.round((seconds - sec) * 1e9);
    return Instant.ofEpochSecond(sec, nanos);
  }

  private static Instant toInstant(TemporalAccessor t, TimestampRule rule) {
    LocalDate date = LocalDate.from(t);
    LocalDateTime ldt =
        t.isSupported(ChronoField.HOUR_OF_DAY)
            ? LocalDateTime.of(
                date,
                java.time.LocalTime.of(
                    t.get(ChronoField.HOUR_OF_DAY),
                    t.isSupported(ChronoField.MINUTE_OF_HOUR)
                        ? t.get(ChronoField.MINUTE_OF_HOUR)
                        : 0,
                    t.isSupported(ChronoField.SECOND_OF_MINUTE)
                        ? t.get(ChronoField.SECOND_OF_MINUTE)
                        : 0,
                    t.isSupported(ChronoField.NANO_OF_SECOND)
                        ? t.get(ChronoField.NANO_OF_SECOND)
                        : 0))
            : date.atStartOfDay();
    if (t.isSupported(ChronoField.OFFSET_SECONDS)) {
      return ldt.toInstant(java.time.ZoneOffset.ofTotalSeconds(t.get(ChronoField.OFFSET_SECONDS)));
    }
    return ldt.atZone(rule.zoneId()).toInstant();
  }

  /** Converts to a date: text {@code yyyy-MM-dd} (or a timestamp, whose date in the zone). */
  public static LocalDate toDate(Object v, TimestampRule rule) throws CastException {
    if (v == null || v instanceof LocalDate) {
      return (LocalDate) v;
    }
    if (v instanceof String) {
      String s = ((String) v).trim();
      try {
        return LocalDate.parse(s);
      } catch (DateTimeParseException e) {
        // fall through to a full timestamp
      }
    }
    Instant t = toTimestamp(v, rule);
    return t.atZone(rule.zoneId()).toLocalDate();
  }

  /** Converts to a float32 vector: a list of numbers, a JSON array text, or a vector. */
  public static float[] toVector(Object v) throws CastException {
    if (v == null || v instanceof float[]) {
      return (float[]) v;
    }
    if (v instanceof Json) {
      v = ((Json) v).text();
    }
    if (v instanceof String) {
      String s = ((String) v).trim();
      try (JsonParser p = JSON.createParser(s)) {
        if (p.nextToken() != JsonToken.START_ARRAY) {
          throw fail(v, "vector", "not a JSON array");
        }
        float[] buf = new float[64];
        int n = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
          if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
            throw fail(v, "vector", "element " + n + " is not a number");
          }
          if (n == buf.length) {
            buf = java.util.Arrays.copyOf(buf, n * 2);
          }
          buf[n++] = Float.parseFloat(p.getText());
        }
        if (p.nextToken() != null) {
          throw fail(v, "vector", "trailing content after the array");
        }
        return java.util.Arrays.copyOf(buf, n);
      } catch (JsonProcessingException e) {
        throw fail(v, "vector", "invalid JSON array: " + e.getOriginalMessage());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    if (v instanceof List) {
      List<?> l = (List<?>) v;
      float[] out = new float[l.size()];
      for (int i = 0; i < out.length; i++) {
        Object o = l.get(i);
        if (o instanceof Double) {
          out[i] = (float) (double) (Double) o;
        } else if (o instanceof Long) {
          out[i] = (float) (long) (Long) o;
        } else if (o instanceof BigDecimal) {
          out[i] = ((BigDecimal) o).floatValue();
        } else {
          throw fail(v, "vector", "element " + i + " is " + Values.kind(o) + ", not a number");
        }
      }
      return out;
    }
    throw fail(v, "vector", "no conversion from " + Values.kind(v));
  }

  /** Converts to bytes: text becomes its UTF-8 encoding. */
  public static byte[] toBytes(Object v) throws CastException {
    if (v == null || v instanceof byte[]) {
      return (byte[]) v;
    }
    if (v instanceof String) {
      return ((String) v).getBytes(StandardCharsets.UTF_8);
    }
    throw fail(v, "bytes", "no conversion from " + Values.kind(v));
  }

  private static CastException fail(Object v, String to, String why) {
    return new CastException(
        "cannot cast "
            + Values.kind(v)
            + " "
            + Values.toDisplayString(v)
            + " to "
            + to
            + ": "
            + why);
  }
}
