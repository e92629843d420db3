package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.examples.S2ChromaSample;
import dev.ferry.examples.S2SampleData;
import dev.ferry.io.chroma.ChromaHttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The S2 example through {@code ferry} (the built jar, in its own JVM) on a real standalone Flink
 * session cluster started by {@code scripts/flink-start.sh}, and on the embedded mini-cluster,
 * compared with a DirectRunner run of the same spec: same target rows, same rejects, same report
 * apart from timings; validation on the cluster; a job the target refuses reported with the
 * cluster's reason, the cluster still usable after it; a cluster with Ferry on its class path,
 * which runs jobs that ship no jar, and refuses them when its Ferry is another build.
 */
class FlinkRunnersIT {
  private static final int ROWS = 400;
  private static final String TENANT = "tenant-7";
  private static final List<String> TABLES = List.of("items", "analyses", "embeddings");
  private static final String FULL_SPEC = "spec-full.yaml";
  private static final List<String> FULL_TABLES =
      List.of(
          "items", "analyses", "embeddings", "langchain_pg_collection", "langchain_pg_embedding");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Path clusterDir;
  private static FlinkCluster cluster;

  @TempDir Path tmp;
  private Connection pg;
  private String schema;
  private Path sqlite;

  @BeforeAll
  static void startCluster() throws Exception {
    // Under target/: its logs stay there for a look after a failure; mvn clean removes them.
    clusterDir = Cli.repoRoot().resolve("runners/target/flink-it-cluster");
    cluster = FlinkCluster.start(clusterDir, 2);
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @BeforeEach
  void setUp() throws Exception {
    pg = DriverManager.getConnection(Cli.PG_URL, Cli.PG_USER, Cli.PG_PASSWORD);
    schema = "flink_it_" + UUID.randomUUID().toString().substring(0, 8);
    sql("CREATE SCHEMA " + schema);
    sqlite = tmp.resolve("collections.db");
    S2SampleData.write(sqlite, ROWS);
  }

  @AfterEach
  void tearDown() throws Exception {
    sql("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    pg.close();
  }

  @Test
  void theClusterCheckKnowsTheClustersVersionAndSlots() {
    // The cluster: Flink 1.19, one TaskManager of 2 slots, parallelism.default 2.
    assertThat(FlinkRest.checkCluster(cluster.master(), 2)).isNull();
    assertThat(FlinkRest.checkCluster(cluster.master(), null)).isNull();
    String warning =
        "flink: --parallelism 3 needs 3 task slots, and the cluster at "
            + cluster.master()
            + " has 2 (in 1 TaskManager): unless it starts more TaskManagers, the job waits for"
            + " slots until Flink's slot.request.timeout (5 minutes by default) and then fails."
            + " Give --parallelism 2 or fewer to run it on the slots there are.";
    assertThat(FlinkRest.checkCluster(cluster.master(), 3)).isEqualTo(warning);

    // A run prints it before anything is written.
    Runners.Choice three = new Runners.Choice("flink", 3, cluster.master(), null, true);
    Captured c =
        Captured.run(
            () -> {
              Runners.checked(three, Runners.optionsInBackground(three));
              return 0;
            });
    assertThat(c.err()).isEqualTo(warning + System.lineSeparator());
  }

  @Test
  void theS2ExampleOnTheClusterAndEmbeddedEqualsTheDirectRunner() throws Exception {
    Cli.Result direct = run("direct-run", "--runner", "direct");
    assertThat(direct.code()).as(direct.toString()).isZero();
    Map<String, List<String>> directRows = targetRows();
    assertThat(directRows.get("items")).hasSize(ROWS);
    assertThat(directRows.get("analyses")).hasSize(ROWS - 1);

    recreateSchema();
    Cli.Result onCluster =
        run(
            "cluster-run",
            "--runner",
            "flink",
            "--flink-master",
            cluster.master(),
            "--parallelism",
            "2");
    assertThat(onCluster.code()).as(onCluster.toString()).isZero();
    assertThat(onCluster.out()).contains("verdict: PASS");
    String job = onCluster.jobId();
    assertThat(cluster.jobState(job)).isEqualTo("FINISHED");
    JsonNode vertices = cluster.get("/jobs/" + job).path("vertices");
    assertThat(vertices.findValuesAsText("parallelism")).contains("2");
    assertThat(targetRows()).isEqualTo(directRows);
    assertSameReport("direct-run", "cluster-run");
    assertSameRejects("direct-run", "cluster-run");

    recreateSchema();
    Cli.Result embedded = run("local-run", "--runner", "flink-local", "--parallelism", "2");
    assertThat(embedded.code()).as(embedded.toString()).isZero();
    assertThat(embedded.err()).containsPattern("flink: job [0-9a-f]{32} FINISHED");
    assertThat(targetRows()).isEqualTo(directRows);
    assertSameReport("direct-run", "local-run");
    assertSameRejects("direct-run", "local-run");
  }

  @Test
  void theFullS2ExampleWithItsChromaCollectionOnTheClusterEqualsTheDirectRunner() throws Exception {
    String url = System.getenv("FERRY_CHROMA_URL");
    assertThat(url).as("FERRY_CHROMA_URL (scripts/test.sh starts the Chroma server)").isNotNull();
    String collection = "flink_it_" + UUID.randomUUID().toString().substring(0, 8);
    S2ChromaSample.write(url, collection, 120, 64);
    try {
      Cli.Result direct =
          ferryOn(
              FULL_SPEC,
              "run",
              "full-direct",
              "--no-backup",
              "--runner",
              "direct",
              "--set",
              "chroma_collection=" + collection);
      assertThat(direct.code()).as(direct.toString()).isZero();
      assertThat(direct.out()).contains("verdict: PASS");
      Map<String, List<String>> directRows = targetRows(FULL_TABLES);
      assertThat(directRows.get("langchain_pg_embedding")).hasSize(120);

      recreateSchema();
      Cli.Result onCluster =
          ferryOn(
              FULL_SPEC,
              "run",
              "full-cluster",
              "--no-backup",
              "--runner",
              "flink",
              "--flink-master",
              cluster.master(),
              "--parallelism",
              "2",
              "--set",
              "chroma_collection=" + collection);
      assertThat(onCluster.code()).as(onCluster.toString()).isZero();
      assertThat(onCluster.out()).contains("verdict: PASS");
      assertThat(cluster.jobState(onCluster.jobId())).isEqualTo("FINISHED");
      assertThat(targetRows(FULL_TABLES)).isEqualTo(directRows);
      assertSameReport("full-direct", "full-cluster");
      // The vector facts the workers computed on the cluster are those of the DirectRunner.
      for (String f : List.of("summary.json", "samples.jsonl", "topk.jsonl", "invalid.jsonl")) {
        assertThat(Files.readString(tmp.resolve("full-cluster/facts/vectors/" + f)))
            .as(f)
            .isEqualTo(Files.readString(tmp.resolve("full-direct/facts/vectors/" + f)));
      }
      assertThat(sortedLines(tmp.resolve("full-cluster/facts/vectors/fingerprints.jsonl")))
          .hasSize(120)
          .isEqualTo(sortedLines(tmp.resolve("full-direct/facts/vectors/fingerprints.jsonl")));
    } finally {
      new ChromaHttpClient(url).deleteCollection(collection);
    }
  }

  @Test
  void validateRunsOnTheClusterAndNamesTheSameDifferencesAsTheDirectRunner() throws Exception {
    assertThat(run("migrate", "--runner", "direct").code()).isZero();

    Cli.Result clean = validate("validate-clean", "--runner", "flink");
    assertThat(clean.code()).as(clean.toString()).isZero();
    assertThat(clean.out()).contains("verdict: PASS");
    assertThat(cluster.jobState(clean.jobId())).isEqualTo("FINISHED");
    JsonNode report = report("validate-clean");
    assertThat(report.path("flows").get(0).path("written").asLong()).isEqualTo(ROWS);
    for (JsonNode flow : report.path("flows")) {
      assertThat(flow.path("passed").asBoolean()).as(flow.toString()).isTrue();
    }

    String gone = firstId("items", 0);
    String edited = firstId("items", 1);
    sql("DELETE FROM " + schema + ".items WHERE id = '" + gone + "'");
    sql("UPDATE " + schema + ".items SET filename = 'renamed.pdf' WHERE id = '" + edited + "'");

    Cli.Result onCluster = validate("validate-cluster", "--runner", "flink");
    Cli.Result direct = validate("validate-direct", "--runner", "direct");
    assertThat(onCluster.code()).as(onCluster.toString()).isEqualTo(1);
    assertThat(direct.code()).as(direct.toString()).isEqualTo(1);
    assertThat(cluster.jobState(onCluster.jobId())).isEqualTo("FINISHED");
    List<String> diff = sortedLines(tmp.resolve("validate-cluster/diff/items.jsonl"));
    assertThat(diff).hasSize(2);
    assertThat(diff).anySatisfy(l -> assertThat(l).contains("missing").contains(gone));
    assertThat(diff)
        .anySatisfy(l -> assertThat(l).contains("changed").contains(edited).contains("filename"));
    assertThat(diff).isEqualTo(sortedLines(tmp.resolve("validate-direct/diff/items.jsonl")));
    assertSameReport("validate-direct", "validate-cluster");
  }

  @Test
  void aJobTheTargetRefusesFailsWithTheClustersReasonAndTheClusterStaysUsable() throws Exception {
    assertThat(run("create", "--runner", "direct").code()).isZero();
    sql("TRUNCATE " + schema + ".items");
    sql(
        "CREATE FUNCTION "
            + schema
            + ".refuse() RETURNS trigger LANGUAGE plpgsql AS"
            + " $$ BEGIN RAISE EXCEPTION 'items are read-only during the audit'; END $$");
    sql(
        "CREATE TRIGGER refuse BEFORE INSERT OR UPDATE ON "
            + schema
            + ".items FOR EACH ROW EXECUTE FUNCTION "
            + schema
            + ".refuse()");

    Cli.Result refused =
        run("refused", "--runner", "flink", "--flink-master", cluster.master(), "--quiet");
    assertThat(refused.code()).as(refused.toString()).isEqualTo(1);
    assertThat(refused.out())
        .contains("verdict: FAIL")
        .contains("the pipeline failed:")
        .contains("items are read-only during the audit");
    assertThat(cluster.jobState(refused.jobId())).isEqualTo("FAILED");
    // The cluster's own record of the failure (its exception history may lag the job's state).
    String exceptions = "";
    for (int i = 0; i < 40 && !exceptions.contains("read-only during the audit"); i++) {
      exceptions = cluster.get("/jobs/" + refused.jobId() + "/exceptions").toString();
      Thread.sleep(250);
    }
    assertThat(exceptions).contains("items are read-only during the audit");
    assertThat(report("refused").path("reasons").toString())
        .contains("items are read-only during the audit");
    assertThat(count("items")).isZero();

    sql("DROP TRIGGER refuse ON " + schema + ".items");
    Cli.Result after =
        run("after", "--runner", "flink", "--flink-master", cluster.master(), "--quiet");
    assertThat(after.code()).as(after.toString()).isZero();
    assertThat(cluster.jobState(after.jobId())).isEqualTo("FINISHED");
    assertThat(count("items")).isEqualTo(ROWS);
    JsonNode overview = cluster.get("/overview");
    assertThat(overview.path("taskmanagers").asInt()).isEqualTo(1);
    assertThat(overview.path("slots-total").asInt()).isEqualTo(2);
  }

  @Test
  void aClusterWithFerryOnItsClassPathRunsJobsThatShipNoJarAndRefusesAnotherBuild()
      throws Exception {
    Cli.Result direct = run("direct-run", "--runner", "direct");
    assertThat(direct.code()).as(direct.toString()).isZero();
    Map<String, List<String>> directRows = targetRows();
    Path jar = Cli.repoRoot().resolve("runners/target/ferry.jar");

    // Another build of Ferry on the cluster: the same jar but for its build's identity.
    Path other = tmp.resolve("other-build/ferry.jar");
    Files.createDirectories(other.getParent());
    Files.copy(jar, other);
    try (FileSystem zip = FileSystems.newFileSystem(other)) {
      Files.writeString(
          zip.getPath("dev/ferry/cli/ferry-build.properties"), "build=20260101T000000.000Z\n");
    }
    Path dir = Cli.repoRoot().resolve("runners/target/flink-it-cluster-with-ferry");
    try (FlinkCluster withOther = FlinkCluster.start(dir, 2, other)) {
      recreateSchema();
      Cli.Result refused =
          run(
              "other-build",
              "--runner",
              "flink",
              "--flink-master",
              withOther.master(),
              "--flink-jar-on-cluster",
              "--quiet");
      assertThat(refused.code()).as(refused.toString()).isEqualTo(1);
      assertThat(refused.out())
          .containsPattern(
              "the pipeline failed: the Flink cluster's class path holds Ferry build"
                  + " 20260101T000000.000Z, not this client's build \\d{8}T\\d{6}\\.\\d{3}Z:"
                  + " put this build's ferry.jar on the cluster \\(scripts/flink-start.sh"
                  + " --ferry-jar\\) or run without --flink-jar-on-cluster to ship it with the job");
      // The JobManager refused the job while initializing it, so the submission itself failed:
      // the cluster lists it as FAILED, no task ran, nothing was written.
      assertThat(refused.err()).doesNotContain("submitted to");
      assertThat(withOther.get("/jobs/overview").findValuesAsText("state"))
          .containsExactly("FAILED");
      for (String table : TABLES) {
        assertThat(count(table)).as(table).isZero();
      }
    }

    // This build on the cluster: two jobs in a row, each equal to the DirectRunner's run.
    try (FlinkCluster withFerry = FlinkCluster.start(dir, 2, jar)) {
      for (String runDir : List.of("on-cluster-1", "on-cluster-2")) {
        recreateSchema();
        Cli.Result r =
            run(
                runDir,
                "--runner",
                "flink",
                "--flink-master",
                withFerry.master(),
                "--parallelism",
                "2",
                "--flink-jar-on-cluster");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(withFerry.jobState(r.jobId())).isEqualTo("FINISHED");
        assertThat(targetRows()).isEqualTo(directRows);
        assertSameReport("direct-run", runDir);
        assertSameRejects("direct-run", runDir);
      }
    }
  }

  @Test
  void aPostgresQueryWithSplitByIsPlannedByTheJobManagerIntoKeyRangesAndEqualsTheDirectRunner()
      throws Exception {
    // 120,000 keys: three key ranges of 50,000 values and the NULL part, planned on the
    // JobManager as the job starts (the client only builds the graph).
    sql("CREATE TABLE " + schema + ".events (id bigint PRIMARY KEY, label text NOT NULL)");
    sql(
        "INSERT INTO "
            + schema
            + ".events SELECT g, 'e' || g FROM generate_series(1, 120000) g WHERE g % 1000 <> 7");
    Path spec =
        oneFlowSpec(
            "pg-source",
            List.of(
                "  legacy:",
                "    type: postgres",
                "    url: \"${env:FERRY_PG_URL}\"",
                "    user: \"${env:FERRY_PG_USER}\"",
                "    password: \"${env:FERRY_PG_PASSWORD}\"",
                "    schema: " + schema),
            List.of(
                "  - name: events",
                "    from:",
                "      source: legacy",
                "      query: \"SELECT id, label FROM " + schema + ".events\"",
                "      split_by: id",
                "    key: [id]",
                "    to: { target: files, table: events }"));
    Map<String, List<String>> lines =
        directThenCluster(spec, "pg", "events", "events/read/Ranges of id");
    assertThat(lines.get("direct")).hasSize(120_000 - 120);
    assertThat(lines.get("direct").get(0)).isEqualTo("{\"id\":1,\"label\":\"e1\"}");
  }

  @Test
  void aMongoSourceIsPlannedByTheJobManagerIntoIdRangesAndEqualsTheDirectRunner() throws Exception {
    de.bwaldvogel.mongo.MongoServer mongo =
        new de.bwaldvogel.mongo.MongoServer(new de.bwaldvogel.mongo.backend.memory.MemoryBackend());
    mongo.bind("127.0.0.1", 0);
    try {
      String uri = "mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort();
      assertThat(Ferry.execute("sample", "s5", uri + "/demo", "--docs", "3000")).isZero();
      Path spec =
          oneFlowSpec(
              "mongo-source",
              List.of(
                  "  app: { type: mongodb, uri: \""
                      + uri
                      + "\", database: demo, collection: user_data }"),
              List.of(
                  "  - name: users",
                  "    from: { source: app }",
                  "    to: { target: files, table: users }"));
      Map<String, List<String>> lines =
          directThenCluster(
              spec, "mongo", "users", "users/read/Planned _id ranges of demo.user_data");
      assertThat(lines.get("direct")).hasSize(3000);
    } finally {
      mongo.shutdownNow();
    }
  }

  @Test
  void aCosmosSourceIsPlannedByTheJobManagerIntoFeedRangesAndEqualsTheDirectRunner()
      throws Exception {
    String endpoint = System.getenv("FERRY_COSMOS_ENDPOINT");
    String key = System.getenv("FERRY_COSMOS_KEY");
    assertThat(endpoint)
        .as("FERRY_COSMOS_ENDPOINT (scripts/test.sh starts the server)")
        .isNotNull();
    String database = "flink_it_" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(Ferry.execute("sample", "s1", database, "--rows", "100")).isZero();
    try {
      Path spec =
          oneFlowSpec(
              "cosmos-source",
              List.of(
                  "  old:",
                  "    type: cosmos",
                  "    endpoint: \"${env:FERRY_COSMOS_ENDPOINT}\"",
                  "    key: \"${env:FERRY_COSMOS_KEY}\"",
                  "    database: " + database),
              List.of(
                  "  - name: users",
                  "    from: { source: old, table: users }",
                  "    to: { target: files, table: users }"));
      Map<String, List<String>> lines =
          directThenCluster(spec, "cosmos", "users", "users/read/feed ranges");
      assertThat(lines.get("direct")).hasSize(dev.ferry.examples.S1SampleData.USERS);
    } finally {
      try (com.azure.cosmos.CosmosClient client =
          dev.ferry.io.cosmos.CosmosConnection.of(endpoint, key, database).client()) {
        client.getDatabase(database).delete();
      }
    }
  }

  @Test
  void theClusterRunnerNeedsItsMasterAndWritesNothingWithoutIt() throws Exception {
    Cli.Result r = run("no-master", "--runner", "flink");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--runner flink needs --flink-master HOST:PORT");
    assertThat(count("information_schema.tables WHERE table_schema = '" + schema + "'")).isZero();
  }

  /**
   * Writes {@code <name>.yaml}: a spec named {@code <name>-on-flink} with the given source lines
   * (under {@code sources:}) and flow lines (under {@code flows:}), whose JSON Lines target {@code
   * files} writes to the folder of the {@code out} parameter.
   */
  private Path oneFlowSpec(String name, List<String> sources, List<String> flows) throws Exception {
    List<String> lines = new ArrayList<>();
    lines.addAll(
        List.of(
            "version: 1",
            "name: " + name + "-on-flink",
            "params:",
            "  out: { required: true }",
            "sources:"));
    lines.addAll(sources);
    lines.addAll(List.of("targets:", "  files: { type: jsonl, path: \"${out}\" }", "flows:"));
    lines.addAll(flows);
    lines.add("");
    Path spec = tmp.resolve(name + ".yaml");
    Files.writeString(spec, String.join("\n", lines));
    return spec;
  }

  /**
   * Runs {@code spec} (one flow into the JSON Lines file {@code table}) on the DirectRunner, then
   * on the cluster at parallelism 2, and checks that the cluster's job finished with a source
   * vertex named {@code readVertex}, wrote the same lines, and gave the same report. Returns the
   * sorted lines of each run, by runner. Both runs write to one folder, so that their reports are
   * the same apart from timings.
   */
  private Map<String, List<String>> directThenCluster(
      Path spec, String name, String table, String readVertex) throws Exception {
    Path out = tmp.resolve(name + "-out");
    Map<String, List<String>> lines = new LinkedHashMap<>();
    for (String runner : List.of("direct", "flink")) {
      Files.deleteIfExists(out.resolve(table + ".jsonl"));
      List<String> args =
          new ArrayList<>(
              List.of(
                  "run",
                  spec.toString(),
                  "--set",
                  "out=" + out,
                  "--run-dir",
                  tmp.resolve(name + "-" + runner).toString(),
                  "--no-backup",
                  "--runner",
                  runner));
      if (runner.equals("flink")) {
        args.addAll(List.of("--flink-master", cluster.master(), "--parallelism", "2"));
      }
      Cli.Result r = Cli.ferry(args.toArray(new String[0]));
      assertThat(r.code()).as(r.toString()).isZero();
      assertThat(r.out()).contains("verdict: PASS");
      if (runner.equals("flink")) {
        String job = r.jobId();
        assertThat(cluster.jobState(job)).isEqualTo("FINISHED");
        assertThat(cluster.get("/jobs/" + job).path("vertices").toString()).contains(readVertex);
      }
      lines.put(runner, sortedLines(out.resolve(table + ".jsonl")));
    }
    assertThat(lines.get("flink")).isEqualTo(lines.get("direct"));
    assertSameReport(name + "-direct", name + "-flink");
    return lines;
  }

  private Cli.Result run(String runDir, String... runner) throws Exception {
    List<String> args = new ArrayList<>(List.of("--backup-dir", tmp.resolve("backups").toString()));
    args.addAll(List.of(runner));
    return ferry("run", runDir, args.toArray(new String[0]));
  }

  private Cli.Result validate(String runDir, String... runner) throws Exception {
    List<String> args = new ArrayList<>(List.of(runner));
    if (args.contains("flink")) {
      args.addAll(List.of("--flink-master", cluster.master()));
    }
    return ferry("validate", runDir, args.toArray(new String[0]));
  }

  private Cli.Result ferry(String command, String runDir, String... runner) throws Exception {
    return ferryOn("spec.yaml", command, runDir, runner);
  }

  /** Runs {@code command} on {@code examples/s2-collections/<spec>} for this test's data. */
  private Cli.Result ferryOn(String spec, String command, String runDir, String... runner)
      throws Exception {
    List<String> args = new ArrayList<>();
    args.add(command);
    args.add(Cli.repoRoot().resolve("examples/s2-collections").resolve(spec).toString());
    args.addAll(
        List.of(
            "--set",
            "user_id=" + TENANT,
            "--set",
            "sqlite_path=" + sqlite,
            "--set",
            "schema=" + schema,
            "--run-dir",
            tmp.resolve(runDir).toString()));
    args.addAll(List.of(runner));
    return Cli.ferry(args.toArray(new String[0]));
  }

  /**
   * The report without what may differ between runs of one spec: timings (the pipeline's too, and
   * the backup folder's time stamp), runner, directory.
   */
  private JsonNode report(String runDir) throws Exception {
    String text = untimed(unstamped(Files.readString(tmp.resolve(runDir).resolve("report.json"))));
    ObjectNode r = (ObjectNode) JSON.readTree(text);
    r.remove(
        List.of("started", "finished", "duration_ms", "pipeline_ms", "runner", "run_directory"));
    return r;
  }

  /**
   * A vector flow's timings: how long its index build and checks took, and its search latency (a
   * measurement of the target, which passes or fails on its threshold).
   */
  private static String untimed(String text) {
    return text.replaceAll("took \\d+\\.\\d s", "took <time> s")
        .replaceAll("p50 \\d+\\.\\d ms, p95 \\d+\\.\\d ms", "p50 <time> ms, p95 <time> ms");
  }

  /** Backup folders are named <spec>-<UTC yyyyMMdd-HHmmss>: the time stamp is a timing. */
  private static String unstamped(String text) {
    return text.replaceAll("s2-collections-\\d{8}-\\d{6}", "s2-collections-<time>");
  }

  private void assertSameReport(String expected, String actual) throws Exception {
    assertThat(report(actual)).isEqualTo(report(expected));
    assertThat(markdown(actual)).isEqualTo(markdown(expected));
  }

  /** report.md without the lines that may differ: runner, start, durations, run directory. */
  private List<String> markdown(String runDir) throws Exception {
    return Files.readAllLines(tmp.resolve(runDir).resolve("report.md")).stream()
        .filter(
            l ->
                !l.startsWith("| runner |")
                    && !l.startsWith("| started |")
                    && !l.startsWith("| duration |")
                    && !l.startsWith("| pipeline |")
                    && !l.startsWith("| run directory |"))
        .map(FlinkRunnersIT::unstamped)
        .map(FlinkRunnersIT::untimed)
        .toList();
  }

  private void assertSameRejects(String expected, String actual) throws Exception {
    for (String t : TABLES) {
      List<String> want = sortedLines(tmp.resolve(expected).resolve("rejects/" + t + ".jsonl"));
      assertThat(sortedLines(tmp.resolve(actual).resolve("rejects/" + t + ".jsonl")))
          .as("rejects of " + t)
          .isEqualTo(want);
    }
    assertThat(sortedLines(tmp.resolve(actual).resolve("rejects/analyses.jsonl"))).hasSize(1);
  }

  private static List<String> sortedLines(Path file) throws Exception {
    try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
      return lines.sorted().toList();
    }
  }

  private Map<String, List<String>> targetRows() throws Exception {
    return targetRows(TABLES);
  }

  private Map<String, List<String>> targetRows(List<String> tables) throws Exception {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String t : tables) {
      List<String> rows = new ArrayList<>();
      try (Statement s = pg.createStatement();
          ResultSet rs =
              s.executeQuery("SELECT t::text FROM " + schema + "." + t + " t ORDER BY 1")) {
        while (rs.next()) {
          rows.add(rs.getString(1));
        }
      }
      out.put(t, rows);
    }
    return out;
  }

  private String firstId(String table, int offset) throws Exception {
    try (Statement s = pg.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT id FROM " + schema + "." + table + " ORDER BY id OFFSET " + offset)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private long count(String from) throws Exception {
    String q =
        from.contains(" ")
            ? "SELECT count(*) FROM " + from
            : "SELECT count(*) FROM " + schema + "." + from;
    try (Statement s = pg.createStatement();
        ResultSet rs = s.executeQuery(q)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private void recreateSchema() throws Exception {
    sql("DROP SCHEMA " + schema + " CASCADE");
    sql("CREATE SCHEMA " + schema);
  }

  private void sql(String statement) throws Exception {
    try (Statement s = pg.createStatement()) {
      s.execute(statement);
    }
  }
}
