package dev.ferry.spec;

import java.util.List;
import java.util.Objects;

/**
 * What a flow reads from its source: one table, the rows of a query, or many tables at once (which
 * expands later into one flow per table, named {@code <flow>.<table>}).
 *
 * <pre>{@code
 * from: { source: app, table: items }
 * from: { source: app, query: "SELECT * FROM items WHERE deleted = 0", split_by: id }
 * from: { source: app, tables: "*", exclude: [sqlite_sequence] }
 * }</pre>
 */
public sealed interface FromSpec permits FromSpec.Table, FromSpec.Query, FromSpec.Tables {
  /** The name of the source read from. */
  String source();

  /**
   * One table.
   *
   * @param source the source's name
   * @param table the table's name
   */
  record Table(String source, String table) implements FromSpec {
    public Table {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(table, "table");
    }
  }

  /**
   * The rows of a query.
   *
   * @param source the source's name
   * @param query the SQL text
   * @param splitBy an integer column to split the read on, or null to read in one piece
   */
  record Query(String source, String query, String splitBy) implements FromSpec {
    public Query {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(query, "query");
    }
  }

  /**
   * Many tables.
   *
   * @param source the source's name
   * @param names the tables to copy, in order; empty means every table ({@code tables: "*"})
   * @param exclude tables to leave out
   */
  record Tables(String source, List<String> names, List<String> exclude) implements FromSpec {
    public Tables {
      Objects.requireNonNull(source, "source");
      names = List.copyOf(names);
      exclude = List.copyOf(exclude);
    }

    /** Whether every table of the source is copied ({@code tables: "*"}). */
    public boolean all() {
      return names.isEmpty();
    }
  }
}
