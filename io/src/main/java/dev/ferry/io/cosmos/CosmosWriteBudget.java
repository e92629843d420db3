package dev.ferry.io.cosmos;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A write budget of at most N documents per second, shared by every writer of one container in this
 * worker process (all threads of a DirectRunner, all slots of a Flink task manager). Each caller
 * reserves its documents in turn; the reservation says how long to wait before writing, so writes
 * are spread evenly (no burst beyond one chunk).
 *
 * <pre>{@code
 * CosmosWriteBudget budget = CosmosWriteBudget.shared("https://h/|shop|users", 500);
 * Thread.sleep(budget.reserve(200, System.nanoTime()) / 1_000_000);  // then write 200 documents
 * }</pre>
 */
public final class CosmosWriteBudget {
  private static final ConcurrentMap<String, CosmosWriteBudget> SHARED = new ConcurrentHashMap<>();
  private final int docsPerSecond;
  private long nextFreeNanos;
  private boolean started;

  /** A budget of its own (not shared). */
  public CosmosWriteBudget(int docsPerSecond) {
    if (docsPerSecond <= 0) {
      throw new IllegalArgumentException(
          "cosmos write budget must be positive, got " + docsPerSecond);
    }
    this.docsPerSecond = docsPerSecond;
  }

  /** The budget of this process for {@code key} (a container) at this rate. */
  public static CosmosWriteBudget shared(String key, int docsPerSecond) {
    return SHARED.computeIfAbsent(
        key + "|" + docsPerSecond, k -> new CosmosWriteBudget(docsPerSecond));
  }

  public int docsPerSecond() {
    return docsPerSecond;
  }

  /**
   * Reserves {@code docs} documents at time {@code nowNanos}; returns the nanoseconds to wait
   * before writing them (0 when the budget has room now).
   */
  public synchronized long reserve(int docs, long nowNanos) {
    long start = !started || nowNanos - nextFreeNanos > 0 ? nowNanos : nextFreeNanos;
    started = true;
    nextFreeNanos = start + docs * 1_000_000_000L / docsPerSecond;
    return start - nowNanos;
  }
}
