package dev.ferry.io.sqlite;

/**
 * Quotes SQLite identifiers so that names with spaces, quotes or reserved words ({@code "Order
 * Details"}, {@code user}, {@code references}) can be used in generated SQL.
 *
 * <pre>{@code
 * SqliteIdentifiers.quote("Order Details");   // "\"Order Details\""
 * SqliteIdentifiers.quote("a\"b");            // "\"a\"\"b\""
 * }</pre>
 */
final class SqliteIdentifiers {
  private SqliteIdentifiers() {}

  static String quote(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }
}
