package dev.ferry.io.postgres;

import java.sql.SQLException;

/**
 * A write to PostgreSQL that failed for good: a data error (the message carries the table and
 * PostgreSQL's own message, with its SQLState) or a transient fault that outlasted the retries.
 *
 * <pre>{@code
 * try { writer.write(rows); } catch (PgWriteException e) { log(e.sqlState(), e.getMessage()); }
 * }</pre>
 */
public class PgWriteException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String sqlState;

  public PgWriteException(String message, SQLException cause) {
    super(message, cause);
    this.sqlState = cause == null ? null : cause.getSQLState();
  }

  /** PostgreSQL's SQLState of the cause (for example {@code 23505}), or null. */
  public String sqlState() {
    return sqlState;
  }
}
