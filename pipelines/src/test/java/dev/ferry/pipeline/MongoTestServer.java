package dev.ferry.pipeline;

import com.mongodb.client.MongoClient;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.ferry.io.mongodb.BsonRecords;
import dev.ferry.io.mongodb.MongoConnection;
import dev.ferry.record.Record;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/** An in-process mongo-java-server on a free port, for one test class or test. */
final class MongoTestServer implements AutoCloseable {
  final MongoServer server;
  final String uri;

  MongoTestServer() {
    server = new MongoServer(new MemoryBackend());
    server.bind("127.0.0.1", 0);
    InetSocketAddress a = server.getLocalAddress();
    uri = "mongodb://127.0.0.1:" + a.getPort();
  }

  /** The environment a spec sees: FERRY_MONGO_URI plus the PostgreSQL variables. */
  Map<String, String> env() {
    Map<String, String> env = new java.util.HashMap<>(TestDb.specEnv());
    env.put("FERRY_MONGO_URI", uri);
    return env;
  }

  MongoConnection conn(String database, String collection) {
    return MongoConnection.of(uri, database, collection);
  }

  /** Every document of a collection sorted by _id. */
  List<Document> documents(String database, String collection) {
    MongoConnection c = conn(database, collection);
    try (MongoClient client = c.client()) {
      return c.collection(client).find().sort(new Document("_id", 1)).into(new ArrayList<>());
    }
  }

  /** Every document of a collection sorted by _id, as records. */
  List<Record> records(String database, String collection) {
    List<Record> out = new ArrayList<>();
    documents(database, collection).forEach(d -> out.add(BsonRecords.toRecord(d)));
    return out;
  }

  @Override
  public void close() {
    server.shutdownNow();
  }
}
