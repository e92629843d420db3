package dev.ferry.cli;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the built {@code runners/target/ferry.jar} as a user does ({@code java -jar}), in its own
 * JVM, against the test PostgreSQL server.
 *
 * <pre>{@code
 * Cli.Result r = Cli.ferry("run", spec, "--runner", "flink", "--flink-master", master);
 * }</pre>
 */
final class Cli {
  static final String PG_URL = env("FERRY_PG_URL", "jdbc:postgresql://127.0.0.1:55432/ferry");
  static final String PG_USER = env("FERRY_PG_USER", "ferry");
  static final String PG_PASSWORD = env("FERRY_PG_PASSWORD", "ferry");
  private static final Pattern JOB = Pattern.compile("flink: job ([0-9a-f]{32}) submitted");

  private Cli() {}

  /** Exit code, stdout and stderr of one ferry command. */
  record Result(int code, String out, String err) {
    /** The id of the Flink job the command submitted. */
    String jobId() {
      Matcher m = JOB.matcher(err);
      if (!m.find()) {
        throw new AssertionError("no Flink job submitted; stderr:\n" + err);
      }
      return m.group(1);
    }

    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  static Path repoRoot() {
    Path here = Path.of("").toAbsolutePath();
    return Files.isDirectory(here.resolve("scripts")) ? here : here.getParent();
  }

  static Path jar() {
    Path jar = repoRoot().resolve("runners/target/ferry.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: the package phase builds it");
    }
    return jar;
  }

  static Result ferry(String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx2g");
    cmd.add("-jar");
    cmd.add(jar().toString());
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile("ferry-out", ".txt");
    Path err = Files.createTempFile("ferry-err", ".txt");
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .directory(new File(System.getProperty("java.io.tmpdir")));
    Map<String, String> env = pb.environment();
    env.put("FERRY_PG_URL", PG_URL);
    env.put("FERRY_PG_USER", PG_USER);
    env.put("FERRY_PG_PASSWORD", PG_PASSWORD);
    Process p = pb.start();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroy();
      throw new AssertionError("ferry " + String.join(" ", args) + " did not end in 10 minutes");
    }
    Result r =
        new Result(
            p.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
    Files.delete(out);
    Files.delete(err);
    return r;
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isEmpty() ? fallback : v;
  }
}
