package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FerryCliTest {
  @TempDir Path tmp;

  @Test
  void anInvalidSpecExitsWithTwoAndNamesFileLineAndField() throws Exception {
    Path spec = tmp.resolve("bad.yaml");
    Files.writeString(
        spec,
        "version: 1\n"
            + "name: bad\n"
            + "sources:\n"
            + "  app: { type: sqlite, path: x.db }\n"
            + "targets:\n"
            + "  out: { type: jsonl, path: out/ }\n"
            + "flows:\n"
            + "  - name: f\n"
            + "    from: { source: app, table: t }\n"
            + "    steps:\n"
            + "      - cast: { field: a, to: jsn }\n"
            + "    to: { target: out }\n");

    Captured c = Captured.run(() -> Ferry.execute("run", spec.toString(), "--quiet"));

    assertThat(c.code()).isEqualTo(2);
    assertThat(c.err())
        .startsWith("ferry: the spec is invalid:\n" + spec + ":11: flows[0].steps[0].cast: ");
    assertThat(c.err()).contains("'to' must be one of");
  }

  @Test
  void aMissingSourceFileExitsWithTwoBeforeWritingAnything() throws Exception {
    Path spec = tmp.resolve("spec.yaml");
    Files.writeString(
        spec,
        "version: 1\nname: nofile\nsources:\n  app: { type: sqlite, path: missing.db }\n"
            + "targets:\n  out: { type: jsonl, path: out/ }\n"
            + "flows:\n  - name: f\n    from: { source: app, table: t }\n    to: { target: out }\n");

    Captured c = Captured.run(() -> Ferry.execute("run", spec.toString(), "--quiet"));

    assertThat(c.code()).isEqualTo(2);
    assertThat(c.err().trim())
        .isEqualTo(
            "ferry: source 'app': SQLite database file not found: " + tmp.resolve("missing.db"));
    assertThat(tmp.resolve("out")).doesNotExist();
  }

  @Test
  void sampleThenRunIntoJsonlFilesPasses() throws Exception {
    Path spec =
        itemsToFiles(30, "    steps:\n      - cast: { field: created_at, to: timestamp }\n");

    Captured c =
        Captured.run(
            () ->
                Ferry.execute(
                    "run", spec.toString(), "--quiet", "--run-dir", tmp.resolve("run").toString()));

    assertThat(c.code()).isZero();
    assertThat(c.out()).contains("verdict: PASS");
    assertThat(Files.readAllLines(tmp.resolve("out/items.jsonl"))).hasSize(30);
    assertThat(Files.readString(tmp.resolve("run/report.md")))
        .contains("| items | sqlite app.items | jsonl out/items.jsonl | 30 | 30 | 0 | 0 | ok |");
  }

  @Test
  void anUnreachableFlinkClusterStopsTheRunBeforeABackupOrAWrite() throws Exception {
    assertAnUnreachableClusterStopsTheRun();
  }

  @Test
  void anUnreachableFlinkClusterStopsTheRunAlsoWhenTheParallelismIsGiven() throws Exception {
    // Nothing needs the cluster's default parallelism then; the cluster is asked all the same.
    assertAnUnreachableClusterStopsTheRun("--parallelism", "2");
  }

  private void assertAnUnreachableClusterStopsTheRun(String... more) throws Exception {
    Path spec = itemsToFiles(3, "");
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    String master = "127.0.0.1:" + closedPort;
    Path jar = Files.writeString(tmp.resolve("job.jar"), "never shipped");
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                spec.toString(),
                "--quiet",
                "--runner",
                "flink",
                "--flink-master",
                master,
                "--flink-jar",
                jar.toString(),
                "--backup-dir",
                tmp.resolve("backups").toString(),
                "--run-dir",
                tmp.resolve("run").toString()));
    args.addAll(List.of(more));

    Captured c = Captured.run(() -> Ferry.execute(args.toArray(new String[0])));

    assertThat(c.code()).isEqualTo(2);
    assertThat(c.err())
        .startsWith(
            "ferry: cannot reach the Flink REST API at "
                + master
                + " (--flink-master): connection refused");
    assertThat(tmp.resolve("backups")).doesNotExist();
    assertThat(tmp.resolve("out")).doesNotExist();
  }

  /** A spec copying the S2 sample's items ({@code rows} of them) into {@code out/items.jsonl}. */
  private Path itemsToFiles(int rows, String steps) throws Exception {
    Path db = tmp.resolve("collections.db");
    assertThat(Ferry.execute("sample", "s2", db.toString(), "--rows", String.valueOf(rows)))
        .isZero();
    Path spec = tmp.resolve("to-files.yaml");
    Files.writeString(
        spec,
        "version: 1\nname: to-files\nsources:\n  app: { type: sqlite, path: collections.db }\n"
            + "targets:\n  out: { type: jsonl, path: out/ }\n"
            + "flows:\n  - name: items\n    from: { source: app, table: items }\n"
            + steps
            + "    to: { target: out }\n");
    return spec;
  }

  @Test
  void progressLineSumsEachFlowsCounters() {
    Map<String, Long> counters = new TreeMap<>();
    counters.put("items.read", 1200L);
    counters.put("items.written", 1000L);
    counters.put("items.rejected", 2L);
    counters.put("analyses.read", 5L);
    counters.put("analyses.nonnull.raw_response", 4L);
    assertThat(ProgressPrinter.line(counters))
        .isEqualTo(
            "analyses: read 5 written 0 rejected 0 | items: read 1,200 written 1,000 rejected 2");
  }
}
