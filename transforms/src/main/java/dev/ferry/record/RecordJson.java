package dev.ferry.record;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Converts records to and from one line of JSON, keeping every value kind: the JSONL format of
 * rejects, backups and file targets. JSON-native kinds are written as they are; the others are
 * wrapped in a one-key object: {@code {"$bytes": base64}}, {@code {"$timestamp": ISO-8601}}, {@code
 * {"$date": "2024-05-01"}}, {@code {"$decimal": "1.50"}}, {@code {"$vector": [..]}}, {@code
 * {"$json": value}}, and {@code {"$float": "NaN"}} for non-finite floats. A record whose first
 * field name is one of these tags is written as {@code {"$record": {...}}} so it reads back as a
 * record. Vectors keep their values exactly, except NaN payloads (written as {@code "NaN"}).
 *
 * <pre>{@code
 * String line = RecordJson.write(record);
 * Record back = RecordJson.read(line);   // equal to record
 * }</pre>
 */
public final class RecordJson {
  private static final JsonFactory FACTORY = new JsonFactory();

  private RecordJson() {}

  /** One line of JSON (no newline) for the record. */
  public static String write(Record r) {
    StringWriter sw = new StringWriter(256);
    try (JsonGenerator g = FACTORY.createGenerator(sw)) {
      writeRecord(g, r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sw.toString();
  }

  /**
   * Writes records as JSON Lines into {@code out} through one generator (cheaper than {@link
   * #write} per record on bulk paths); each line is what {@link #write} returns, plus a newline.
   * Closing it flushes, and closes {@code out}.
   */
  public static Lines lines(java.io.Writer out) {
    try {
      JsonGenerator g = FACTORY.createGenerator(out);
      g.setRootValueSeparator(null);
      return new Lines(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A JSON Lines writer: see {@link #lines}. */
  public static final class Lines implements AutoCloseable {
    private final JsonGenerator g;

    private Lines(JsonGenerator g) {
      this.g = g;
    }

    public void write(Record r) throws IOException {
      writeRecord(g, r);
      g.writeRaw('\n');
    }

    @Override
    public void close() throws IOException {
      g.close();
    }
  }

  /** Parses one JSON object into a record; fails with the parser's position on bad JSON. */
  public static Record read(String line) {
    try (JsonParser p = FACTORY.createParser(line)) {
      JsonToken t = p.nextToken();
      if (t != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("expected a JSON object, found " + t);
      }
      Object v = readObject(p, true);
      if (!(v instanceof Record)) {
        throw new IllegalArgumentException("expected a JSON object, found a typed value");
      }
      if (p.nextToken() != null) {
        throw new IllegalArgumentException("trailing content after the JSON object");
      }
      return (Record) v;
    } catch (IOException e) {
      throw new IllegalArgumentException("invalid JSON: " + e.getMessage(), e);
    }
  }

  static void writeRecord(JsonGenerator g, Record r) throws IOException {
    if (!r.isEmpty() && isTag(r.nameAt(0))) {
      // A plain record whose first name looks like a type tag is wrapped so it reads back as-is.
      g.writeStartObject();
      g.writeFieldName("$record");
      writePlainRecord(g, r);
      g.writeEndObject();
    } else {
      writePlainRecord(g, r);
    }
  }

  private static void writePlainRecord(JsonGenerator g, Record r) throws IOException {
    g.writeStartObject();
    for (int i = 0; i < r.size(); i++) {
      g.writeFieldName(r.nameAt(i));
      writeValue(g, r.valueAt(i));
    }
    g.writeEndObject();
  }

  static void writeValue(JsonGenerator g, Object v) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof Boolean) {
      g.writeBoolean((Boolean) v);
    } else if (v instanceof Long) {
      g.writeNumber((Long) v);
    } else if (v instanceof Double) {
      double d = (Double) v;
      if (Double.isFinite(d)) {
        g.writeNumber(d);
      } else {
        tagged(g, "$float", Double.toString(d));
      }
    } else if (v instanceof BigDecimal) {
      tagged(g, "$decimal", ((BigDecimal) v).toString());
    } else if (v instanceof String) {
      g.writeString((String) v);
    } else if (v instanceof byte[]) {
      tagged(g, "$bytes", Base64.getEncoder().encodeToString((byte[]) v));
    } else if (v instanceof Instant) {
      tagged(g, "$timestamp", IsoInstants.format((Instant) v));
    } else if (v instanceof LocalDate) {
      tagged(g, "$date", v.toString());
    } else if (v instanceof Json) {
      g.writeStartObject();
      g.writeFieldName("$json");
      g.writeRawValue(((Json) v).text());
      g.writeEndObject();
    } else if (v instanceof float[]) {
      g.writeStartObject();
      g.writeFieldName("$vector");
      g.writeStartArray();
      for (float f : (float[]) v) {
        if (Float.isFinite(f)) {
          g.writeNumber(f);
        } else {
          g.writeString(Float.toString(f));
        }
      }
      g.writeEndArray();
      g.writeEndObject();
    } else if (v instanceof List) {
      g.writeStartArray();
      for (Object o : (List<?>) v) {
        writeValue(g, o);
      }
      g.writeEndArray();
    } else if (v instanceof Record) {
      writeRecord(g, (Record) v);
    } else {
      throw new IllegalArgumentException("cannot write " + v.getClass().getName() + " as JSON");
    }
  }

  private static void tagged(JsonGenerator g, String tag, String text) throws IOException {
    g.writeStartObject();
    g.writeStringField(tag, text);
    g.writeEndObject();
  }

  private static Object readValue(JsonParser p, JsonToken t) throws IOException {
    switch (t) {
      case VALUE_NULL:
        return null;
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NUMBER_INT:
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
          return new BigDecimal(p.getBigIntegerValue());
        }
        return p.getLongValue();
      case VALUE_NUMBER_FLOAT:
        return p.getDoubleValue();
      case VALUE_STRING:
        return p.getText();
      case START_ARRAY:
        {
          List<Object> l = new ArrayList<>();
          JsonToken x;
          while ((x = p.nextToken()) != JsonToken.END_ARRAY) {
            l.add(readValue(p, x));
          }
          return l;
        }
      case START_OBJECT:
        return readObject(p, true);
      default:
        throw new IllegalArgumentException("unexpected JSON token " + t);
    }
  }

  /**
   * Reads an object whose START_OBJECT was consumed: a typed wrapper (when {@code tags}) or a
   * nested record.
   */
  private static Object readObject(JsonParser p, boolean tags) throws IOException {
    Record r = new Record();
    JsonToken t;
    boolean first = true;
    while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
      String name = p.currentName();
      JsonToken vt = p.nextToken();
      if (first && tags && isTag(name)) {
        Object typed = readTagged(p, name, vt);
        if (p.nextToken() != JsonToken.END_OBJECT) {
          throw new IllegalArgumentException("typed value " + name + " must be the only key");
        }
        return typed;
      }
      first = false;
      r.put(name, readValue(p, vt));
    }
    return r;
  }

  private static boolean isTag(String name) {
    switch (name) {
      case "$bytes":
      case "$timestamp":
      case "$date":
      case "$decimal":
      case "$vector":
      case "$json":
      case "$float":
      case "$record":
        return true;
      default:
        return false;
    }
  }

  private static Object readTagged(JsonParser p, String tag, JsonToken vt) throws IOException {
    switch (tag) {
      case "$bytes":
        return Base64.getDecoder().decode(p.getText());
      case "$timestamp":
        return Instant.parse(p.getText());
      case "$date":
        return LocalDate.parse(p.getText());
      case "$decimal":
        return new BigDecimal(p.getText());
      case "$float":
        return Double.parseDouble(p.getText());
      case "$record":
        if (vt != JsonToken.START_OBJECT) {
          throw new IllegalArgumentException("$record must hold an object");
        }
        return readObject(p, false);
      case "$json":
        {
          StringWriter sw = new StringWriter();
          try (JsonGenerator g = FACTORY.createGenerator(sw)) {
            JsonCopy.copyValue(p, g);
          }
          return Json.of(sw.toString());
        }
      case "$vector":
        {
          if (vt != JsonToken.START_ARRAY) {
            throw new IllegalArgumentException("$vector must hold an array");
          }
          float[] buf = new float[16];
          int n = 0;
          JsonToken x;
          while ((x = p.nextToken()) != JsonToken.END_ARRAY) {
            // Parsed from the text directly: going through double could round twice.
            float f = Float.parseFloat(p.getText());
            if (n == buf.length) {
              buf = java.util.Arrays.copyOf(buf, n * 2);
            }
            buf[n++] = f;
          }
          return java.util.Arrays.copyOf(buf, n);
        }
      default:
        throw new IllegalArgumentException("unknown tag " + tag);
    }
  }
}
