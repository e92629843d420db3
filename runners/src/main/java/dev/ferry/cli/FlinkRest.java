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
import org.apache.flink.runtime.util.EnvironmentInformation;

/**
 * Asks a Flink session cluster's REST API, before anything is submitted or written, whether it is
 * there, whether it runs the Flink version this build submits to, and what parallelism its operator
 * set as the default ({@code parallelism.default}).
 *
 * <pre>{@code
 * FlinkRest.checkCluster("127.0.0.1:8081");
 * int p = FlinkRest.defaultParallelism("127.0.0.1:8081");
 * }</pre>
 */
final class FlinkRest {
  private static final Duration TIMEOUT = Duration.ofSeconds(15);

  private FlinkRest() {}

  /**
   * Checks that the cluster at {@code master} answers and runs the same Flink minor version as this
   * build's Flink client (a job graph from another version fails on the cluster in ways that do not
   * name the cause).
   */
  static void checkCluster(String master) {
    String theirs = get(master, "/config").path("flink-version").asText("");
    String problem = versionProblem(master, theirs, EnvironmentInformation.getVersion());
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
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

  /** The cluster's {@code parallelism.default}, 1 when it does not set one. */
  static int defaultParallelism(String master) {
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
