package dev.ferry.cli;

import dev.ferry.pipeline.ProgressListener;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Shows a run's progress on stderr: every two seconds, one line with each flow's records read,
 * written and rejected so far, printed only when something changed.
 *
 * <pre>{@code
 * Migration.run(spec, settings, options, new ProgressPrinter(System.err));
 * }</pre>
 */
final class ProgressPrinter implements ProgressListener {
  private static final long EVERY_NANOS = 2_000_000_000L;
  private final PrintStream out;
  private final long start = System.nanoTime();
  private long last;
  private String lastLine = "";

  ProgressPrinter(PrintStream out) {
    this.out = out;
  }

  @Override
  public void update(Map<String, Long> counters) {
    long now = System.nanoTime();
    if (now - last < EVERY_NANOS) {
      return;
    }
    last = now;
    String line = line(counters);
    if (!line.isEmpty() && !line.equals(lastLine)) {
      lastLine = line;
      out.printf(Locale.ROOT, "[%4ds] %s%n", (now - start) / 1_000_000_000L, line);
    }
  }

  /** "items: read 1,200 written 1,000 rejected 2 | ..." from the flows' counters. */
  static String line(Map<String, Long> counters) {
    Map<String, long[]> flows = new TreeMap<>();
    for (Map.Entry<String, Long> e : counters.entrySet()) {
      String k = e.getKey();
      int i = k.lastIndexOf('.');
      if (i <= 0) {
        continue;
      }
      String flow = k.substring(0, i);
      String what = k.substring(i + 1);
      int slot =
          what.equals("read") ? 0 : what.equals("written") ? 1 : what.equals("rejected") ? 2 : -1;
      if (slot >= 0 && !flow.contains(".nonnull") && !flow.endsWith(".validate")) {
        flows.computeIfAbsent(flow, f -> new long[3])[slot] = e.getValue();
      }
    }
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, long[]> f : flows.entrySet()) {
      if (sb.length() > 0) {
        sb.append(" | ");
      }
      long[] v = f.getValue();
      sb.append(
          String.format(
              Locale.ROOT, "%s: read %,d written %,d rejected %,d", f.getKey(), v[0], v[1], v[2]));
    }
    return sb.toString();
  }
}
