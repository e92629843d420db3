package dev.ferry.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.backup.BackupEntry;
import dev.ferry.backup.Manifests;
import dev.ferry.examples.S5SampleData;
import dev.ferry.report.Check;
import dev.ferry.report.FlowReport;
import dev.ferry.report.RunReport;
import dev.ferry.spec.Spec;
import dev.ferry.spec.SpecLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry rollback --backup DIR} on the S5 example: the split runs with its backup, the
 * original user_data is lost, and the rollback rebuilds it under its own name from the two new
 * collections and proves it equal to the backup's copy; a tampered new collection makes the proof
 * name the {@code _id} and the field. Also: the declared model_configs collection is in the
 * backups.
 */
class MongoRollbackBackupIT {
  private static final String DB = "narrative";
  private static final int DOCS = 300;

  @TempDir Path tmp;
  private MongoTestServer mongo;
  private List<Document> original;

  @BeforeEach
  void start() {
    mongo = new MongoTestServer();
    assertThat(S5SampleData.write(mongo.conn(DB, "user_data"), DOCS, S5SampleData.DEFAULT_SEED))
        .isEqualTo(DOCS);
    original = mongo.documents(DB, "user_data");
  }

  @AfterEach
  void stop() {
    mongo.close();
  }

  private Spec spec(String restoreCollection) throws Exception {
    return SpecLoader.load(
        TestDb.repoRoot().resolve("examples/s5-userdata-split/spec.yaml"),
        Map.of("restore_collection", restoreCollection),
        mongo.env());
  }

  private static PipelineOptions options() {
    return PipelineOptionsFactory.fromArgs("--runner=DirectRunner", "--targetParallelism=2")
        .create();
  }

  private RunReport split(String dir) throws Exception {
    RunReport r =
        Migration.run(
            spec("user_data_rebuilt"),
            new RunSettings(tmp.resolve(dir), false, "DirectRunner"),
            options(),
            c -> {},
            tmp.resolve("backups"));
    assertThat(r.verdict()).isEqualTo("PASS");
    return r;
  }

  private RunReport rollbackIntoUserData(String dir, Path backup) throws Exception {
    return Rollback.run(
        spec("user_data"),
        new RunSettings(tmp.resolve(dir), false, "DirectRunner"),
        options(),
        c -> {},
        backup);
  }

  private static Check check(FlowReport f, String name) {
    return f.checks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  private void dropUserData() {
    var c = mongo.conn(DB, "user_data");
    try (var client = c.client()) {
      c.collection(client).drop();
      assertThat(client.getDatabase(DB).listCollectionNames().into(new ArrayList<>()))
          .doesNotContain("user_data");
    }
  }

  @Test
  void aDroppedOriginalIsRebuiltUnderItsNameAndProvenEqualToTheBackupsCopy() throws Exception {
    RunReport run = split("run");
    Path backup = Path.of(run.backup());
    String copy = backup.resolve("source-user_data-narrative.user_data.jsonl").toString();
    dropUserData();

    RunReport r = rollbackIntoUserData("rollback", backup);
    assertThat(r.failure()).isNull();
    assertThat(r.verdict()).isEqualTo("PASS");
    FlowReport f = r.flow("rollback");
    assertThat(f.read()).isEqualTo(DOCS);
    assertThat(f.written()).isEqualTo(DOCS);
    assertThat(f.rejected()).isZero();
    assertThat(check(f, "equal to the original").detail())
        .isEqualTo(
            "narrative.user_data has 300 documents, backup "
                + copy
                + " 300: 300 equal, 0 differences");
    assertThat(r.notes()).contains("created collection narrative.user_data");
    // The rebuilt collection is the original, byte for byte.
    assertThat(mongo.documents(DB, "user_data")).isEqualTo(original);
  }

  @Test
  void aRebuiltDocumentThatDiffersFromTheBackupIsNamedByIdAndField() throws Exception {
    RunReport run = split("run");
    Path backup = Path.of(run.backup());
    String copy = backup.resolve("source-user_data-narrative.user_data.jsonl").toString();
    // Damage the original, and one document of the new collection the rollback reads.
    var ud = mongo.conn(DB, "user_data");
    var dm = mongo.conn(DB, "dataset_metadata");
    Document victim =
        mongo.documents(DB, "dataset_metadata").stream()
            .filter(d -> d.getString("ai_summary") != null)
            .skip(3)
            .findFirst()
            .orElseThrow();
    String id = victim.getString("dataset_id");
    long deleted;
    try (var client = ud.client()) {
      deleted =
          ud.collection(client)
              .deleteMany(new Document("user_id", original.get(0).get("user_id")))
              .getDeletedCount();
      dm.collection(client)
          .updateOne(
              new Document("dataset_id", id),
              new Document("$set", new Document("ai_summary", "tampered")));
    }

    RunReport r = rollbackIntoUserData("rollback", backup);
    assertThat(r.failure()).isNull();
    assertThat(r.verdict()).isEqualTo("FAIL");
    String proof =
        "narrative.user_data has 300 documents, backup "
            + copy
            + " 300: 299 equal, 1 differences: {\"_id\":{\"$oid\":\""
            + id
            + "\"}}: fields [aiSummary]";
    assertThat(check(r.flow("rollback"), "equal to the original").detail()).isEqualTo(proof);
    assertThat(r.reasons()).containsExactly("flow 'rollback': equal to the original: " + proof);
    assertThat(deleted).isPositive();
    assertThat(r.notes())
        .contains("emptied collection narrative.user_data (" + (DOCS - deleted) + " documents)");
  }

  @Test
  void theDeclaredModelConfigsCollectionIsInTheBackups() throws Exception {
    String where = "mongodb://" + mongo.uri.substring("mongodb://".length()) + "/narrative.";
    RunReport first = split("run1");
    BackupEntry before = entry(Path.of(first.backup()), where + "model_configs");
    // Before the first run it did not exist: a restore drops it.
    assertThat(before)
        .isEqualTo(
            new BackupEntry(
                "mongodb",
                "target",
                "dataset_metadata",
                where + "model_configs",
                false,
                null,
                null,
                0,
                Map.of()));
    RunReport second = split("run2");
    BackupEntry after = entry(Path.of(second.backup()), where + "model_configs");
    assertThat(after.existed()).isTrue();
    assertThat(after.file()).isEqualTo("target-dataset_metadata-narrative.model_configs.jsonl");
    assertThat(after.tables()).isEqualTo(Map.of("model_configs", 0L));
    assertThat(after.bytes()).isZero();
  }

  private static BackupEntry entry(Path folder, String location) throws Exception {
    return Manifests.read(folder).entries().stream()
        .filter(e -> e.location().equals(location))
        .findFirst()
        .orElseThrow();
  }
}
