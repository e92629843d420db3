package dev.ferry.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import dev.ferry.backup.BackupEntry;
import dev.ferry.backup.BackupItem;
import dev.ferry.backup.Backups;
import dev.ferry.backup.MongoBackup;
import dev.ferry.io.mongodb.MongoCollections;
import dev.ferry.io.mongodb.MongoConnection;
import dev.ferry.report.Check;
import dev.ferry.report.FlowReport;
import dev.ferry.report.RunReport;
import dev.ferry.spec.Spec;
import dev.ferry.spec.SpecLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MongoDB backups and restores (Extended JSON lines) and the dry run, on mongo-java-server. */
class MongoBackupDryRunIT {
  @TempDir Path tmp;
  private MongoTestServer mongo;

  @BeforeEach
  void load() {
    mongo = new MongoTestServer();
    MongoCollections.loadBson(
        mongo.conn("samples", "customers"),
        TestDb.testdata("mongodb_samples/bson_dump/sample_analytics/customers.bson"));
    MongoCollections.loadBson(
        mongo.conn("samples", "theaters"),
        TestDb.testdata("mongodb_samples/bson_dump/sample_mflix/theaters.bson"));
  }

  @AfterEach
  void stop() {
    mongo.close();
  }

  private Spec spec(Path file) throws Exception {
    return SpecLoader.load(file.toAbsolutePath(), Map.of(), mongo.env());
  }

  private static Check check(FlowReport f, String name) {
    return f.checks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void aBackupKeepsEveryTypeAndARestorePutsTheCollectionsBackExactly() throws Exception {
    Spec spec = spec(Path.of("src/test/resources/specs/mongo/samples.yaml"));
    List<Document> customers = mongo.documents("samples", "customers");
    Backups.Result b =
        Backups.create(spec, tmp.resolve("backups"), Instant.parse("2025-01-01T12:00:00Z"));
    List<BackupEntry> entries = b.manifest().entries();
    String host = mongo.uri.substring("mongodb://".length());
    assertThat(entries)
        .extracting(
            e ->
                e.role()
                    + " "
                    + e.name()
                    + " "
                    + e.location()
                    + " "
                    + e.existed()
                    + " "
                    + e.tables())
        .containsExactly(
            "source customers mongodb://" + host + "/samples.customers true {customers=500}",
            "source theaters mongodb://" + host + "/samples.theaters true {theaters=1564}",
            "target customers_v2 mongodb://" + host + "/reshaped.customers_v2 false {}",
            "target theaters_v2 mongodb://" + host + "/reshaped.theaters_v2 false {}");
    List<String> lines =
        Files.readAllLines(b.folder().resolve(entries.get(0).file()), StandardCharsets.UTF_8);
    assertThat(lines).hasSize(500);
    assertThat(lines.get(0))
        .startsWith(
            "{\"_id\": {\"$oid\": \"5ca4bbcea2dd94ee58162a68\"}, \"username\": \"fmiller\","
                + " \"name\": \"Elizabeth Ray\", \"address\": \"9286 Bethany Glens\\nVasqueztown,"
                + " CO 22939\", \"birthdate\": {\"$date\": {\"$numberLong\": \"226117231000\"}},");

    // The run writes targets; someone damages the source; the restore undoes both.
    Runs.run(spec, tmp.resolve("run"));
    assertThat(mongo.documents("reshaped", "customers_v2")).hasSize(500);
    MongoConnection src = mongo.conn("samples", "customers");
    try (MongoClient client = src.client()) {
      src.collection(client).deleteMany(new Document("username", new Document("$gt", "m")));
      src.collection(client)
          .updateOne(new Document(), new Document("$set", new Document("active", "corrupted")));
    }
    assertThat(mongo.documents("samples", "customers")).isNotEqualTo(customers);
    List<String> done = Backups.restore(b.folder());
    assertThat(done.get(0))
        .startsWith(
            "restored mongodb://"
                + host
                + "/samples.customers from "
                + entries.get(0).file()
                + " (500 documents, sha256 ");
    assertThat(done.get(2))
        .isEqualTo(
            "dropped mongodb://"
                + host
                + "/reshaped.customers_v2 (it did not exist when the backup was taken)");
    assertThat(mongo.documents("samples", "customers")).isEqualTo(customers);
    assertThat(mongo.documents("reshaped", "customers_v2")).isEmpty();
  }

  @Test
  void datesDecimalsLongsObjectIdsAndBinaryRoundTripThroughABackup() throws Exception {
    MongoConnection types = mongo.conn("samples", "types");
    List<Document> docs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      docs.add(
          new Document("_id", new ObjectId(String.format("%024x", i + 1)))
              .append("at", new Date(1_700_000_000_000L + i))
              .append("price", Decimal128.parse("19.9" + i))
              .append("small_long", (long) i)
              .append("big_long", 9_000_000_000L + i)
              .append("uuid", new Binary((byte) 4, new byte[16]))
              .append("raw", new Binary(new byte[] {(byte) i})));
    }
    try (MongoClient client = types.client()) {
      types.collection(client).insertMany(docs);
    }
    String location = MongoBackup.location(mongo.uri, "samples", "types");
    MongoBackup store = new MongoBackup();
    Files.createDirectories(tmp.resolve("b"));
    BackupEntry e =
        store.backup(new BackupItem("mongodb", "source", "types", location), tmp.resolve("b"));
    assertThat(Files.readAllLines(tmp.resolve("b").resolve(e.file())).get(1))
        .isEqualTo(
            "{\"_id\": {\"$oid\": \"000000000000000000000002\"}, \"at\": {\"$date\":"
                + " {\"$numberLong\": \"1700000000001\"}}, \"price\": {\"$numberDecimal\":"
                + " \"19.91\"}, \"small_long\": {\"$numberLong\": \"1\"}, \"big_long\":"
                + " {\"$numberLong\": \"9000000001\"}, \"uuid\": {\"$binary\": {\"base64\":"
                + " \"AAAAAAAAAAAAAAAAAAAAAA==\", \"subType\": \"04\"}}, \"raw\": {\"$binary\":"
                + " {\"base64\": \"AQ==\", \"subType\": \"00\"}}}");
    try (MongoClient client = types.client()) {
      types.collection(client).deleteMany(new Document());
    }
    store.restore(e, tmp.resolve("b"));
    assertThat(mongo.documents("samples", "types")).isEqualTo(docs);
  }

  @Test
  void theDryRunCountsSamplesEstimatesAndShowsTheFirstRejectsWithoutWriting() throws Exception {
    Path file = tmp.resolve("dry.yaml");
    Files.writeString(
        file,
        String.join(
            "\n",
            "version: 1",
            "name: dry",
            "sources:",
            "  customers: { type: mongodb, uri: \"${env:FERRY_MONGO_URI}\", database: samples, collection: customers }",
            "targets:",
            "  out: { type: mongodb, uri: \"${env:FERRY_MONGO_URI}\", database: reshaped, collection: out }",
            "flows:",
            "  - name: customers",
            "    from: { source: customers }",
            "    steps:",
            "      - cast: { field: username, to: int }",
            "    to:",
            "      target: out",
            "      indexes: [{ columns: [username], unique: true }]",
            ""));
    RunReport r =
        Migration.dryRun(spec(file), new RunSettings(tmp.resolve("dry"), false, "DirectRunner"));
    FlowReport f = r.flow("customers");
    assertThat(check(f, "source rows").detail()).isEqualTo("500 rows");
    assertThat(check(f, "sample").detail())
        .startsWith(
            "500 records through 1 steps: 0 pass, 500 would be rejected — first: cast username to"
                + " int: field 'username': cannot cast text 'fmiller' to int");
    assertThat(check(f, "estimated size").detail()).isEqualTo("0.0 KiB of record data");
    assertThat(check(f, "estimated duration").detail()).endsWith(" s");
    // Nothing passed the steps, so there is nothing to time: the documented constant is used.
    assertThat(check(f, "write rate").detail())
        .isEqualTo(
            "no mapped sample documents to time; assuming 250 docs/s (conservative constant: the"
                + " low end measured into mongo-java-server on a loaded 2-core machine)");
    assertThat(r.notes())
        .contains("would prepare collection reshaped.out with indexes unique [username]");
    try (MongoClient client = mongo.conn("reshaped", "out").client()) {
      assertThat(client.getDatabase("reshaped").listCollectionNames().into(new ArrayList<>()))
          .isEmpty();
    }

    RunReport ok =
        Migration.dryRun(
            spec(Path.of("src/test/resources/specs/mongo/samples.yaml")),
            new RunSettings(tmp.resolve("dry2"), false, "DirectRunner"));
    FlowReport c = ok.flow("customers");
    assertThat(check(c, "sample").detail())
        .isEqualTo("500 records through 5 steps: 500 pass, 0 would be rejected");
    assertThat(check(ok.flow("theaters"), "source rows").detail()).isEqualTo("1564 rows");
    assertThat(check(ok.flow("theaters"), "sample").detail())
        .isEqualTo("1000 records through 4 steps: 1000 pass, 0 would be rejected");
    assertThat(check(c, "estimated size").detail()).matches("\\d+\\.\\d KiB of record data");
    // The rate is timed: the mapped sample written into a scratch collection, dropped after.
    assertThat(check(c, "write rate").detail())
        .matches(
            "timed write of 500 mapped sample documents into scratch collection"
                + " reshaped\\.ferry_dryrun_[0-9a-f]{12}: \\d+\\.\\d\\d s, [\\d,]+ docs/s"
                + " \\(collection dropped\\)");
    assertThat(check(ok.flow("theaters"), "write rate").detail())
        .matches(
            "timed write of 1000 mapped sample documents into scratch collection"
                + " reshaped\\.ferry_dryrun_[0-9a-f]{12}: \\d+\\.\\d\\d s, [\\d,]+ docs/s"
                + " \\(collection dropped\\)");
    assertThat(ok.notes().get(ok.notes().size() - 1))
        .endsWith("; MongoDB targets at their flow's write rate); nothing was written");
    try (MongoClient client = mongo.conn("reshaped", "x").client()) {
      assertThat(client.getDatabase("reshaped").listCollectionNames().into(new ArrayList<>()))
          .isEmpty();
    }
  }
}
