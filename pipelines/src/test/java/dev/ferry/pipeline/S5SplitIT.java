package dev.ferry.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.examples.S5SampleData;
import dev.ferry.report.Check;
import dev.ferry.report.FlowReport;
import dev.ferry.report.RunReport;
import dev.ferry.spec.Spec;
import dev.ferry.spec.SpecLoader;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario S5 end to end on mongo-java-server: 10,523 generated user_data documents split by the
 * example spec into dataset_metadata and transformation_configs, every document checked field by
 * field against the seed's mapping written out here in plain Java, and a re-run that changes
 * nothing.
 */
class S5SplitIT {
  private static final String DB = "narrative";
  private static MongoTestServer mongo;
  private static Spec spec;
  private static List<Document> source;
  private static RunReport first;

  @TempDir static Path tmp;

  @BeforeAll
  static void splitOnce() throws Exception {
    mongo = new MongoTestServer();
    assertThat(
            S5SampleData.write(
                mongo.conn(DB, "user_data"), S5SampleData.SEED_COUNT, S5SampleData.DEFAULT_SEED))
        .isEqualTo(10_523);
    spec =
        SpecLoader.load(
            TestDb.repoRoot().resolve("examples/s5-userdata-split/spec.yaml"),
            Map.of(),
            mongo.env());
    source = mongo.documents(DB, "user_data");
    first = run("run1");
  }

  @AfterAll
  static void stop() {
    mongo.close();
  }

  private static Check check(FlowReport f, String name) {
    return f.checks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void theSplitPassesWithExactCountsAndChecks() {
    assertThat(first.failure()).isNull();
    assertThat(first.verdict()).isEqualTo("PASS");
    for (String flow : List.of("dataset_metadata", "transformation_configs")) {
      FlowReport f = first.flow(flow);
      assertThat(f.read()).isEqualTo(10_523);
      assertThat(f.written()).isEqualTo(10_523);
      assertThat(f.rejected()).isZero();
      assertThat(check(f, "target documents").detail())
          .isEqualTo(
              "narrative."
                  + flow
                  + " has 10523 documents = 100.00 % of the 10523 in source narrative.user_data;"
                  + " this run wrote 10523");
      assertThat(check(f, "writes").detail()).isEqualTo("10523 inserted, 0 modified, 0 unchanged");
      assertThat(check(f, "field mapping").detail())
          .isEqualTo("1000 sampled documents (seed 42) re-mapped: 1000 equal, 0 different");
    }
    long nonEmpty =
        source.stream()
            .filter(d -> !d.getList("transformation_history", Object.class).isEmpty())
            .count();
    assertThat(nonEmpty).isBetween(7000L, 8000L);
    Check histories = check(first.flow("transformation_configs"), "non-empty transformation_steps");
    assertThat(histories.passed()).isTrue();
    assertThat(histories.detail())
        .isEqualTo(
            nonEmpty
                + " source documents have a non-empty 'transformation_history', "
                + nonEmpty
                + " target documents a non-empty 'transformation_steps'");
    assertThat(first.notes())
        .contains(
            "created collection narrative.dataset_metadata",
            "unique index dataset_id_1 on narrative.dataset_metadata [dataset_id]",
            "unique index config_id_1 on narrative.transformation_configs [config_id]");
  }

  @Test
  void modelConfigsIsCreatedEmptyWithExactlyItsIndexes() {
    var mc = mongo.conn(DB, "model_configs");
    List<String> names = new java.util.ArrayList<>();
    List<String> indexes = new java.util.ArrayList<>();
    try (var client = mc.client()) {
      client.getDatabase(DB).listCollectionNames().into(names);
      for (Document i : mc.collection(client).listIndexes()) {
        indexes.add(
            i.getString("name")
                + " "
                + i.get("key", Document.class).toJson()
                + (Boolean.TRUE.equals(i.get("unique")) ? " unique" : ""));
      }
    }
    assertThat(names).contains("model_configs");
    assertThat(mongo.documents(DB, "model_configs")).isEmpty();
    assertThat(indexes)
        .containsExactlyInAnyOrder(
            "_id_ {\"_id\": 1}",
            "model_id_1 {\"model_id\": 1} unique",
            "user_id_1_dataset_id_1 {\"user_id\": 1, \"dataset_id\": 1}");
    assertThat(first.notes())
        .contains(
            "created collection narrative.model_configs",
            "unique index model_id_1 on narrative.model_configs [model_id]",
            "index user_id_1_dataset_id_1 on narrative.model_configs [user_id, dataset_id]",
            "collection narrative.model_configs (declared by target 'dataset_metadata'):"
                + " 0 documents after the run");
  }

  @Test
  void everyDocumentIsMappedFieldByFieldAsTheSeedSays() {
    Map<String, Document> dm = new HashMap<>();
    mongo.documents(DB, "dataset_metadata").forEach(d -> dm.put(d.getString("dataset_id"), d));
    Map<String, Document> tc = new HashMap<>();
    mongo.documents(DB, "transformation_configs").forEach(d -> tc.put(d.getString("config_id"), d));
    assertThat(dm).hasSize(10_523);
    assertThat(tc).hasSize(10_523);
    int withRowCount = 0;
    int defaulted = 0;
    for (Document u : source) {
      String id = u.getObjectId("_id").toHexString();
      Document m = dm.get(id);
      assertThat(m).as(id).isNotNull();
      for (String same :
          List.of(
              "user_id",
              "filename",
              "original_filename",
              "s3_url",
              "num_columns",
              "data_schema",
              "is_processed",
              "processed_at",
              "statistics",
              "quality_report",
              "data_preview",
              "onboarding_progress",
              "created_at",
              "updated_at")) {
        assertThat(m.get(same)).as(id + " " + same).isEqualTo(u.get(same));
        assertThat(m.containsKey(same)).as(id + " " + same).isEqualTo(u.containsKey(same));
      }
      Object rows = u.containsKey("row_count") ? u.get("row_count") : u.get("num_rows");
      withRowCount += u.containsKey("row_count") ? 1 : 0;
      assertThat(m.get("num_rows")).as(id).isEqualTo(rows).isInstanceOf(Integer.class);
      assertThat(m.get("inferred_schema")).isEqualTo(u.get("schema"));
      assertThat(m.get("ai_summary")).isEqualTo(u.get("aiSummary"));
      assertThat(m.containsKey("ai_summary")).isEqualTo(u.containsKey("aiSummary"));
      String ft = u.getString("file_type");
      defaulted += ft == null ? 1 : 0;
      assertThat(m.get("file_type")).isEqualTo(ft == null ? "csv" : ft);
      Document pii = m.get("pii_report", Document.class);
      assertThat(pii.get("contains_pii")).isEqualTo(u.get("contains_pii"));
      assertThat(pii.get("detection_details")).isEqualTo(u.get("pii_report"));
      assertThat(pii.get("risk_level")).isEqualTo(u.get("pii_risk_level"));
      assertThat(pii.containsKey("masked")).isEqualTo(u.containsKey("pii_masked"));
      assertThat(m.get("file_size_bytes")).isEqualTo(u.get("file_size_bytes"));
      assertThat(m.get("file_size_bytes")).isInstanceOf(Long.class);
      if (u.containsKey("quality_report")) {
        assertThat(m.get("quality_report", Document.class).get("score"))
            .isInstanceOf(Decimal128.class);
      }
      Document t = tc.get(id + "_config");
      assertThat(t).as(id).isNotNull();
      List<Object> history = u.getList("transformation_history", Object.class);
      assertThat(t.getString("dataset_id")).isEqualTo(id);
      assertThat(t.get("user_id")).isEqualTo(u.get("user_id"));
      assertThat(t.get("transformation_steps")).isEqualTo(history);
      assertThat(t.get("current_file_path")).isEqualTo(u.get("file_path"));
      assertThat(t.get("is_applied")).isEqualTo(!history.isEmpty());
      assertThat(t.get("total_transformations")).isEqualTo(history.size());
      assertThat(t.get("applied_at")).isEqualTo(history.isEmpty() ? null : u.get("updated_at"));
      assertThat(t.containsKey("applied_at")).isEqualTo(!history.isEmpty());
      assertThat(t.get("created_at")).isEqualTo(u.get("created_at"));
      assertThat(t.get("updated_at")).isEqualTo(u.get("updated_at"));
    }
    // The generator's unevenness is really there.
    assertThat(withRowCount).isBetween(3000, 4000);
    assertThat(defaulted).isBetween(3000, 5000);
  }

  @Test
  void reRunningTheSplitChangesNothing() {
    List<Document> dmBefore = mongo.documents(DB, "dataset_metadata");
    List<Document> tcBefore = mongo.documents(DB, "transformation_configs");
    RunReport again = run("run2");
    assertThat(again.verdict()).isEqualTo("PASS");
    for (String flow : List.of("dataset_metadata", "transformation_configs")) {
      assertThat(check(again.flow(flow), "writes").detail())
          .isEqualTo("0 inserted, 0 modified, 10523 unchanged");
    }
    assertThat(mongo.documents(DB, "dataset_metadata")).isEqualTo(dmBefore);
    assertThat(mongo.documents(DB, "transformation_configs")).isEqualTo(tcBefore);
    assertThat(mongo.documents(DB, "user_data")).isEqualTo(source);
  }

  /**
   * The DirectRunner as users run it: its per-element encodability and immutability checks are off
   * for this 10,523-document volume test (on a loaded 2-core machine they cost minutes); the
   * smaller MongoDB tests keep them on.
   */
  static PipelineOptions volume() {
    return PipelineOptionsFactory.fromArgs(
            "--runner=DirectRunner",
            "--targetParallelism=2",
            "--enforceEncodability=false",
            "--enforceImmutability=false")
        .create();
  }

  private static RunReport run(String dir) {
    return Migration.run(
        spec, new RunSettings(tmp.resolve(dir), false, "DirectRunner"), volume(), c -> {});
  }

  private static RunReport rollback(String dir) {
    return Rollback.run(
        spec, new RunSettings(tmp.resolve(dir), false, "DirectRunner"), volume(), c -> {}, null);
  }

  @Test
  void rollbackRebuildsUserDataEqualDocumentByDocumentAndNamesEveryDifference() {
    RunReport r = rollback("rollback1");
    assertThat(r.failure()).isNull();
    assertThat(r.verdict()).isEqualTo("PASS");
    FlowReport f = r.flow("rollback");
    assertThat(f.read()).isEqualTo(10_523);
    assertThat(f.written()).isEqualTo(10_523);
    assertThat(f.rejected()).isZero();
    assertThat(check(f, "equal to the original").detail())
        .isEqualTo(
            "narrative.user_data_rebuilt has 10523 documents, original narrative.user_data 10523:"
                + " 10523 equal, 0 differences");
    // Byte for byte: same fields, order and BSON types as the original.
    assertThat(mongo.documents(DB, "user_data_rebuilt")).isEqualTo(source);

    // A changed summary and a lost history are named with the document's _id and the field.
    Document victim = mongo.documents(DB, "dataset_metadata").get(17);
    String id = victim.getString("dataset_id");
    var dm = mongo.conn(DB, "dataset_metadata");
    var tc = mongo.conn(DB, "transformation_configs");
    try (var client = dm.client()) {
      dm.collection(client)
          .updateOne(
              new Document("dataset_id", id),
              new Document("$set", new Document("ai_summary", "tampered")));
      tc.collection(client)
          .updateOne(
              new Document("dataset_id", id),
              new Document("$set", new Document("transformation_steps", List.of())));
    }
    Document original =
        source.stream()
            .filter(d -> d.getObjectId("_id").toHexString().equals(id))
            .findFirst()
            .orElseThrow();
    boolean hadHistory = !original.getList("transformation_history", Object.class).isEmpty();
    RunReport bad = rollback("rollback2");
    assertThat(bad.verdict()).isEqualTo("FAIL");
    assertThat(check(bad.flow("rollback"), "equal to the original").detail())
        .isEqualTo(
            "narrative.user_data_rebuilt has 10523 documents, original narrative.user_data 10523:"
                + " 10522 equal, 1 differences: {\"_id\":{\"$oid\":\""
                + id
                + "\"}}: fields "
                + (hadHistory ? "[aiSummary, transformation_history]" : "[aiSummary]"));
    try (var client = dm.client()) {
      dm.collection(client).replaceOne(new Document("dataset_id", id), victim);
      tc.collection(client)
          .updateOne(
              new Document("dataset_id", id),
              new Document(
                  "$set",
                  new Document("transformation_steps", original.get("transformation_history"))));
    }
  }
}
