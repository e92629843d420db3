package dev.ferry.record;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Copies one JSON value from a Jackson parser to a generator keeping numbers exactly as written.
 * Jackson's own {@code copyCurrentStructure} goes through double: {@code 1.10} would become {@code
 * 1.1}, {@code 1e400} the string {@code "Infinity"} and long decimals would lose digits.
 *
 * <pre>{@code
 * parser.nextToken();
 * JsonCopy.copyValue(parser, generator);
 * }</pre>
 */
public final class JsonCopy {
  private JsonCopy() {}

  /** Copies the value starting at the parser's current token, leaving the parser on its end. */
  public static void copyValue(JsonParser p, JsonGenerator g) throws IOException {
    int depth = 0;
    do {
      JsonToken t = p.currentToken();
      if (t == null) {
        throw new JsonParseException(p, "Unexpected end-of-input", p.currentLocation());
      }
      switch (t) {
        case START_OBJECT:
          g.writeStartObject();
          depth++;
          break;
        case START_ARRAY:
          g.writeStartArray();
          depth++;
          break;
        case END_OBJECT:
          g.writeEndObject();
          depth--;
          break;
        case END_ARRAY:
          g.writeEndArray();
          depth--;
          break;
        case FIELD_NAME:
          g.writeFieldName(p.currentName());
          break;
        case VALUE_NUMBER_INT:
        case VALUE_NUMBER_FLOAT:
          g.writeNumber(p.getText());
          break;
        case VALUE_STRING:
          g.writeString(p.getText());
          break;
        case VALUE_TRUE:
        case VALUE_FALSE:
          g.writeBoolean(t == JsonToken.VALUE_TRUE);
          break;
        case VALUE_NULL:
          g.writeNull();
          break;
        default:
          throw new JsonParseException(p, "unexpected JSON token " + t, p.currentLocation());
      }
    } while (depth > 0 && p.nextToken() != null);
    if (depth > 0) {
      throw new JsonParseException(p, "Unexpected end-of-input", p.currentLocation());
    }
  }
}
