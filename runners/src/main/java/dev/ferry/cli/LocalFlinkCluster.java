package dev.ferry.cli;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.minicluster.RpcServiceSharing;

/**
 * The embedded Flink mini-cluster of {@code --runner flink-local}, started on a background thread
 * as soon as the command line is read, so that its start (about two seconds: the RPC system, the
 * dispatcher, one TaskManager) overlaps loading the spec, planning and translating the pipeline
 * instead of following them. One cluster serves one job and is shut down when the job ends, as
 * Flink's own local executor does; a command that never runs a job closes it ({@link
 * #closeUnused}).
 *
 * <p>Its configuration is the one Beam's runner gives its own mini-cluster: one TaskManager with a
 * slot per unit of parallelism, managed memory a fraction of the free heap, no check for leaked
 * class loaders (Beam's classes stay reachable from JVM-wide caches), REST on a free port.
 *
 * <pre>{@code
 * LocalFlinkCluster.prestart(2);            // when the command line names flink-local
 * MiniCluster c = LocalFlinkCluster.take(2); // when the job is submitted
 * }</pre>
 */
final class LocalFlinkCluster extends MiniCluster {
  private static final AtomicReference<LocalFlinkCluster> PRESTARTED = new AtomicReference<>();

  private final int slots;
  private final CompletableFuture<Void> started = new CompletableFuture<>();

  private LocalFlinkCluster(int slots) {
    super(configuration(slots));
    this.slots = slots;
  }

  /** Starts a cluster of {@code slots} slots in the background for the job to come. */
  static void prestart(int slots) {
    LocalFlinkCluster c = new LocalFlinkCluster(slots);
    c.startInBackground();
    LocalFlinkCluster old = PRESTARTED.getAndSet(c);
    if (old != null) {
      old.closeWhenStarted();
    }
  }

  /**
   * The cluster for a job of parallelism {@code slots}: the one started in the background when it
   * has as many slots, else a new one, starting now. {@link MiniCluster#start} waits for it.
   */
  static MiniCluster take(int slots) {
    LocalFlinkCluster c = PRESTARTED.getAndSet(null);
    if (c != null && c.slots == slots) {
      return c;
    }
    if (c != null) {
      c.closeWhenStarted();
    }
    LocalFlinkCluster fresh = new LocalFlinkCluster(slots);
    fresh.startInBackground();
    return fresh;
  }

  /** Shuts down a cluster started in the background that no job took. */
  static void closeUnused() {
    LocalFlinkCluster c = PRESTARTED.getAndSet(null);
    if (c != null) {
      c.closeWhenStarted();
    }
  }

  /** Shuts the cluster down once its start has ended (closing it midway would race the start). */
  private void closeWhenStarted() {
    started.whenComplete((ok, failed) -> closeAsync());
  }

  private void startInBackground() {
    Thread t =
        new Thread(
            () -> {
              try {
                super.start();
                started.complete(null);
              } catch (Throwable e) {
                started.completeExceptionally(e);
              }
            },
            "ferry-flink-mini-cluster");
    t.setDaemon(true);
    t.start();
  }

  /** Waits for the background start; throws what it threw. */
  @Override
  public void start() throws Exception {
    try {
      started.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception) {
        throw (Exception) cause;
      }
      throw new IllegalStateException("the embedded Flink cluster did not start", cause);
    }
  }

  private static MiniClusterConfiguration configuration(int slots) {
    Configuration c = new Configuration();
    Runtime rt = Runtime.getRuntime();
    long freeHeap = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    c.set(
        TaskManagerOptions.MANAGED_MEMORY_SIZE,
        new MemorySize((long) (c.get(TaskManagerOptions.MANAGED_MEMORY_FRACTION) * freeHeap)));
    c.set(CoreOptions.CHECK_LEAKED_CLASSLOADER, false);
    c.set(RestOptions.BIND_PORT, "0");
    c.set(TaskManagerOptions.NUM_TASK_SLOTS, slots);
    return new MiniClusterConfiguration.Builder()
        .setConfiguration(c)
        .setNumTaskManagers(1)
        .setNumSlotsPerTaskManager(slots)
        .setRpcServiceSharing(RpcServiceSharing.SHARED)
        .build();
  }
}
