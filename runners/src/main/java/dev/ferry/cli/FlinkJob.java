package dev.ferry.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.beam.runners.core.metrics.MetricsContainerStepMap;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricResults;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.joda.time.Duration;

/**
 * A Flink job followed from the client, on a session cluster or an embedded mini-cluster alike.
 * Counters come from the job's accumulators (where Beam's Flink runner keeps its metrics) while it
 * runs, and from its final result once it ends. When the job fails, {@link #waitUntilFinish} throws
 * an exception whose cause chain is the one the cluster reported, so the report names the table,
 * key or SQL error that stopped it. If the client exits before the job ends, the job is cancelled.
 *
 * <pre>{@code
 * PipelineResult job = new FlinkJob(jobClient, System.err);
 * job.waitUntilFinish(Duration.standardSeconds(1));
 * }</pre>
 */
final class FlinkJob implements PipelineResult {
  private static final String METRICS_ACCUMULATOR = "__metricscontainers";

  /**
   * How often the job's state is asked for: a finished job is noticed within this, which on a job
   * of a few seconds is a visible share of the run (one small REST call or in-JVM call each).
   */
  private static final long POLL_MILLIS = 100;

  private static final long RPC_SECONDS = 30;

  private final JobClient client;
  private final PrintStream log;
  private final long start = System.nanoTime();
  private final Thread cancelOnExit;
  private MetricsContainerStepMap lastMetrics = new MetricsContainerStepMap();
  private State finalState;
  private Throwable failure;
  private MetricsContainerStepMap finalMetrics;

  FlinkJob(JobClient client, PrintStream log) {
    this.client = client;
    this.log = log;
    this.cancelOnExit = new Thread(this::cancelIfRunning, "ferry-flink-cancel-on-exit");
    Runtime.getRuntime().addShutdownHook(cancelOnExit);
  }

  @Override
  public synchronized State getState() {
    if (finalState != null) {
      return finalState;
    }
    State s;
    try {
      s = toBeam(client.getJobStatus().get(RPC_SECONDS, TimeUnit.SECONDS));
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      // An embedded mini-cluster is gone once its job ended; its result is kept.
      s = client.getJobExecutionResult().isDone() ? State.DONE : State.UNKNOWN;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return State.UNKNOWN;
    }
    if (s.isTerminal()) {
      finish(s);
      return finalState;
    }
    return s;
  }

  @Override
  public State waitUntilFinish(Duration duration) {
    long deadline =
        duration == null ? Long.MAX_VALUE : System.currentTimeMillis() + duration.getMillis();
    while (true) {
      State s = getState();
      if (s.isTerminal()) {
        synchronized (this) {
          if (failure != null) {
            throw new FlinkJobFailedException(
                "Flink job " + client.getJobID() + " ended " + finalState, failure);
          }
        }
        return s;
      }
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        return s;
      }
      try {
        Thread.sleep(Math.min(POLL_MILLIS, left));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return s;
      }
    }
  }

  @Override
  public State waitUntilFinish() {
    return waitUntilFinish(null);
  }

  @Override
  public State cancel() throws IOException {
    try {
      client.cancel().get(RPC_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("cannot cancel Flink job " + client.getJobID(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while cancelling Flink job " + client.getJobID(), e);
    }
    return getState();
  }

  @Override
  public synchronized MetricResults metrics() {
    if (finalMetrics == null) {
      try {
        lastMetrics = fromAccumulators(client.getAccumulators().get(RPC_SECONDS, TimeUnit.SECONDS));
      } catch (ExecutionException | TimeoutException | RuntimeException e) {
        // Keep the last counters seen; the final ones come with the job's result.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return MetricsContainerStepMap.asAttemptedOnlyMetricResults(
        finalMetrics != null ? finalMetrics : lastMetrics);
  }

  /** Records the end: final counters from the job's result, or its failure as the cluster gave. */
  private synchronized void finish(State observed) {
    if (finalState != null) {
      return;
    }
    try {
      JobExecutionResult r = client.getJobExecutionResult().get();
      finalMetrics = fromAccumulators(r.getAllAccumulatorResults());
      finalState = observed == State.UNKNOWN ? State.DONE : observed;
    } catch (ExecutionException e) {
      failure = e.getCause() != null ? e.getCause() : e;
      finalState = observed == State.DONE || observed == State.UNKNOWN ? State.FAILED : observed;
      finalMetrics = lastMetrics;
      try {
        finalMetrics =
            fromAccumulators(client.getAccumulators().get(RPC_SECONDS, TimeUnit.SECONDS));
      } catch (ExecutionException | TimeoutException | RuntimeException ignored) {
        // The last counters seen while it ran stand.
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(cancelOnExit);
    } catch (IllegalStateException ignored) {
      // Already shutting down.
    }
    log.printf(
        Locale.ROOT,
        "flink: job %s %s after %.1f s%n",
        client.getJobID(),
        finalState == State.DONE ? "FINISHED" : finalState,
        (System.nanoTime() - start) / 1e9);
  }

  private void cancelIfRunning() {
    synchronized (this) {
      if (finalState != null) {
        return;
      }
    }
    try {
      log.println("flink: cancelling job " + client.getJobID() + " (the client is exiting)");
      client.cancel().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.println("flink: could not cancel job " + client.getJobID() + ": " + e);
    }
  }

  private static MetricsContainerStepMap fromAccumulators(Map<String, Object> accumulators) {
    Object m = accumulators == null ? null : accumulators.get(METRICS_ACCUMULATOR);
    return m instanceof MetricsContainerStepMap
        ? (MetricsContainerStepMap) m
        : new MetricsContainerStepMap();
  }

  private static State toBeam(JobStatus s) {
    switch (s) {
      case INITIALIZING:
      case CREATED:
      case RECONCILING:
        return State.STOPPED;
      case RUNNING:
      case FAILING:
      case CANCELLING:
      case RESTARTING:
        return State.RUNNING;
      case FINISHED:
        return State.DONE;
      case FAILED:
        return State.FAILED;
      case CANCELED:
        return State.CANCELLED;
      case SUSPENDED:
        return State.STOPPED;
      default:
        return State.UNKNOWN;
    }
  }

  /** A Flink job that failed or was cancelled; its cause is the cluster's reason. */
  static final class FlinkJobFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    FlinkJobFailedException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
