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
  private static final int MAX_DEPTH = 64;
  private static final int MAX_NUMBER_LENGTH = 100;

  private final String s;
  private final int n;
  private final boolean lineBreaks;
  private int i;

  private JsonSyntax(String s, boolean lineBreaks) {
    this.s = s;
    this.n = s.length();
    this.lineBreaks = lineBreaks;
  }

  /** Whether {@code text} is one JSON value, optionally surrounded by JSON whitespace. */
  public static boolean isValid(String text) {
    return new JsonSyntax(text, true).valid();
  }

  /**
   * As {@link #isValid}, and on one line: false for a text with a line break ({@code \n} or {@code
   * \r}) anywhere, so a caller that needs one-line JSON does not scan the text for them first.
   */
  public static boolean isValidOnOneLine(String text) {
    return new JsonSyntax(text, false).valid();
  }

  /**
   * One loop over the text, no recursion: the open containers are bits of {@code objects} (1 for an
   * object, 0 for an array, innermost at bit {@code depth - 1}). A small method compiles quickly,
   * where a recursive descent was inlined into itself by the JIT at a cost of half a second.
   */
  private boolean valid() {
    long objects = 0;
    int depth = 0;
    boolean key = false; // whether the next token is an object's key
    skipSpace();
    while (true) {
      if (i >= n) {
        return false;
      }
      char c = s.charAt(i);
      if (key) {
        if (c != '"' || !string()) {
          return false;
        }
        skipSpace();
        if (i >= n || s.charAt(i) != ':') {
          return false;
        }
        i++;
        skipSpace();
        key = false;
        continue;
      }
      if (c == '{' || c == '[') {
        if (depth >= MAX_DEPTH) {
          return false;
        }
        boolean object = c == '{';
        objects = object ? objects | (1L << depth) : objects & ~(1L << depth);
        depth++;
        i++;
        skipSpace();
        if (i >= n || s.charAt(i) != (object ? '}' : ']')) {
          key = object;
          continue;
        }
        i++;
        depth--;
      } else if (!scalar(c)) {
        return false;
      }
      // After a value: close containers until one goes on with a comma, or the text ends.
      while (true) {
        skipSpace();
        if (depth == 0) {
          return i == n;
        }
        if (i >= n) {
          return false;
        }
        boolean inObject = (objects & (1L << (depth - 1))) != 0;
        char d = s.charAt(i++);
        if (d == ',') {
          skipSpace();
          key = inObject;
          break;
        }
        if (d != (inObject ? '}' : ']')) {
          return false;
        }
        depth--;
      }
    }
  }

  /** A string, number or literal starting at {@code c}. */
  private boolean scalar(char c) {
    switch (c) {
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
      if (c != ' ' && c != '\t' && ((c != '\n' && c != '\r') || !lineBreaks)) {
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
