package dev.ferry.pipeline;

/**
 * The names of the Beam counters (namespace {@code ferry}) every flow reports, and from which the
 * report's counts are read on every runner: {@code <flow>.read}, {@code <flow>.written}, {@code
 * <flow>.rejected}, and per-column non-null counts for JSON checks.
 *
 * <pre>{@code
 * Metrics.counter(Counters.NAMESPACE, Counters.read("items")).inc(n);
 * }</pre>
 */
public final class Counters {
  public static final String NAMESPACE = "ferry";

  private Counters() {}

  public static String read(String flow) {
    return flow + ".read";
  }

  public static String written(String flow) {
    return flow + ".written";
  }

  /** Records a {@code where} step sent to another flow, or an aggregate merged into another. */
  public static String routed(String flow) {
    return flow + ".routed";
  }

  public static String rejected(String flow) {
    return flow + ".rejected";
  }

  /** Non-null values of a column among the records handed to the writer. */
  public static String nonNull(String flow, String column) {
    return flow + ".nonnull." + column;
  }
}
