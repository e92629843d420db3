import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;

/**
 * The comparison for bench/mongo-split: the same split (seed 004's mapping) hand-written against the
 * plain MongoDB driver in one thread, no Beam: read user_data in batches of 1000, map each document
 * in Java, write both collections with unordered bulk writes of 1000. Mode "insert" uses
 * insertMany (the fastest the server allows); mode "upsert" replaces by key with upsert, as Ferry
 * does. Prints "plain-driver MODE SECONDS DOCS".
 *
 * <p>Run with the shaded Ferry jar on the class path (it holds the driver): {@code java -cp
 * runners/target/ferry.jar bench/mongo-split/PlainDriverSplit.java URI DB MODE}.
 */
public final class PlainDriverSplit {
  private PlainDriverSplit() {}

  public static void main(String[] args) {
    String uri = args[0];
    String dbName = args[1];
    String mode = args[2];
    long t0 = System.nanoTime();
    long n = 0;
    try (MongoClient client = MongoClients.create(uri)) {
      MongoDatabase db = client.getDatabase(dbName);
      MongoCollection<Document> src = db.getCollection("user_data");
      MongoCollection<Document> dm = db.getCollection("plain_dataset_metadata");
      MongoCollection<Document> tc = db.getCollection("plain_transformation_configs");
      dm.createIndex(new Document("dataset_id", 1), new IndexOptions().unique(true));
      tc.createIndex(new Document("config_id", 1), new IndexOptions().unique(true));
      List<Document> dms = new ArrayList<>();
      List<Document> tcs = new ArrayList<>();
      for (Document u : src.find().batchSize(1000)) {
        n++;
        String id = u.getObjectId("_id").toHexString();
        Document legacy = new Document("num_rows", u.get("num_rows"));
        if (u.containsKey("row_count")) {
          legacy.append("row_count", u.get("row_count"));
        }
        if (u.containsKey("file_type")) {
          legacy.append("file_type", u.get("file_type"));
        }
        Document pii = new Document();
        copy(u, "contains_pii", pii, "contains_pii");
        copy(u, "pii_report", pii, "detection_details");
        copy(u, "pii_risk_level", pii, "risk_level");
        copy(u, "pii_masked", pii, "masked");
        Document m = new Document("dataset_id", id);
        for (String f : new String[] {"user_id", "filename", "original_filename", "s3_url"}) {
          copy(u, f, m, f);
        }
        m.append("num_rows", u.containsKey("row_count") ? u.get("row_count") : u.get("num_rows"));
        for (String f : new String[] {"num_columns", "file_size_bytes", "data_schema"}) {
          copy(u, f, m, f);
        }
        m.append("pii_report", pii);
        copy(u, "is_processed", m, "is_processed");
        copy(u, "processed_at", m, "processed_at");
        copy(u, "schema", m, "inferred_schema");
        for (String f : new String[] {"statistics", "quality_report", "data_preview"}) {
          copy(u, f, m, f);
        }
        copy(u, "aiSummary", m, "ai_summary");
        m.append("file_type", u.getString("file_type") == null ? "csv" : u.getString("file_type"));
        for (String f : new String[] {"onboarding_progress", "created_at", "updated_at"}) {
          copy(u, f, m, f);
        }
        m.append("legacy", legacy);
        List<?> h = u.getList("transformation_history", Object.class);
        Document t =
            new Document("user_id", u.get("user_id"))
                .append("dataset_id", id)
                .append("config_id", id + "_config")
                .append("transformation_steps", h)
                .append("current_file_path", u.get("file_path"))
                .append("is_applied", !h.isEmpty());
        if (!h.isEmpty()) {
          t.append("applied_at", u.get("updated_at"));
        }
        t.append("total_transformations", h.size())
            .append("created_at", u.get("created_at"))
            .append("updated_at", u.get("updated_at"));
        dms.add(m);
        tcs.add(t);
        if (dms.size() == 1000) {
          write(dm, dms, "dataset_id", mode);
          write(tc, tcs, "config_id", mode);
          dms.clear();
          tcs.clear();
        }
      }
      if (!dms.isEmpty()) {
        write(dm, dms, "dataset_id", mode);
        write(tc, tcs, "config_id", mode);
      }
    }
    System.out.printf(
        java.util.Locale.ROOT, "plain-driver %s %.3f %d%n", mode, (System.nanoTime() - t0) / 1e9, n);
  }

  private static void copy(Document from, String f, Document to, String as) {
    if (from.containsKey(f)) {
      to.append(as, from.get(f));
    }
  }

  private static void write(MongoCollection<Document> c, List<Document> docs, String key, String mode) {
    if (mode.equals("insert")) {
      c.insertMany(new ArrayList<>(docs), new InsertManyOptions().ordered(false));
      return;
    }
    List<WriteModel<Document>> models = new ArrayList<>();
    for (Document d : docs) {
      models.add(
          new ReplaceOneModel<>(
              new Document(key, d.get(key)), d, new ReplaceOptions().upsert(true)));
    }
    c.bulkWrite(models, new BulkWriteOptions().ordered(false));
  }
}
