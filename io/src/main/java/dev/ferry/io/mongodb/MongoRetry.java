package dev.ferry.io.mongodb;

import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import java.util.function.Supplier;

/**
 * Retries a MongoDB call on transient faults (network errors, no server selectable in time) with
 * exponential backoff from 200 ms, capped at 5 s, for at most {@link #TRIES} tries; then it fails
 * naming what it was doing. Other errors fail at once.
 *
 * <pre>{@code
 * long n = MongoRetry.call("count app.users", () -> coll.countDocuments());
 * }</pre>
 */
final class MongoRetry {
  static final int TRIES = 4;

  private MongoRetry() {}

  static <T> T call(String what, Supplier<T> action) {
    for (int attempt = 1; ; attempt++) {
      try {
        return action.get();
      } catch (MongoSocketException | MongoTimeoutException e) {
        if (attempt >= TRIES) {
          throw new IllegalStateException(
              "cannot " + what + " after " + attempt + " tries: " + e.getMessage(), e);
        }
        sleep(backoffMillis(attempt));
      }
    }
  }

  static long backoffMillis(int attempt) {
    return Math.min(5_000L, 200L << Math.min(attempt - 1, 10));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to retry a MongoDB call", e);
    }
  }
}
