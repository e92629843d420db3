package dev.ferry.io.sqlite;

/**
 * Splits the head of a SQLite statement into tokens, enough to find an object's name in a {@code
 * CREATE} statement: skips whitespace and comments, reads quoted identifiers ({@code "a b"}, {@code
 * [a b]}, {@code `a b`}, {@code 'a b'}) as one token, bare words, and any other character as a
 * one-character token.
 *
 * <pre>{@code
 * SqlTokens t = new SqlTokens("CREATE INDEX \"ix a\" ON t(a)");
 * t.next().text();   // CREATE
 * }</pre>
 */
final class SqlTokens {
  /** A token: its text (unquoted) and where it is in the statement. */
  record Token(String text, int start, int end, boolean quoted) {}

  private final String sql;
  private int pos;

  SqlTokens(String sql) {
    this.sql = sql;
  }

  /** The next token, or null at the end. */
  Token next() {
    skipSpace();
    if (pos >= sql.length()) {
      return null;
    }
    int start = pos;
    char c = sql.charAt(pos);
    char close =
        switch (c) {
          case '"' -> '"';
          case '\'' -> '\'';
          case '`' -> '`';
          case '[' -> ']';
          default -> 0;
        };
    if (close != 0) {
      StringBuilder sb = new StringBuilder();
      pos++;
      while (pos < sql.length()) {
        char d = sql.charAt(pos++);
        if (d == close) {
          if (close != ']' && pos < sql.length() && sql.charAt(pos) == close) {
            sb.append(d);
            pos++;
            continue;
          }
          return new Token(sb.toString(), start, pos, true);
        }
        sb.append(d);
      }
      throw new IllegalArgumentException("unterminated quote in: " + sql);
    }
    if (Character.isLetterOrDigit(c) || c == '_' || c == '$' || c > 127) {
      while (pos < sql.length()) {
        char d = sql.charAt(pos);
        if (!(Character.isLetterOrDigit(d) || d == '_' || d == '$' || d > 127)) {
          break;
        }
        pos++;
      }
      return new Token(sql.substring(start, pos), start, pos, false);
    }
    pos++;
    return new Token(String.valueOf(c), start, pos, false);
  }

  private void skipSpace() {
    while (pos < sql.length()) {
      char c = sql.charAt(pos);
      if (Character.isWhitespace(c)) {
        pos++;
      } else if (sql.startsWith("--", pos)) {
        int nl = sql.indexOf('\n', pos);
        pos = nl < 0 ? sql.length() : nl + 1;
      } else if (sql.startsWith("/*", pos)) {
        int endComment = sql.indexOf("*/", pos + 2);
        pos = endComment < 0 ? sql.length() : endComment + 2;
      } else {
        return;
      }
    }
  }
}
