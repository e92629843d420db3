package dev.ferry.io.postgres;

import java.sql.SQLException;

/**
 * Which PostgreSQL errors are worth retrying, and how long to wait: connection failures (SQLState
 * class 08), server shutdown or start-up (57P01-57P03), too many connections (53300), and
 * serialization failures or deadlocks (40001, 40P01) are transient; everything else is a data or
 * programming error that must fail at once. Waits double from 200 ms, capped at 5 s, for at most
 * {@link #TRIES} tries.
 *
 * <pre>{@code
 * if (PgRetry.isTransient(e) && attempt < PgRetry.TRIES) Thread.sleep(PgRetry.backoffMillis(attempt));
 * }</pre>
 */
final class PgRetry {
  static final int TRIES = 3;

  private PgRetry() {}

  static boolean isTransient(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException) {
        String s = ((SQLException) t).getSQLState();
        if (s != null
            && (s.startsWith("08")
                || s.equals("57P01")
                || s.equals("57P02")
                || s.equals("57P03")
                || s.equals("53300")
                || s.equals("40001")
                || s.equals("40P01"))) {
          return true;
        }
      }
    }
    return false;
  }

  /** The wait after failed try number {@code attempt} (1-based). */
  static long backoffMillis(int attempt) {
    return Math.min(5_000L, 200L << Math.min(attempt - 1, 10));
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to retry a PostgreSQL write", e);
    }
  }
}
