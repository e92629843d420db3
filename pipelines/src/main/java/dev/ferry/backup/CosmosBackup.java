package dev.ferry.backup;

import com.azure.cosmos.CosmosClient;
import com.azure.cosmos.CosmosContainer;
import com.azure.cosmos.CosmosDatabase;
import com.azure.cosmos.CosmosException;
import com.azure.cosmos.models.CosmosBulkOperationResponse;
import com.azure.cosmos.models.CosmosBulkOperations;
import com.azure.cosmos.models.CosmosContainerProperties;
import com.azure.cosmos.models.CosmosItemOperation;
import com.azure.cosmos.models.CosmosQueryRequestOptions;
import com.azure.cosmos.models.FeedRange;
import com.azure.cosmos.models.PartitionKeyDefinition;
import com.azure.cosmos.models.PartitionKeyDefinitionVersion;
import com.azure.cosmos.models.PartitionKind;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.io.cosmos.CosmosConnection;
import dev.ferry.io.cosmos.CosmosDocuments;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Backs up a Cosmos DB database into one JSONL file and restores it. The file holds, per container
 * in id order, a header line {@code {"$container": id, "partitionKey": {...}, "defaultTtl": n}}
 * followed by one line per document (server fields removed), read over every feed range. A restore
 * puts the database back as it was: containers created by a later run are deleted, each backed-up
 * container is recreated with its partition key and TTL and refilled, and its document counts are
 * checked against the manifest. The account key comes from {@code FERRY_COSMOS_KEY} (or the given
 * lookup); it is never written to the backup.
 *
 * <pre>{@code
 * BackupItem item = CosmosBackup.item("source", "old", "https://127.0.0.1:48081/", "shop");
 * BackupEntry e = new CosmosBackup().backup(item, folder);
 * }</pre>
 */
public final class CosmosBackup implements StoreBackup {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DBS = "dbs/";
  private final UnaryOperator<String> keyForEndpoint;

  /** Reads the account key from {@code FERRY_COSMOS_KEY}. */
  public CosmosBackup() {
    this(endpoint -> System.getenv("FERRY_COSMOS_KEY"));
  }

  public CosmosBackup(UnaryOperator<String> keyForEndpoint) {
    this.keyForEndpoint = keyForEndpoint;
  }

  @Override
  public String store() {
    return "cosmos";
  }

  /** The backup item of a database: its location is {@code <endpoint>dbs/<database>}. */
  public static BackupItem item(String role, String name, String endpoint, String database) {
    String base = endpoint.endsWith("/") ? endpoint : endpoint + "/";
    return new BackupItem("cosmos", role, name, base + DBS + database);
  }

  private CosmosConnection connection(String location) throws BackupException {
    int at = location.lastIndexOf(DBS);
    if (at < 0) {
      throw new BackupException("not a Cosmos DB database location: " + location);
    }
    String endpoint = location.substring(0, at);
    String key = keyForEndpoint.apply(endpoint);
    if (key == null || key.isBlank()) {
      throw new BackupException(
          "the account key of " + endpoint + " is needed: set FERRY_COSMOS_KEY");
    }
    return CosmosConnection.of(endpoint, key, location.substring(at + DBS.length()));
  }

  @Override
  public BackupEntry backup(BackupItem item, Path folder) throws BackupException {
    CosmosConnection c = connection(item.location());
    String file = item.role() + "-" + item.name() + "-" + c.database() + ".jsonl";
    Path dest = folder.resolve(file);
    Map<String, Long> counts = new LinkedHashMap<>();
    try (CosmosClient client = c.client()) {
      CosmosDatabase db = client.getDatabase(c.database());
      List<String> ids = new ArrayList<>();
      try {
        db.readAllContainers().forEach(p -> ids.add(p.getId()));
      } catch (CosmosException e) {
        if (e.getStatusCode() == 404) {
          return new BackupEntry(
              store(), item.role(), item.name(), item.location(), false, null, null, 0, Map.of());
        }
        throw e;
      }
      ids.sort(String::compareTo);
      try (BufferedWriter w = Files.newBufferedWriter(dest, StandardCharsets.UTF_8)) {
        for (String id : ids) {
          CosmosContainer container = db.getContainer(id);
          CosmosContainerProperties props = container.read().getProperties();
          ObjectNode header = JSON.createObjectNode();
          header.put("$container", id);
          ObjectNode pk = header.putObject("partitionKey");
          ArrayNode paths = pk.putArray("paths");
          props.getPartitionKeyDefinition().getPaths().forEach(paths::add);
          pk.put("kind", String.valueOf(props.getPartitionKeyDefinition().getKind()));
          if (props.getDefaultTimeToLiveInSeconds() != null) {
            header.put("defaultTtl", props.getDefaultTimeToLiveInSeconds());
          }
          w.write(JSON.writeValueAsString(header));
          w.write('\n');
          // Documents in id order, so the same database gives the same file.
          TreeMap<String, String> docs = new TreeMap<>();
          for (FeedRange r : container.getFeedRanges()) {
            CosmosQueryRequestOptions o = new CosmosQueryRequestOptions();
            o.setFeedRange(r);
            for (ObjectNode doc : container.queryItems("SELECT * FROM c", o, ObjectNode.class)) {
              CosmosDocuments.SYSTEM_FIELDS.forEach(doc::remove);
              docs.put(doc.path("id").asText(), JSON.writeValueAsString(doc));
            }
          }
          for (String line : docs.values()) {
            w.write(line);
            w.write('\n');
          }
          counts.put(id, (long) docs.size());
        }
      }
      return new BackupEntry(
          store(),
          item.role(),
          item.name(),
          item.location(),
          true,
          file,
          Manifests.sha256(dest),
          Files.size(dest),
          counts);
    } catch (IOException | CosmosException e) {
      throw new BackupException(
          "cannot back up Cosmos DB database " + item.location() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String restore(BackupEntry entry, Path folder) throws BackupException {
    CosmosConnection c = connection(entry.location());
    try (CosmosClient client = c.client()) {
      if (!entry.existed()) {
        try {
          client.getDatabase(c.database()).delete();
          return "removed Cosmos DB database "
              + entry.location()
              + " (it did not exist when the backup was taken)";
        } catch (CosmosException e) {
          if (e.getStatusCode() == 404) {
            return "left Cosmos DB database " + entry.location() + " absent";
          }
          throw e;
        }
      }
      client.createDatabaseIfNotExists(c.database());
      CosmosDatabase db = client.getDatabase(c.database());
      List<String> now = new ArrayList<>();
      db.readAllContainers().forEach(p -> now.add(p.getId()));
      for (String id : now) {
        db.getContainer(id).delete();
      }
      try (BufferedReader r =
          Files.newBufferedReader(folder.resolve(entry.file()), StandardCharsets.UTF_8)) {
        CosmosContainer current = null;
        List<String> paths = List.of();
        List<CosmosItemOperation> ops = new ArrayList<>();
        String line;
        while ((line = r.readLine()) != null) {
          JsonNode n = JSON.readTree(line);
          if (n.has("$container")) {
            flush(current, ops);
            paths = new ArrayList<>();
            for (JsonNode p : n.path("partitionKey").path("paths")) {
              paths.add(p.asText());
            }
            PartitionKeyDefinition pk = new PartitionKeyDefinition();
            pk.setPaths(paths);
            pk.setKind(paths.size() > 1 ? PartitionKind.MULTI_HASH : PartitionKind.HASH);
            pk.setVersion(PartitionKeyDefinitionVersion.V2);
            CosmosContainerProperties props =
                new CosmosContainerProperties(n.get("$container").asText(), pk);
            if (n.has("defaultTtl")) {
              props.setDefaultTimeToLiveInSeconds(n.get("defaultTtl").asInt());
            }
            db.createContainer(props);
            current = db.getContainer(props.getId());
          } else {
            ObjectNode doc = (ObjectNode) n;
            List<Object> values =
                CosmosDocuments.partitionKeyValues(
                    CosmosDocuments.toRecord(doc, java.util.Set.of()), paths);
            ops.add(
                CosmosBulkOperations.getUpsertItemOperation(
                    doc, dev.ferry.io.cosmos.CosmosIO.partitionKeyOf(values)));
            if (ops.size() >= 500) {
              flush(current, ops);
            }
          }
        }
        flush(current, ops);
      }
      for (Map.Entry<String, Long> e : entry.tables().entrySet()) {
        long n = count(db.getContainer(e.getKey()));
        if (n != e.getValue()) {
          throw new BackupException(
              "restored container '"
                  + e.getKey()
                  + "' of "
                  + entry.location()
                  + " has "
                  + n
                  + " documents, the manifest says "
                  + e.getValue());
        }
      }
      return "restored Cosmos DB database "
          + entry.location()
          + " ("
          + entry.tables().size()
          + " containers, "
          + entry.tables().values().stream().mapToLong(Long::longValue).sum()
          + " documents; "
          + (now.size() > entry.tables().size()
              ? "containers created since the backup were removed"
              : "no other containers")
          + ")";
    } catch (IOException | CosmosException e) {
      throw new BackupException(
          "cannot restore Cosmos DB database " + entry.location() + ": " + e.getMessage(), e);
    }
  }

  private static void flush(CosmosContainer c, List<CosmosItemOperation> ops)
      throws BackupException {
    if (c == null || ops.isEmpty()) {
      ops.clear();
      return;
    }
    for (CosmosBulkOperationResponse<Object> resp : c.executeBulkOperations(new ArrayList<>(ops))) {
      if (resp.getResponse() == null || !resp.getResponse().isSuccessStatusCode()) {
        throw new BackupException(
            "cannot restore document '"
                + resp.getOperation().getId()
                + "' into container '"
                + c.getId()
                + "': "
                + (resp.getResponse() != null
                    ? "status " + resp.getResponse().getStatusCode()
                    : String.valueOf(resp.getException())));
      }
    }
    ops.clear();
  }

  private static long count(CosmosContainer c) {
    long n = 0;
    for (FeedRange r : c.getFeedRanges()) {
      CosmosQueryRequestOptions o = new CosmosQueryRequestOptions();
      o.setFeedRange(r);
      for (ObjectNode ignored : c.queryItems("SELECT c.id FROM c", o, ObjectNode.class)) {
        n++;
      }
    }
    return n;
  }
}
