package dev.ferry.steps;

/**
 * A fast, allocation-free check that a text is exactly one well-formed JSON value (RFC 8259, as
 * Jackson's default parser reads it: no comments, no single quotes, no leading zeros, no NaN, no
 * unescaped control characters, no trailing commas). Bulk casts to JSON call it first and keep the
 * text as written when it passes; a text it does not pass goes through the full parser, which gives
 * the exact error. It is deliberately conservative: very deep nesting or very long numbers are
 * reported as not passed, so the full parser decides.
 *
 * <pre>{@code
 * JsonSyntax.isValid("{\"a\":[1,2.5e3,true,null]}")  // true
 * JsonSyntax.isValid("{'a':1}")                        // false
 * }</pre>
 */
public final class JsonSyntax {
  private static final int MAX_DEPTH = 256;
  private static final int MAX_NUMBER_LENGTH = 100;

  private final String s;
  private final int n;
  private int i;

  private JsonSyntax(String s) {
    this.s = s;
    this.n = s.length();
  }

  /** Whether {@code text} is one JSON value, optionally surrounded by JSON whitespace. */
  public static boolean isValid(String text) {
    JsonSyntax p = new JsonSyntax(text);
    p.skipSpace();
    if (!p.value(0)) {
      return false;
    }
    p.skipSpace();
    return p.i == p.n;
  }

  private boolean value(int depth) {
    if (i >= n) {
      return false;
    }
    char c = s.charAt(i);
    switch (c) {
      case '{':
        return depth < MAX_DEPTH && object(depth + 1);
      case '[':
        return depth < MAX_DEPTH && array(depth + 1);
      case '"':
        return string();
      case 't':
        return literal("true");
      case 'f':
        return literal("false");
      case 'n':
        return literal("null");
      default:
        return (c == '-' || (c >= '0' && c <= '9')) && number();
    }
  }

  private boolean object(int depth) {
    i++; // '{'
    skipSpace();
    if (i < n && s.charAt(i) == '}') {
      i++;
      return true;
    }
    while (true) {
      if (i >= n || s.charAt(i) != '"' || !string()) {
        return false;
      }
      skipSpace();
      if (i >= n || s.charAt(i) != ':') {
        return false;
      }
      i++;
      skipSpace();
      if (!value(depth)) {
        return false;
      }
      skipSpace();
      if (i >= n) {
        return false;
      }
      char c = s.charAt(i++);
      if (c == '}') {
        return true;
      }
      if (c != ',') {
        return false;
      }
      skipSpace();
    }
  }

  private boolean array(int depth) {
    i++; // '['
    skipSpace();
    if (i < n && s.charAt(i) == ']') {
      i++;
      return true;
    }
    while (true) {
      if (!value(depth)) {
        return false;
      }
      skipSpace();
      if (i >= n) {
        return false;
      }
      char c = s.charAt(i++);
      if (c == ']') {
        return true;
      }
      if (c != ',') {
        return false;
      }
      skipSpace();
    }
  }

  private boolean string() {
    i++; // opening quote
    while (i < n) {
      char c = s.charAt(i++);
      if (c == '"') {
        return true;
      }
      if (c < 0x20) {
        return false;
      }
      if (c == '\\') {
        if (i >= n) {
          return false;
        }
        char e = s.charAt(i++);
        switch (e) {
          case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
            break;
          case 'u':
            if (i + 4 > n) {
              return false;
            }
            for (int k = 0; k < 4; k++) {
              if (Character.digit(s.charAt(i++), 16) < 0) {
                return false;
              }
            }
            break;
          default:
            return false;
        }
      }
    }
    return false;
  }

  private boolean number() {
    int start = i;
    if (s.charAt(i) == '-') {
      i++;
    }
    if (i >= n) {
      return false;
    }
    char c = s.charAt(i);
    if (c == '0') {
      i++;
    } else if (c >= '1' && c <= '9') {
      while (i < n && isDigit(s.charAt(i))) {
        i++;
      }
    } else {
      return false;
    }
    if (i < n && s.charAt(i) == '.') {
      i++;
      if (!digits()) {
        return false;
      }
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      if (!digits()) {
        return false;
      }
    }
    if (i - start > MAX_NUMBER_LENGTH) {
      return false;
    }
    // A number must end at a delimiter: "01" or "1x" are not numbers.
    return i >= n || isDelimiter(s.charAt(i));
  }

  private boolean digits() {
    int start = i;
    while (i < n && isDigit(s.charAt(i))) {
      i++;
    }
    return i > start;
  }

  private boolean literal(String word) {
    if (!s.startsWith(word, i)) {
      return false;
    }
    i += word.length();
    return i >= n || isDelimiter(s.charAt(i));
  }

  private void skipSpace() {
    while (i < n) {
      char c = s.charAt(i);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      i++;
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isDelimiter(char c) {
    return c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }
}
