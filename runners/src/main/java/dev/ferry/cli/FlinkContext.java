package dev.ferry.cli;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.apache.flink.api.dag.Pipeline;
import org.apache.flink.api.java.RemoteEnvironmentConfigUtils;
import org.apache.flink.client.deployment.executors.PipelineExecutorUtils;
import org.apache.flink.client.deployment.executors.RemoteExecutor;
import org.apache.flink.client.program.ContextEnvironment;
import org.apache.flink.client.program.PerJobMiniClusterFactory;
import org.apache.flink.configuration.ConfigConstants;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.PipelineExecutor;
import org.apache.flink.core.execution.PipelineExecutorFactory;
import org.apache.flink.core.execution.PipelineExecutorServiceLoader;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;

/**
 * Installs the Flink environment a job is submitted through, as Flink's context environment: the
 * one Beam's runner takes when its {@code flinkMaster} is {@code [auto]}. Two kinds:
 *
 * <ul>
 *   <li>a session cluster at a REST address, shipping the given jars: the job's own, or none when
 *       the cluster's class path already holds Ferry (then its TaskManagers load Ferry's classes
 *       once, and their compiled code carries over from one job to the next);
 *   <li>the embedded mini-cluster of {@link LocalFlinkCluster}, already starting in the background.
 * </ul>
 *
 * Either way the job is submitted detached, and the client of the submitted job is handed back for
 * {@link FlinkJobRunner} to follow it (Beam's own detached result does not give it out).
 *
 * <pre>{@code
 * CompletableFuture<JobClient> job = FlinkContext.install(options.as(FlinkSubmitOptions.class));
 * try { FlinkRunner.fromOptions(options).run(pipeline); } finally { FlinkContext.uninstall(); }
 * JobClient client = job.getNow(null);
 * }</pre>
 */
final class FlinkContext {
  private FlinkContext() {}

  /**
   * Installs the environment {@code o} names; the future completes with the job's client once the
   * job is submitted through it.
   */
  static CompletableFuture<JobClient> install(FlinkSubmitOptions o) {
    // As Beam's runner does: the client side of a cluster's settings (its REST SSL, for one) from
    // the Flink configuration directory named by FLINK_CONF_DIR, when there is one.
    String confDir = System.getenv(ConfigConstants.ENV_FLINK_CONF_DIR);
    Configuration config =
        confDir != null ? GlobalConfiguration.loadConfiguration(confDir) : new Configuration();
    config.set(DeploymentOptions.ATTACHED, false);
    PipelineExecutor executor;
    String name;
    if (o.getFerryFlinkCluster() != null) {
      String master = o.getFerryFlinkCluster();
      int colon = master.lastIndexOf(':');
      RemoteEnvironmentConfigUtils.setJobManagerAddressToConfig(
          master.substring(0, colon), Integer.parseInt(master.substring(colon + 1)), config);
      List<String> jars = o.getFerryFlinkJars() == null ? List.of() : o.getFerryFlinkJars();
      RemoteEnvironmentConfigUtils.setJarURLsToConfig(jars.toArray(new String[0]), config);
      name = RemoteExecutor.NAME;
      executor = new RemoteExecutor();
    } else {
      name = "ferry-local";
      executor = FlinkContext::submitToLocalCluster;
    }
    config.set(DeploymentOptions.TARGET, name);
    CompletableFuture<JobClient> submitted = new CompletableFuture<>();
    PipelineExecutor handingBack =
        (pipeline, configuration, loader) ->
            executor
                .execute(pipeline, configuration, loader)
                .thenApply(
                    client -> {
                      submitted.complete(client);
                      return client;
                    });
    ContextEnvironment.setAsContext(
        new OneExecutor(name, handingBack),
        config,
        FlinkContext.class.getClassLoader(),
        false,
        true);
    return submitted;
  }

  static void uninstall() {
    ContextEnvironment.unsetAsContext();
  }

  private static CompletableFuture<JobClient> submitToLocalCluster(
      Pipeline pipeline, Configuration config, ClassLoader loader) throws Exception {
    JobGraph graph = PipelineExecutorUtils.getJobGraph(pipeline, config, loader);
    MiniCluster cluster = LocalFlinkCluster.take(graph.getMaximumParallelism());
    // Shuts the cluster down when the job has ended, as Flink's local executor does.
    return PerJobMiniClusterFactory.createWithFactory(config, ignored -> cluster)
        .submitJob(graph, loader);
  }

  /** Hands Flink the one executor this environment uses. */
  private record OneExecutor(String name, PipelineExecutor executor)
      implements PipelineExecutorServiceLoader, PipelineExecutorFactory {
    @Override
    public PipelineExecutorFactory getExecutorFactory(Configuration configuration) {
      return this;
    }

    @Override
    public Stream<String> getExecutorNames() {
      return Stream.of(name);
    }

    @Override
    public String getName() {
      return name;
    }

    @Override
    public boolean isCompatibleWith(Configuration configuration) {
      return name.equals(configuration.get(DeploymentOptions.TARGET));
    }

    @Override
    public PipelineExecutor getExecutor(Configuration configuration) {
      return executor;
    }
  }
}
