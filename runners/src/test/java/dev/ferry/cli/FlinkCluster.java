package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real standalone Flink session cluster for tests, started and stopped by the project's own
 * {@code scripts/flink-start.sh} and {@code scripts/flink-stop.sh} in a directory of its own, with
 * a look at its REST API.
 *
 * <pre>{@code
 * try (FlinkCluster c = FlinkCluster.start(dir, 2)) { c.jobState(id); }
 * }</pre>
 */
final class FlinkCluster implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path dir;
  private final String master;

  private FlinkCluster(Path dir, String master) {
    this.dir = dir;
    this.master = master;
  }

  static FlinkCluster start(Path dir, int slots) throws Exception {
    return start(dir, slots, null);
  }

  /** A cluster whose JVMs have {@code ferryJar} on their class path (none when null). */
  static FlinkCluster start(Path dir, int slots, Path ferryJar) throws Exception {
    Path script = Cli.repoRoot().resolve("scripts/flink-start.sh");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "bash",
                script.toString(),
                "--dir",
                dir.toString(),
                "--slots",
                String.valueOf(slots),
                "--jm-memory",
                "1g",
                "--tm-memory",
                "2560m"));
    if (ferryJar != null) {
      cmd.addAll(List.of("--ferry-jar", ferryJar.toString()));
    }
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (!p.waitFor(3, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException("flink-start.sh failed: " + out);
    }
    List<String> lines = out.lines().toList();
    return new FlinkCluster(dir, lines.get(lines.size() - 1).trim());
  }

  /** The REST address, HOST:PORT. */
  String master() {
    return master;
  }

  JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://" + master + path))
                    .timeout(Duration.ofSeconds(30))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("GET " + path + " answered " + r.statusCode() + ": " + r.body());
    }
    return JSON.readTree(r.body());
  }

  /** The job's state as the cluster lists it in /jobs/overview (FINISHED, FAILED, ...). */
  String jobState(String jobId) throws IOException, InterruptedException {
    for (JsonNode job : get("/jobs/overview").path("jobs")) {
      if (jobId.equals(job.path("jid").asText())) {
        return job.path("state").asText();
      }
    }
    return "NOT LISTED";
  }

  @Override
  public void close() throws Exception {
    Process p =
        new ProcessBuilder(
                "bash",
                Cli.repoRoot().resolve("scripts/flink-stop.sh").toString(),
                "--dir",
                dir.toString())
            .inheritIO()
            .start();
    p.waitFor(2, TimeUnit.MINUTES);
    if (Files.exists(dir.resolve("jobmanager.pid"))
        || Files.exists(dir.resolve("taskmanager.pid"))) {
      throw new IllegalStateException("flink-stop.sh left PID files in " + dir);
    }
  }
}
