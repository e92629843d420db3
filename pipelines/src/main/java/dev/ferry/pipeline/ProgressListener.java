package dev.ferry.pipeline;

import java.util.Map;

/**
 * Receives Ferry's counters while a pipeline runs (about once a second) so a front end can show
 * progress; {@link #NONE} ignores them.
 *
 * <pre>{@code
 * ProgressListener p = counters -> System.err.println(counters);
 * }</pre>
 */
@FunctionalInterface
public interface ProgressListener {
  ProgressListener NONE = counters -> {};

  void update(Map<String, Long> counters);
}
