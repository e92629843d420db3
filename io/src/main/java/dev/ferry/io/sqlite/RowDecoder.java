package dev.ferry.io.sqlite;

import dev.ferry.record.Record;
import dev.ferry.steps.CastException;
import dev.ferry.steps.Casts;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.List;

/**
 * Turns the current row of a SQLite result set into a {@link Record} whose fields keep the result's
 * column order and each cell's own storage class: INTEGER to {@code Long}, REAL to {@code Double},
 * TEXT to {@code String}, BLOB to {@code byte[]}, NULL to null. A column may mix storage classes;
 * each cell is read as what it is.
 *
 * <p>Cells are read by {@link SqliteCells}. Text must be valid UTF-8: a TEXT cell's bytes are
 * decoded leniently (malformed bytes become U+FFFD), and a string containing U+FFFD is decoded
 * again strictly with {@link Casts#decodeUtf8}, which names the malformed input. A BLOB in a column
 * whose declared type has TEXT affinity (e.g. bytes written by Python into a {@code TEXT} column)
 * is text the application meant, and is decoded the same way. A cell that fails stays as its bytes
 * and the row carries a problem naming the column.
 *
 * <pre>{@code
 * RowDecoder d = new RowDecoder(rs.getMetaData(), -1, "table 'files'");
 * while (rs.next()) { RowDecoder.Row row = d.decode(rs); ... }
 * }</pre>
 */
final class RowDecoder {
  private static final char REPLACEMENT = '\uFFFD';

  private final String source;
  private final String[] names;
  private final ResultSetMetaData metaData;
  private final Boolean[] textAffinity;
  private final boolean exact;
  private SqliteCells cells;

  /**
   * @param recordColumns how many leading result columns form the record; negative for all
   * @param source what messages call the source, e.g. {@code table 'files'}
   */
  RowDecoder(ResultSetMetaData metaData, int recordColumns, String source) throws SQLException {
    this(metaData, recordColumns, source, false);
  }

  /**
   * @param exact true to keep every BLOB as bytes, even in a column with TEXT affinity (for copies
   *     into SQLite, where a cell must keep its storage class)
   */
  RowDecoder(ResultSetMetaData metaData, int recordColumns, String source, boolean exact)
      throws SQLException {
    this.exact = exact;
    this.source = source;
    this.metaData = metaData;
    int n = recordColumns < 0 ? metaData.getColumnCount() : recordColumns;
    this.names = new String[n];
    for (int i = 0; i < n; i++) {
      names[i] = metaData.getColumnLabel(i + 1);
    }
    this.textAffinity = new Boolean[n];
  }

  /** The record's field names, in order. */
  List<String> names() {
    return List.of(names);
  }

  /** A decoded row: the record, and null or the reason it cannot be carried. */
  record Row(Record record, String problem) {}

  Row decode(ResultSet rs) throws SQLException {
    if (cells == null || !cells.readsFrom(rs)) {
      cells = SqliteCells.of(rs, names.length);
    }
    cells.read();
    Record r = Record.withCapacity(names.length);
    StringBuilder problem = null;
    for (int i = 0; i < names.length; i++) {
      Object v = cells.value(i);
      try {
        if (cells.text(i)) {
          v = text((byte[]) v);
        } else if (v instanceof String) {
          if (((String) v).indexOf(REPLACEMENT) >= 0) {
            v = rs.getBytes(i + 1);
            v = Casts.decodeUtf8((byte[]) v);
          }
        } else if (v instanceof byte[] && !exact && textAffinity(i)) {
          v = Casts.decodeUtf8((byte[]) v);
        }
      } catch (CastException e) {
        problem = problem == null ? new StringBuilder(source).append(", ") : problem.append("; ");
        problem.append("column '").append(names[i]).append("': ").append(e.getMessage());
      }
      r.put(names[i], v);
    }
    return new Row(r, problem == null ? null : problem.toString());
  }

  /**
   * A TEXT cell's UTF-8 bytes as a string. The lenient decoder is the fast one; only a result with
   * U+FFFD (malformed bytes, or a U+FFFD the text really holds) is decoded again strictly.
   */
  private static Object text(byte[] b) throws CastException {
    String s = new String(b, StandardCharsets.UTF_8);
    return s.indexOf(REPLACEMENT) >= 0 ? Casts.decodeUtf8(b) : s;
  }

  /**
   * Whether column {@code i} has TEXT affinity. sqlite-jdbc reports the declared type (up to any
   * parenthesis) when the column has one, else the current cell's storage class; asked only on a
   * BLOB cell, the answer is the same for every row, so it is cached.
   */
  private boolean textAffinity(int i) throws SQLException {
    if (textAffinity[i] == null) {
      textAffinity[i] = SqliteSchema.textAffinity(metaData.getColumnTypeName(i + 1));
    }
    return textAffinity[i];
  }
}
