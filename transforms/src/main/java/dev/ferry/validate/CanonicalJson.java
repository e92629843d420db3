package dev.ferry.validate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The canonical text of a JSON value, equal for JSON documents that mean the same: object keys
 * sorted, no whitespace, numbers by their exact value ({@code 1.0}, {@code 1}, {@code 1e0} and
 * {@code 1.00} are all {@code 1}; no rounding through double), and for a key given twice the last
 * value, as PostgreSQL's JSONB keeps it. So a value and its JSONB round trip have the same
 * canonical text.
 *
 * <pre>{@code
 * CanonicalJson.of("{ \"b\": 1.50, \"a\": [true] }");   // {"a":[true],"b":1.5}
 * }</pre>
 */
public final class CanonicalJson {
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final Object NULL = new Object();

  private CanonicalJson() {}

  /**
   * The canonical text.
   *
   * @throws IllegalArgumentException if the text is not exactly one JSON value
   */
  public static String of(String json) {
    Object tree;
    try (JsonParser p = FACTORY.createParser(json)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new IllegalArgumentException("invalid JSON: empty text");
      }
      tree = read(p, t);
      if (p.nextToken() != null) {
        throw new IllegalArgumentException("invalid JSON: trailing content");
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("invalid JSON: " + e.getMessage(), e);
    }
    StringWriter sw = new StringWriter(json.length());
    try (JsonGenerator g = FACTORY.createGenerator(sw)) {
      write(g, tree);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sw.toString();
  }

  /** The canonical text of a number: its exact value with no trailing zeros. */
  static String number(BigDecimal d) {
    BigDecimal s = d.stripTrailingZeros();
    int exp = s.precision() - s.scale() - 1;
    return exp >= -7 && exp < 21 ? s.toPlainString() : s.toString();
  }

  private static Object read(JsonParser p, JsonToken t) throws IOException {
    switch (t) {
      case START_OBJECT:
        {
          Map<String, Object> m = new TreeMap<>();
          while (p.nextToken() != JsonToken.END_OBJECT) {
            String name = p.currentName();
            m.put(name, read(p, p.nextToken()));
          }
          return m;
        }
      case START_ARRAY:
        {
          List<Object> l = new ArrayList<>();
          JsonToken x;
          while ((x = p.nextToken()) != JsonToken.END_ARRAY) {
            l.add(read(p, x));
          }
          return l;
        }
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return new BigDecimal(p.getText());
      case VALUE_STRING:
        return p.getText();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return NULL;
      default:
        throw new IOException("unexpected JSON token " + t);
    }
  }

  private static void write(JsonGenerator g, Object v) throws IOException {
    if (v == NULL) {
      g.writeNull();
    } else if (v instanceof Boolean) {
      g.writeBoolean((Boolean) v);
    } else if (v instanceof BigDecimal) {
      g.writeNumber(number((BigDecimal) v));
    } else if (v instanceof String) {
      g.writeString((String) v);
    } else if (v instanceof List) {
      g.writeStartArray();
      for (Object o : (List<?>) v) {
        write(g, o);
      }
      g.writeEndArray();
    } else {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        g.writeFieldName((String) e.getKey());
        write(g, e.getValue());
      }
      g.writeEndObject();
    }
  }
}
