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
