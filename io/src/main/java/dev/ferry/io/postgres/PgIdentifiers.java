package dev.ferry.io.postgres;

import dev.ferry.io.schema.ColumnDef;
import dev.ferry.io.schema.TableDef;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL identifiers: quoting, and the 63-byte limit. PostgreSQL silently truncates longer
 * names, so two long column names that share their first 63 bytes would become one column; {@link
 * #checkTable} and {@link #checkTables} refuse such definitions before anything is written.
 *
 * <pre>{@code
 * PgIdentifiers.quote("Order Details");          // "Order Details" (with the double quotes)
 * PgIdentifiers.qualified("sales", "order");     // "sales"."order"
 * PgIdentifiers.checkTable(tableDef);            // throws if two columns collide
 * }</pre>
 */
public final class PgIdentifiers {
  /** PostgreSQL's identifier limit in bytes (NAMEDATALEN - 1). */
  public static final int MAX_BYTES = 63;

  private PgIdentifiers() {}

  /**
   * Quotes an identifier with double quotes, doubling any embedded double quote, so reserved words,
   * spaces and mixed case survive exactly.
   *
   * @throws IllegalArgumentException if the name is empty or contains a NUL character
   */
  public static String quote(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("PostgreSQL identifier must not be empty");
    }
    if (name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(
          "PostgreSQL identifier must not contain the NUL character: '"
              + name.replace("\0", "\\0")
              + "'");
    }
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  /** {@code "schema"."name"}, both quoted. */
  public static String qualified(String schema, String name) {
    return quote(schema) + "." + quote(name);
  }

  /**
   * The name PostgreSQL will actually use: the longest prefix of at most 63 UTF-8 bytes that does
   * not split a character.
   */
  public static String truncated(String name) {
    byte[] b = name.getBytes(StandardCharsets.UTF_8);
    if (b.length <= MAX_BYTES) {
      return name;
    }
    int bytes = 0;
    int i = 0;
    while (i < name.length()) {
      int cp = name.codePointAt(i);
      int len = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (bytes + len > MAX_BYTES) {
        break;
      }
      bytes += len;
      i += Character.charCount(cp);
    }
    return name.substring(0, i);
  }

  /**
   * Refuses a table whose column names would collide in PostgreSQL: equal names, or names equal
   * after truncation to 63 bytes.
   *
   * @throws IllegalArgumentException naming the table and both full column names
   */
  public static void checkTable(TableDef table) {
    Map<String, String> seen = new HashMap<>();
    for (ColumnDef c : table.columns()) {
      quote(c.name());
      String t = truncated(c.name());
      String before = seen.putIfAbsent(t, c.name());
      if (before == null) {
        continue;
      }
      if (before.equals(c.name())) {
        throw new IllegalArgumentException(
            "table '" + table.name() + "': column '" + c.name() + "' is declared twice");
      }
      throw new IllegalArgumentException(
          "table '"
              + table.name()
              + "': columns '"
              + before
              + "' and '"
              + c.name()
              + "' both become '"
              + t
              + "' because PostgreSQL truncates identifiers to "
              + MAX_BYTES
              + " bytes; rename one of them");
    }
  }

  /**
   * Refuses a set of tables bound for one schema when two table names would collide there, and
   * checks each table's columns with {@link #checkTable}.
   *
   * @throws IllegalArgumentException naming the schema and both full table names
   */
  public static void checkTables(String schema, List<TableDef> tables) {
    Map<String, String> seen = new HashMap<>();
    for (TableDef table : tables) {
      quote(table.name());
      String t = truncated(table.name());
      String before = seen.putIfAbsent(t, table.name());
      if (before != null) {
        if (before.equals(table.name())) {
          throw new IllegalArgumentException(
              "schema '" + schema + "': table '" + table.name() + "' is declared twice");
        }
        throw new IllegalArgumentException(
            "schema '"
                + schema
                + "': tables '"
                + before
                + "' and '"
                + table.name()
                + "' both become '"
                + t
                + "' because PostgreSQL truncates identifiers to "
                + MAX_BYTES
                + " bytes; rename one of them");
      }
      checkTable(table);
    }
  }
}
