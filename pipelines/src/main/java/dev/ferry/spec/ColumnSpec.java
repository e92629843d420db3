package dev.ferry.spec;

import dev.ferry.io.schema.ColumnDef;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One column of a target table as a flow's {@code to.columns} defines it: {@code <type> [not null]
 * [primary key]}, keywords case-insensitive. The type is kept as written (it is the target's word,
 * such as {@code text}, {@code double precision}, {@code numeric(10, 2)} or {@code vector(1024)});
 * any other word after it is an error.
 *
 * <pre>{@code
 * ColumnSpec id = ColumnSpec.parse("id", "text primary key");
 * // new ColumnSpec("id", "text", false, true)
 * }</pre>
 *
 * @param name the column's name
 * @param type the column's type as written
 * @param notNull whether {@code not null} was given
 * @param primaryKey whether {@code primary key} was given
 */
public record ColumnSpec(String name, String type, boolean notNull, boolean primaryKey) {
  /** Words that may continue a multi-word type, as in {@code timestamp with time zone}. */
  private static final Set<String> TYPE_WORDS =
      Set.of("precision", "varying", "with", "without", "time", "zone");

  private static final String EXPECTED = "(expected '<type> [not null] [primary key]')";

  public ColumnSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
  }

  /**
   * Parses a column definition.
   *
   * @throws IllegalArgumentException naming the word that is not understood
   */
  public static ColumnSpec parse(String name, String definition) {
    List<String> words = words(definition);
    if (words.isEmpty()) {
      throw new IllegalArgumentException("empty column definition " + EXPECTED);
    }
    String first = lower(words.get(0));
    if (first.equals("not") || first.equals("null") || first.equals("primary")) {
      throw new IllegalArgumentException("missing type before '" + words.get(0) + "' " + EXPECTED);
    }
    StringBuilder type = new StringBuilder(words.get(0));
    int i = 1;
    while (i < words.size() && continuesType(words.get(i))) {
      type.append(' ').append(words.get(i++));
    }
    boolean notNull = false;
    boolean primaryKey = false;
    while (i < words.size()) {
      String word = lower(words.get(i));
      String second = word.equals("not") ? "null" : word.equals("primary") ? "key" : null;
      if (second == null) {
        throw unknown(words.get(i), definition);
      }
      if (i + 1 == words.size()) {
        throw new IllegalArgumentException(
            "'" + words.get(i) + "' must be followed by '" + second + "' in '" + definition + "'");
      }
      if (!lower(words.get(i + 1)).equals(second)) {
        throw unknown(words.get(i + 1), definition);
      }
      boolean repeated = word.equals("not") ? notNull : primaryKey;
      if (repeated) {
        throw new IllegalArgumentException(
            "'" + word + " " + second + "' given twice in '" + definition + "'");
      }
      if (word.equals("not")) {
        notNull = true;
      } else {
        primaryKey = true;
      }
      i += 2;
    }
    return new ColumnSpec(name, type.toString(), notNull, primaryKey);
  }

  /** This column as a store-neutral column definition; a primary key column is not nullable. */
  public ColumnDef toColumnDef() {
    return new ColumnDef(name, type, !(notNull || primaryKey), null);
  }

  private static IllegalArgumentException unknown(String word, String definition) {
    return new IllegalArgumentException(
        "unknown word '" + word + "' in '" + definition + "' (expected: not null, primary key)");
  }

  /** Splits on blanks, keeping a parenthesised part such as {@code (10, 2)} in one word. */
  private static List<String> words(String text) {
    List<String> out = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    int depth = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c) && depth == 0) {
        if (word.length() > 0) {
          out.add(word.toString());
          word.setLength(0);
        }
        continue;
      }
      if (c == '(') {
        depth++;
      } else if (c == ')' && depth > 0) {
        depth--;
      }
      if (!Character.isWhitespace(c) || word.charAt(word.length() - 1) != ' ') {
        word.append(Character.isWhitespace(c) ? ' ' : c);
      }
    }
    if (word.length() > 0) {
      out.add(word.toString());
    }
    return out;
  }

  private static boolean continuesType(String word) {
    return word.startsWith("(") || word.startsWith("[") || TYPE_WORDS.contains(base(word));
  }

  private static String lower(String word) {
    return word.toLowerCase(Locale.ROOT);
  }

  private static String base(String word) {
    int paren = word.indexOf('(');
    return lower(paren < 0 ? word : word.substring(0, paren));
  }
}
