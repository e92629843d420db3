package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MongoCliTest {
  @TempDir Path tmp;
  private MongoServer server;
  private String uri;

  @BeforeEach
  void start() {
    server = new MongoServer(new MemoryBackend());
    server.bind("127.0.0.1", 0);
    uri = "mongodb://127.0.0.1:" + server.getLocalAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.shutdownNow();
  }

  @Test
  void sampleS5WritesUserDataIntoTheUrisDatabaseAgainFromScratch() {
    assertThat(Ferry.execute("sample", "s5", uri + "/demo", "--docs", "300")).isZero();
    assertThat(Ferry.execute("sample", "s5", uri + "/demo", "--docs", "250")).isZero();
    try (MongoClient c = MongoClients.create(uri)) {
      var coll = c.getDatabase("demo").getCollection("user_data");
      assertThat(coll.countDocuments()).isEqualTo(250);
      Document first = coll.find().sort(new Document("_id", 1)).first();
      assertThat(first.keySet()).startsWith("_id", "user_id", "filename", "original_filename");
      assertThat(first.get("transformation_history")).isInstanceOf(java.util.List.class);
    }
  }

  @Test
  void theDryRunPrintsTheTimedWriteRateAndLeavesNoCollectionBehind() throws Exception {
    try (MongoClient c = MongoClients.create(uri)) {
      var coll = c.getDatabase("d").getCollection("a");
      for (int i = 0; i < 40; i++) {
        coll.insertOne(new Document("_id", i).append("name", "n" + i));
      }
    }
    Path spec = tmp.resolve("dry.yaml");
    Files.writeString(
        spec,
        "version: 1\nname: dry\nsources:\n"
            + "  a: { type: mongodb, uri: \""
            + uri
            + "\", database: d, collection: a }\n"
            + "targets:\n  b: { type: mongodb, uri: \""
            + uri
            + "\", database: e, collection: b }\n"
            + "flows:\n  - name: f\n    from: { source: a }\n"
            + "    steps: [{ set: { field: shout, expr: \"name + '!'\" } }]\n"
            + "    to: { target: b }\n");
    Captured c =
        Captured.run(
            () ->
                Ferry.execute(
                    "run",
                    spec.toString(),
                    "--dry-run",
                    "--quiet",
                    "--run-dir",
                    tmp.resolve("r").toString()));
    assertThat(c.code()).isZero();
    assertThat(c.out().lines().filter(l -> l.startsWith("| f | write rate |")))
        .singleElement()
        .asString()
        .matches(
            "\\| f \\| write rate \\| PASS \\| timed write of 40 mapped sample documents into"
                + " scratch collection e\\.ferry_dryrun_[0-9a-f]{12}: \\d+\\.\\d\\d s, [\\d,]+"
                + " docs/s \\(collection dropped\\) \\|");
    try (MongoClient m = MongoClients.create(uri)) {
      assertThat(m.getDatabase("e").listCollectionNames().into(new java.util.ArrayList<>()))
          .isEmpty();
    }
  }

  @Test
  void rollbackWithBackupRebuildsADroppedOriginalAndPrintsTheProof() throws Exception {
    assertThat(Ferry.execute("sample", "s5", uri + "/narrative", "--docs", "120")).isZero();
    Path spec = tmp.resolve("s5.yaml");
    Files.writeString(
        spec,
        Files.readString(Path.of("../examples/s5-userdata-split/spec.yaml"))
            .replace("${env:FERRY_MONGO_URI}", uri));
    Path backups = tmp.resolve("backups");
    Captured run =
        Captured.run(
            () ->
                Ferry.execute(
                    "run",
                    spec.toString(),
                    "--quiet",
                    "--backup-dir",
                    backups.toString(),
                    "--run-dir",
                    tmp.resolve("run").toString()));
    assertThat(run.code()).as(run.out()).isZero();
    Path folder;
    try (var list = Files.list(backups)) {
      folder = list.collect(java.util.stream.Collectors.toList()).get(0);
    }
    try (MongoClient c = MongoClients.create(uri)) {
      c.getDatabase("narrative").getCollection("user_data").drop();
    }
    Path runDir = tmp.resolve("rollback");
    Captured rb =
        Captured.run(
            () ->
                Ferry.execute(
                    "rollback",
                    spec.toString(),
                    "--set",
                    "restore_collection=user_data",
                    "--backup",
                    folder.toString(),
                    "--quiet",
                    "--run-dir",
                    runDir.toString()));
    assertThat(rb.code()).as(rb.out() + rb.err()).isZero();
    assertThat(rb.out()).contains("verdict: PASS\n");
    assertThat(Files.readString(runDir.resolve("report.md")))
        .contains(
            "| rollback | equal to the original | PASS | narrative.user_data has 120 documents,"
                + " backup "
                + folder.resolve("source-user_data-narrative.user_data.jsonl")
                + " 120: 120 equal, 0 differences |");
    try (MongoClient c = MongoClients.create(uri)) {
      assertThat(c.getDatabase("narrative").getCollection("user_data").countDocuments())
          .isEqualTo(120);
    }
  }

  @Test
  void rollbackOfASpecWithoutARollbackSectionExitsWithTwo() throws Exception {
    Path spec = tmp.resolve("norollback.yaml");
    Files.writeString(
        spec,
        "version: 1\nname: norollback\nsources:\n"
            + "  a: { type: mongodb, uri: \""
            + uri
            + "\", database: d, collection: a }\n"
            + "targets:\n  b: { type: mongodb, uri: \""
            + uri
            + "\", database: d, collection: b }\n"
            + "flows:\n  - name: f\n    from: { source: a }\n    to: { target: b }\n");
    Captured c =
        Captured.run(
            () ->
                Ferry.execute(
                    "rollback",
                    spec.toString(),
                    "--quiet",
                    "--run-dir",
                    tmp.resolve("r").toString()));
    assertThat(c.code()).isEqualTo(2);
    assertThat(c.err()).contains("spec 'norollback' has no rollback section");
  }
}
