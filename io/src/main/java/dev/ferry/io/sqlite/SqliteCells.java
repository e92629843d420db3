package dev.ferry.io.sqlite;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.core.Codes;
import org.sqlite.core.CoreStatement;
import org.sqlite.core.DB;
import org.sqlite.core.SafeStmtPtr;

/**
 * Reads the cells of a sqlite-jdbc result set's current row by storage class: INTEGER as {@code
 * Long}, REAL as {@code Double}, BLOB as {@code byte[]}, NULL as null, and TEXT as its UTF-8 bytes,
 * flagged as text so the caller decodes them.
 *
 * <p>Why not {@code ResultSet.getObject}: sqlite-jdbc hands every TEXT cell to Java through a JNI
 * direct buffer made by calling back into the JVM, which cost about a sixth of a worker's time on a
 * 1M-row read. Here a whole row is read in one call on the statement handle ({@link
 * CoreStatement#pointer}, public in sqlite-jdbc), and a TEXT cell's bytes come as a plain array
 * ({@code sqlite3_column_blob}, which returns a text value's bytes as stored). That is only the
 * UTF-8 text when the database's encoding is UTF-8, so a database stored as UTF-16, or a result set
 * not made by sqlite-jdbc, is read through {@code getObject} as before.
 *
 * <pre>{@code
 * SqliteCells cells = SqliteCells.of(rs, 5);
 * while (rs.next()) { cells.read(); Object v = cells.value(2); boolean t = cells.text(2); }
 * }</pre>
 */
final class SqliteCells {
  private final ResultSet resultSet;
  private final SafeStmtPtr statement;
  private final Object[] values;
  private final boolean[] text;
  private final SafeStmtPtr.SafePtrConsumer<SQLException> rowReader = this::readRow;

  private SqliteCells(ResultSet resultSet, SafeStmtPtr statement, int columns) {
    this.resultSet = resultSet;
    this.statement = statement;
    this.values = new Object[columns];
    this.text = new boolean[columns];
  }

  /** Cells of the first {@code columns} columns of {@code rs}. */
  static SqliteCells of(ResultSet rs, int columns) throws SQLException {
    Statement s = rs.getStatement();
    if (s instanceof CoreStatement && "UTF-8".equals(encoding((CoreStatement) s))) {
      return new SqliteCells(rs, ((CoreStatement) s).pointer, columns);
    }
    return new SqliteCells(rs, null, columns);
  }

  private static String encoding(CoreStatement s) throws SQLException {
    try (Statement q = s.conn.createStatement();
        ResultSet rs = q.executeQuery("PRAGMA encoding")) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  /** Whether these are the cells of {@code rs}. */
  boolean readsFrom(ResultSet rs) {
    return rs == resultSet;
  }

  /** Whether cells come straight from the statement handle (false: through {@code getObject}). */
  boolean direct() {
    return statement != null;
  }

  /** Reads the current row. */
  void read() throws SQLException {
    if (statement == null) {
      for (int i = 0; i < values.length; i++) {
        Object v = resultSet.getObject(i + 1);
        values[i] = v instanceof Integer ? Long.valueOf((Integer) v) : v;
        text[i] = false;
      }
      return;
    }
    statement.safeRunConsume(rowReader);
  }

  private void readRow(DB db, long stmt) throws SQLException {
    for (int i = 0; i < values.length; i++) {
      boolean isText = false;
      Object v;
      switch (db.column_type(stmt, i)) {
        case Codes.SQLITE_INTEGER:
          v = db.column_long(stmt, i);
          break;
        case Codes.SQLITE_FLOAT:
          v = db.column_double(stmt, i);
          break;
        case Codes.SQLITE_NULL:
          v = null;
          break;
        case Codes.SQLITE_BLOB:
          v = bytes(db.column_blob(stmt, i));
          break;
        default:
          v = bytes(db.column_blob(stmt, i));
          isText = true;
          break;
      }
      values[i] = v;
      text[i] = isText;
    }
  }

  /** sqlite-jdbc returns null for an empty value; an empty cell is still a value, not NULL. */
  private static byte[] bytes(byte[] b) {
    return b == null ? new byte[0] : b;
  }

  /**
   * Cell {@code i} (0-based) of the row last read: {@code Long}, {@code Double}, {@code String}
   * (read through {@code getObject}), {@code byte[]} or null.
   */
  Object value(int i) {
    return values[i];
  }

  /** Whether cell {@code i} is a TEXT cell given as its UTF-8 bytes. */
  boolean text(int i) {
    return text[i];
  }
}
