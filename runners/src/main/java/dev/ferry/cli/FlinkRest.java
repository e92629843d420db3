package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Asks a Flink session cluster's REST API, before anything is submitted or written, whether it is
 * there and what parallelism its operator set as the default ({@code parallelism.default}).
 *
 * <pre>{@code
 * int p = FlinkRest.defaultParallelism("127.0.0.1:8081");
 * }</pre>
 */
final class FlinkRest {
  private static final Duration TIMEOUT = Duration.ofSeconds(15);

  private FlinkRest() {}

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

  private static JsonNode get(String master, String path) {
    URI uri = URI.create("http://" + master + path);
    try {
      HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalArgumentException(
            "the Flink REST API at " + master + " answered " + r.statusCode() + " to " + path);
      }
      return new ObjectMapper().readTree(r.body());
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot reach the Flink REST API at " + master + " (--flink-master): " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalArgumentException("interrupted while asking " + master, e);
    }
  }
}
