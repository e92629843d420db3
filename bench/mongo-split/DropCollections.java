import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

/** Drops the split's target collections before a bench/mongo-split run: URI DB. */
public final class DropCollections {
  private DropCollections() {}

  public static void main(String[] args) {
    try (MongoClient client = MongoClients.create(args[0])) {
      MongoDatabase db = client.getDatabase(args[1]);
      for (String c :
          new String[] {
            "dataset_metadata",
            "transformation_configs",
            "plain_dataset_metadata",
            "plain_transformation_configs"
          }) {
        db.getCollection(c).drop();
      }
    }
  }
}
