package dev.ferry.cli;

import java.util.List;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Where {@link FlinkJobRunner} sends a Flink job: a session cluster's REST address and the jars the
 * job ships, or (no address) an embedded mini-cluster. Beam's own {@code flinkMaster} is left at
 * {@code [auto]}; {@link FlinkContext} installs the matching Flink environment before the job is
 * translated, so Beam neither stages the class path nor starts a mini-cluster itself.
 *
 * <pre>{@code
 * o.as(FlinkSubmitOptions.class).setFerryFlinkCluster("127.0.0.1:8081");
 * o.as(FlinkSubmitOptions.class).setFerryFlinkJars(List.of("/opt/ferry.jar"));
 * }</pre>
 */
public interface FlinkSubmitOptions extends PipelineOptions {
  @Description(
      "The REST address (HOST:PORT) of the Flink session cluster; none for an embedded one")
  String getFerryFlinkCluster();

  void setFerryFlinkCluster(String value);

  @Description("The jars a cluster job ships; empty when the cluster's class path holds Ferry")
  List<String> getFerryFlinkJars();

  void setFerryFlinkJars(List<String> value);
}
