package dev.ferry.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.io.mongodb.MongoCollections;
import dev.ferry.record.Record;
import dev.ferry.record.RecordJson;
import dev.ferry.report.Check;
import dev.ferry.report.FlowReport;
import dev.ferry.report.RunReport;
import dev.ferry.spec.Spec;
import dev.ferry.spec.SpecLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real documents from ../shared/testdata/mongodb_samples (mongodump .bson files and mongoexport
 * Extended JSON) loaded into mongo-java-server and migrated through restructuring specs: exact
 * counts, BSON types kept, GeoJSON intact, and a unique-index violation reported by key.
 */
class MongoSamplesIT {
  @TempDir Path tmp;
  private MongoTestServer mongo;

  @BeforeEach
  void load() {
    mongo = new MongoTestServer();
    Path dump = TestDb.testdata("mongodb_samples/bson_dump");
    assertThat(
            MongoCollections.loadBson(
                mongo.conn("samples", "customers"),
                dump.resolve("sample_analytics/customers.bson")))
        .isEqualTo(500);
    assertThat(
            MongoCollections.loadBson(
                mongo.conn("samples", "theaters"), dump.resolve("sample_mflix/theaters.bson")))
        .isEqualTo(1564);
  }

  @AfterEach
  void stop() {
    mongo.close();
  }

  private Spec spec(String name) throws Exception {
    return SpecLoader.load(
        Path.of("src/test/resources/specs/mongo/" + name).toAbsolutePath(), Map.of(), mongo.env());
  }

  private static Check check(FlowReport f, String name) {
    return f.checks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void theExtendedJsonExportHoldsTheSameDocumentsAsTheBsonDump() {
    Path json = TestDb.testdata("mongodb_samples/sample_analytics/customers.json");
    assertThat(MongoCollections.load(mongo.conn("samples", "customers_json"), json)).isEqualTo(500);
    assertThat(mongo.documents("samples", "customers_json"))
        .isEqualTo(mongo.documents("samples", "customers"));
  }

  @Test
  void realDocumentsAreRestructuredWithExactCountsAndTypes() throws Exception {
    RunReport r = Runs.run(spec("samples.yaml"), tmp.resolve("run"));
    assertThat(r.failure()).isNull();
    assertThat(r.verdict()).isEqualTo("PASS");
    FlowReport customers = r.flow("customers");
    assertThat(customers.read()).isEqualTo(500);
    assertThat(customers.written()).isEqualTo(500);
    assertThat(check(customers, "field mapping").detail())
        .isEqualTo("100 sampled documents (seed 7) re-mapped: 100 equal, 0 different");
    FlowReport theaters = r.flow("theaters");
    assertThat(theaters.read()).isEqualTo(1564);
    assertThat(theaters.written()).isEqualTo(1564);
    assertThat(check(theaters, "target documents").detail())
        .isEqualTo(
            "reshaped.theaters_v2 has 1564 documents = 100.00 % of the 1564 in source"
                + " samples.theaters; this run wrote 1564");

    Map<ObjectId, Document> before = new HashMap<>();
    mongo.documents("samples", "customers").forEach(d -> before.put(d.getObjectId("_id"), d));
    List<Document> after = mongo.documents("reshaped", "customers_v2");
    assertThat(after).hasSize(500);
    for (Document d : after) {
      Document o = before.get(d.getObjectId("_id"));
      assertThat(d.get("born_at")).isInstanceOf(Date.class).isEqualTo(o.get("birthdate"));
      assertThat(d.get("contact", Document.class))
          .isEqualTo(new Document("email", o.get("email")).append("address", o.get("address")));
      assertThat(d.get("accounts")).isEqualTo(o.get("accounts"));
      for (Object a : d.getList("accounts", Object.class)) {
        assertThat(a).isInstanceOf(Integer.class);
      }
      assertThat(d.get("account_count")).isEqualTo(o.getList("accounts", Object.class).size());
      assertThat(d.get("tiers")).isEqualTo(o.get("tier_and_details"));
      assertThat(d.containsKey("birthdate")).isFalse();
    }
    // The first customer, exactly, as canonical Extended JSON.
    Document first =
        after.stream()
            .filter(d -> d.getObjectId("_id").toHexString().equals("5ca4bbcea2dd94ee58162a68"))
            .findFirst()
            .orElseThrow();
    assertThat(
            first.toJson(
                org.bson.json.JsonWriterSettings.builder()
                    .outputMode(org.bson.json.JsonMode.EXTENDED)
                    .build()))
        .startsWith(
            "{\"_id\": {\"$oid\": \"5ca4bbcea2dd94ee58162a68\"}, \"username\": \"fmiller\","
                + " \"name\": \"Elizabeth Ray\", \"born_at\": {\"$date\": {\"$numberLong\":"
                + " \"226117231000\"}}, \"active\": true, \"accounts\": [{\"$numberInt\":"
                + " \"371138\"}");

    Map<Object, Document> theatersBefore = new HashMap<>();
    mongo.documents("samples", "theaters").forEach(d -> theatersBefore.put(d.get("theaterId"), d));
    List<Document> theatersAfter = mongo.documents("reshaped", "theaters_v2");
    assertThat(theatersAfter).hasSize(1564);
    for (Document d : theatersAfter) {
      Document o = theatersBefore.get(d.get("theater_id"));
      Document loc = o.get("location", Document.class);
      Document geo = d.get("geo", Document.class);
      assertThat(geo).isEqualTo(loc.get("geo"));
      assertThat(geo.getString("type")).isEqualTo("Point");
      assertThat(geo.getList("coordinates", Object.class))
          .hasSize(2)
          .allMatch(c -> c instanceof Double);
      assertThat(d.get("address")).isEqualTo(loc.get("address"));
      assertThat(d.get("_id")).isEqualTo(o.get("_id"));
      assertThat(d.containsKey("location")).isFalse();
    }
  }

  @Test
  void aDuplicateKeyIsRejectedWithItsKeyAndTheCountsAddUp() throws Exception {
    List<Document> customers = mongo.documents("samples", "customers");
    Set<String> handles = new HashSet<>();
    customers.forEach(d -> handles.add(d.getString("username").substring(0, 3)));
    int duplicates = customers.size() - handles.size();
    assertThat(duplicates).isGreaterThan(0);

    RunReport r = Runs.run(spec("duplicates.yaml"), tmp.resolve("run"));
    assertThat(r.failure()).isNull();
    FlowReport f = r.flow("handles");
    assertThat(f.read()).isEqualTo(500);
    assertThat(f.rejected()).isEqualTo(duplicates);
    assertThat(f.written()).isEqualTo(500 - duplicates);
    assertThat(f.read()).isEqualTo(f.written() + f.rejected());
    assertThat(check(f, "target documents").detail())
        .isEqualTo(
            "reshaped.handles has "
                + handles.size()
                + " documents = "
                + String.format(java.util.Locale.ROOT, "%.2f", 100.0 * handles.size() / 500)
                + " % of the 500 in source samples.customers; this run wrote "
                + handles.size());

    List<Record> rejects = new ArrayList<>();
    try (var files = Files.list(tmp.resolve("run/rejects"))) {
      for (Path p : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
        for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
          rejects.add(RecordJson.read(line));
        }
      }
    }
    assertThat(rejects).hasSize(duplicates);
    Map<String, Document> landed = new HashMap<>();
    mongo.documents("reshaped", "handles").forEach(d -> landed.put(d.getString("handle"), d));
    Set<ObjectId> ids = new HashSet<>();
    for (Record rej : rejects) {
      assertThat(rej.get("flow")).isEqualTo("handles");
      assertThat(rej.get("step")).isEqualTo("write reshaped.handles");
      Record rec = (Record) rej.get("record");
      String handle = (String) rec.get("handle");
      assertThat((String) rej.get("reason"))
          .startsWith(
              "collection 'reshaped.handles': write error 11000: E11000 duplicate key error")
          .contains("handle");
      Record key = (Record) rej.get("key");
      String oid = (String) ((Record) key.get("_id")).get("$oid");
      ids.add(new ObjectId(oid));
      // The rejected document lost to another one with the same handle, which landed.
      assertThat(landed.get(handle)).isNotNull();
      assertThat(landed.get(handle).getObjectId("_id").toHexString()).isNotEqualTo(oid);
    }
    assertThat(ids).hasSize(duplicates);
  }
}
