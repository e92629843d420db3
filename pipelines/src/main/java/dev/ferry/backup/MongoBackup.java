package dev.ferry.backup;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import dev.ferry.io.mongodb.MongoCollections;
import dev.ferry.io.mongodb.MongoConnection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.bson.Document;

/**
 * Backs up and restores one MongoDB collection as JSON lines of canonical Extended JSON, sorted by
 * {@code _id}, so every BSON type is kept ({@code $oid}, {@code $date}, {@code $numberLong}, {@code
 * $numberDecimal}, {@code $binary}) and two backups of equal collections are equal files. A restore
 * empties the collection (keeping its indexes), inserts the copy, dumps the result again and checks
 * it against the manifest's sha256. The manifest's location is {@code
 * mongodb://hosts/database.collection} without credentials; a restore connects with the
 * environment's {@code FERRY_MONGO_URI} when it names the same hosts (for a password), else with
 * the location's hosts. Indexes are not part of the copy.
 *
 * <pre>{@code
 * BackupEntry e = new MongoBackup().backup(new BackupItem("mongodb", "source", "users", location), folder);
 * new MongoBackup().restore(e, folder);
 * }</pre>
 */
public final class MongoBackup implements StoreBackup {
  @Override
  public String store() {
    return "mongodb";
  }

  /** The manifest location of a collection: hosts, database and collection, no credentials. */
  public static String location(String uri, String database, String collection) {
    ConnectionString cs = new ConnectionString(uri);
    return "mongodb://" + String.join(",", cs.getHosts()) + "/" + database + "." + collection;
  }

  /** The connection for a manifest location. */
  static MongoConnection connection(String location) {
    String rest = location.substring("mongodb://".length());
    int slash = rest.indexOf('/');
    String hosts = rest.substring(0, slash);
    String ns = rest.substring(slash + 1);
    int dot = ns.indexOf('.');
    String uri = "mongodb://" + hosts;
    String env = System.getenv("FERRY_MONGO_URI");
    if (env != null
        && new ConnectionString(env).getHosts().equals(new ConnectionString(uri).getHosts())) {
      uri = env;
    }
    return MongoConnection.of(uri, ns.substring(0, dot), ns.substring(dot + 1));
  }

  @Override
  public BackupEntry backup(BackupItem item, Path folder) throws BackupException {
    MongoConnection c = connection(item.location());
    try (MongoClient client = c.client()) {
      boolean exists = false;
      for (String n : client.getDatabase(c.database()).listCollectionNames()) {
        exists |= n.equals(c.collection());
      }
      if (!exists) {
        return new BackupEntry(
            store(), item.role(), item.name(), item.location(), false, null, null, 0, Map.of());
      }
    }
    String file = item.role() + "-" + item.name() + "-" + c.label() + ".jsonl";
    Path dest = folder.resolve(file);
    try {
      long n = MongoCollections.dump(c, dest);
      return new BackupEntry(
          store(),
          item.role(),
          item.name(),
          item.location(),
          true,
          file,
          Manifests.sha256(dest),
          Files.size(dest),
          Map.of(c.collection(), n));
    } catch (IOException | RuntimeException e) {
      throw new BackupException("cannot back up " + item.location() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String restore(BackupEntry entry, Path folder) throws BackupException {
    MongoConnection c = connection(entry.location());
    try {
      if (!entry.existed()) {
        try (MongoClient client = c.client()) {
          c.collection(client).drop();
        }
        return "dropped " + entry.location() + " (it did not exist when the backup was taken)";
      }
      try (MongoClient client = c.client()) {
        c.collection(client).deleteMany(new Document());
      }
      long n = MongoCollections.load(c, folder.resolve(entry.file()));
      Path check = Files.createTempFile("ferry-restore-check", ".jsonl");
      try {
        MongoCollections.dump(c, check);
        String sha = Manifests.sha256(check);
        if (!sha.equals(entry.sha256())) {
          throw new BackupException(
              "restored "
                  + entry.location()
                  + " dumps to sha256 "
                  + sha
                  + ", the manifest says "
                  + entry.sha256());
        }
        return "restored "
            + entry.location()
            + " from "
            + entry.file()
            + " ("
            + n
            + " documents, sha256 "
            + sha
            + ")";
      } finally {
        Files.deleteIfExists(check);
      }
    } catch (IOException | RuntimeException e) {
      throw new BackupException("cannot restore " + entry.location() + ": " + e.getMessage(), e);
    }
  }
}
