package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.flink.runtime.util.EnvironmentInformation;

/**
 * Asks a Flink session cluster's REST API, before anything is submitted or written, whether it is
 * there, whether it runs the Flink version this build submits to, whether it has the task slots a
 * job needs, and what parallelism its operator set as the default ({@code parallelism.default}).
 *
 * <pre>{@code
 * String warning = FlinkRest.checkCluster("127.0.0.1:8081", 2);   // null: enough slots
 * int p = FlinkRest.defaultParallelism("127.0.0.1:8081");
 * }</pre>
 */
final class FlinkRest {
  private static final Duration TIMEOUT = Duration.ofSeconds(15);

  private static final ConcurrentMap<String, Integer> DEFAULT_PARALLELISM =
      new ConcurrentHashMap<>();

  private FlinkRest() {}

  /**
   * Checks that the cluster at {@code master} answers and runs the same Flink minor version as this
   * build's Flink client (a job graph from another version fails on the cluster in ways that do not
   * name the cause). Returns a warning when a job of {@code parallelism} (null: the cluster's
   * default) needs more task slots than the cluster has, else null.
   */
  static String checkCluster(String master, Integer parallelism) {
    JsonNode overview = get(master, "/overview");
    String theirs = overview.path("flink-version").asText("");
    String problem = versionProblem(master, theirs, EnvironmentInformation.getVersion());
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    int p = parallelism != null ? parallelism : defaultParallelism(master);
    return slotsWarning(
        master,
        p,
        parallelism == null,
        overview.path("slots-total").asInt(0),
        overview.path("taskmanagers").asInt(0));
  }

  /**
   * The warning for a job of parallelism {@code p} on a cluster of {@code slots} task slots in
   * {@code taskManagers} TaskManagers; null when the slots suffice. A cluster that starts
   * TaskManagers on demand (on Kubernetes or YARN) may have none yet, so this warns, not refuses.
   */
  static String slotsWarning(String master, int p, boolean isDefault, int slots, int taskManagers) {
    if (p <= slots) {
      return null;
    }
    return "flink: "
        + (isDefault ? "the cluster's parallelism.default (" + p + ")" : "--parallelism " + p)
        + " needs "
        + p
        + " task slots, and the cluster at "
        + master
        + " has "
        + slots
        + " (in "
        + taskManagers
        + (taskManagers == 1 ? " TaskManager" : " TaskManagers")
        + "): unless it starts more TaskManagers, the job waits for slots until Flink's"
        + " slot.request.timeout (5 minutes by default) and then fails."
        + (slots > 0
            ? " Give --parallelism " + slots + " or fewer to run it on the slots there are."
            : "");
  }

  /**
   * Why a cluster that reports Flink {@code theirs} cannot take jobs from a client of Flink {@code
   * ours}; null when both have the same major and minor version, or when {@code ours} is not a
   * version number.
   */
  static String versionProblem(String master, String theirs, String ours) {
    if (!minorVersion(ours).matches("\\d+\\.\\d+")
        || minorVersion(theirs).equals(minorVersion(ours))) {
      return null; // the same, or this build does not know its own (nothing to compare with)
    }
    return "the Flink cluster at "
        + master
        + " runs Flink "
        + (theirs.isEmpty() ? "of an unknown version" : theirs)
        + ", and this Ferry build submits jobs to Flink "
        + minorVersion(ours)
        + " clusters (--flink-master)";
  }

  /** {@code 1.19} of {@code 1.19.1}; the text itself when it has no second dot. */
  static String minorVersion(String version) {
    int first = version.indexOf('.');
    int second = first < 0 ? -1 : version.indexOf('.', first + 1);
    return second < 0 ? version : version.substring(0, second);
  }

  /**
   * The cluster's {@code parallelism.default}, 1 when it does not set one. Asked once per address:
   * the cluster check and the options, built on two threads, both need it.
   */
  static int defaultParallelism(String master) {
    return DEFAULT_PARALLELISM.computeIfAbsent(master, FlinkRest::askDefaultParallelism);
  }

  private static int askDefaultParallelism(String master) {
    JsonNode config = get(master, "/jobmanager/config");
    for (JsonNode entry : config) {
      if ("parallelism.default".equals(entry.path("key").asText())) {
        try {
          return Math.max(1, Integer.parseInt(entry.path("value").asText().trim()));
        } catch (NumberFormatException e) {
          return 1;
        }
      }
    }
    return 1;
  }

  /** What went wrong, in words: the JDK leaves some of its network exceptions unworded. */
  static String why(IOException e) {
    if (e instanceof SocketTimeoutException) {
      return "no answer within " + TIMEOUT.toSeconds() + " s";
    }
    if (e instanceof ConnectException) {
      return "connection refused"
          + (e.getMessage() != null && !e.getMessage().isBlank()
              ? " (" + e.getMessage() + ")"
              : "");
    }
    return e.toString();
  }

  private static JsonNode get(String master, String path) {
    // HttpURLConnection rather than java.net.http: one short request does not need the latter's
    // selector thread, and it starts in less time on the command's critical path.
    HttpURLConnection c = null;
    try {
      c = (HttpURLConnection) URI.create("http://" + master + path).toURL().openConnection();
      c.setConnectTimeout((int) TIMEOUT.toMillis());
      c.setReadTimeout((int) TIMEOUT.toMillis());
      int status = c.getResponseCode();
      if (status != 200) {
        throw new IllegalArgumentException(
            "the Flink REST API at " + master + " answered " + status + " to " + path);
      }
      try (InputStream in = c.getInputStream()) {
        return new ObjectMapper().readTree(in);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot reach the Flink REST API at " + master + " (--flink-master): " + why(e), e);
    } finally {
      if (c != null) {
        c.disconnect();
      }
    }
  }
}
