package dev.ferry.pipeline;

import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;

/**
 * Reads Ferry's counters from a pipeline result, summed by name over every step that reports them.
 * Works while the pipeline runs (for progress) and after it ends (for the report), on every runner
 * that supports Beam metrics.
 *
 * <pre>{@code
 * Map<String, Long> c = RunMetrics.counters(result);
 * long read = c.getOrDefault(Counters.read("items"), 0L);
 * }</pre>
 */
public final class RunMetrics {
  private RunMetrics() {}

  public static Map<String, Long> counters(PipelineResult result) {
    MetricQueryResults q =
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.inNamespace(Counters.NAMESPACE))
                    .build());
    Map<String, Long> out = new TreeMap<>();
    for (MetricResult<Long> c : q.getCounters()) {
      Long v = attemptedOrCommitted(c);
      out.merge(c.getName().getName(), v == null ? 0L : v, Long::sum);
    }
    return out;
  }

  private static Long attemptedOrCommitted(MetricResult<Long> c) {
    try {
      return c.getCommitted();
    } catch (UnsupportedOperationException e) {
      return c.getAttempted();
    }
  }
}
