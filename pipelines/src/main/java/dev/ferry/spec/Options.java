package dev.ferry.spec;

/**
 * Run-wide settings from the spec's {@code options} section.
 *
 * <pre>{@code
 * options:
 *   batch_size: 2000   # records per batch, 1..100000 (default 2000)
 *   strict: false      # the first reject fails the run (default false)
 *   parallelism: 4     # optional hint for how many splits to read
 * }</pre>
 *
 * @param batchSize records per batch on bulk paths
 * @param strict whether the first reject fails the run
 * @param parallelism a hint for how many splits to read, or null to let the runner choose
 */
public record Options(int batchSize, boolean strict, Integer parallelism) {
  /** The default batch size. */
  public static final int DEFAULT_BATCH_SIZE = 2000;

  /** The options of a spec without an {@code options} section. */
  public static final Options DEFAULTS = new Options(DEFAULT_BATCH_SIZE, false, null);

  public Options {
    if (batchSize < 1 || batchSize > 100_000) {
      throw new IllegalArgumentException("batchSize must be in 1..100000, got " + batchSize);
    }
    if (parallelism != null && parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be positive, got " + parallelism);
    }
  }
}
