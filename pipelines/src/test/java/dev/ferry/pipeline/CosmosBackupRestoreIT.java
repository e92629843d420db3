package dev.ferry.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.cosmos.CosmosClient;
import dev.ferry.backup.BackupEntry;
import dev.ferry.backup.BackupException;
import dev.ferry.backup.CosmosBackup;
import dev.ferry.examples.S1SampleData;
import dev.ferry.io.cosmos.CosmosConnection;
import dev.ferry.report.RunReport;
import dev.ferry.spec.SpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Cosmos DB database backed up to JSONL before the S1 restructuring and restored afterwards is
 * exactly as it was: the same containers with the same partition keys and documents, and the
 * containers the run created are gone.
 */
class CosmosBackupRestoreIT {
  @TempDir Path tmp;
  private CosmosConnection conn;
  private CosmosClient client;
  private CosmosBackup backup;

  @BeforeEach
  void setUp() {
    conn = CosmosTestEnv.connection(CosmosTestEnv.database("backup_it"));
    client = conn.client();
    String key = CosmosTestEnv.env().get("FERRY_COSMOS_KEY");
    backup = new CosmosBackup(endpoint -> key);
  }

  @AfterEach
  void tearDown() {
    try {
      client.getDatabase(conn.database()).delete();
    } catch (RuntimeException e) {
      // already gone
    } finally {
      client.close();
    }
  }

  private Map<String, Map<String, String>> snapshot() {
    Map<String, Map<String, String>> out = new TreeMap<>();
    client
        .getDatabase(conn.database())
        .readAllContainers()
        .forEach(
            p ->
                out.put(
                    p.getId() + " " + p.getPartitionKeyDefinition().getPaths(),
                    CosmosTestEnv.documents(
                        client.getDatabase(conn.database()).getContainer(p.getId()),
                        Set.of("embedding"))));
    return out;
  }

  @Test
  void restoreUndoesTheRestructuring() throws Exception {
    S1SampleData.write(client, conn.database(), 60);
    Map<String, Map<String, String>> before = snapshot();
    Path folder = Files.createDirectories(tmp.resolve("backup"));
    BackupEntry entry =
        backup.backup(CosmosBackup.item("source", "old", conn.endpoint(), conn.database()), folder);
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("personality-vectors", 60L);
    counts.put("user_activity", 125L);
    counts.put("users", 18L);
    assertThat(entry.tables()).isEqualTo(counts);
    assertThat(entry.existed()).isTrue();
    assertThat(Files.readAllLines(folder.resolve(entry.file())).get(0))
        .isEqualTo(
            "{\"$container\":\"personality-vectors\",\"partitionKey\":{\"paths\":[\"/id\"],"
                + "\"kind\":\"Hash\"}}");

    RunReport r =
        Runs.run(
            SpecLoader.load(
                TestDb.repoRoot().resolve("examples/s1-cosmos-restructure/spec.yaml"),
                Map.of("database", conn.database(), "unrouted_dir", tmp.resolve("out").toString()),
                CosmosTestEnv.env()),
            tmp.resolve("run"));
    assertThat(r.verdict()).isEqualTo("PASS");
    assertThat(snapshot()).hasSize(14);

    String done = backup.restore(entry, folder);
    assertThat(done)
        .isEqualTo(
            "restored Cosmos DB database "
                + entry.location()
                + " (3 containers, 203 documents; containers created since the backup were"
                + " removed)");
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void aDatabaseThatDidNotExistIsRemovedOnRestoreAndAMissingKeyIsNamed() throws Exception {
    Path folder = Files.createDirectories(tmp.resolve("backup"));
    BackupEntry entry =
        backup.backup(CosmosBackup.item("target", "new", conn.endpoint(), conn.database()), folder);
    assertThat(entry.existed()).isFalse();
    S1SampleData.write(client, conn.database(), 5);
    assertThat(backup.restore(entry, folder))
        .isEqualTo(
            "removed Cosmos DB database "
                + entry.location()
                + " (it did not exist when the backup was taken)");
    List<String> dbs = new ArrayList<>();
    client.readAllDatabases().forEach(d -> dbs.add(d.getId()));
    assertThat(dbs).doesNotContain(conn.database());

    assertThatThrownBy(
            () ->
                new CosmosBackup(endpoint -> null)
                    .backup(
                        CosmosBackup.item("source", "old", conn.endpoint(), conn.database()),
                        folder))
        .isInstanceOf(BackupException.class)
        .hasMessage("the account key of " + conn.endpoint() + " is needed: set FERRY_COSMOS_KEY");
  }
}
