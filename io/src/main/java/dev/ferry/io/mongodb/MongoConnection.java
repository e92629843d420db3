package dev.ferry.io.mongodb;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.io.Serializable;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.bson.Document;

/**
 * Where a MongoDB collection is: a connection string, a database and a collection. The connection
 * string may carry a password, so {@link #toString()} and {@link #label()} name only the database
 * and the collection. Clients are built by the DoFns that need them, in {@code @Setup}.
 *
 * <pre>{@code
 * MongoConnection c = MongoConnection.of("mongodb://127.0.0.1:27017", "app", "user_data");
 * try (MongoClient client = c.client()) { c.collection(client).countDocuments(); }
 * }</pre>
 */
public final class MongoConnection implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String uri;
  private final String database;
  private final String collection;

  private MongoConnection(String uri, String database, String collection) {
    this.uri = uri;
    this.database = database;
    this.collection = collection;
  }

  /** Checks the connection string's syntax (not the server) and the names. */
  public static MongoConnection of(String uri, String database, String collection) {
    Objects.requireNonNull(uri, "uri");
    if (database == null || database.isBlank()) {
      throw new IllegalArgumentException("database must not be empty");
    }
    if (collection == null || collection.isBlank()) {
      throw new IllegalArgumentException("collection must not be empty");
    }
    try {
      new ConnectionString(uri);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "invalid MongoDB connection string for " + database + "." + collection, e);
    }
    return new MongoConnection(uri, database, collection);
  }

  /** The same server and database, another collection. */
  public MongoConnection withCollection(String name) {
    return of(uri, database, name);
  }

  public String uri() {
    return uri;
  }

  public String database() {
    return database;
  }

  public String collection() {
    return collection;
  }

  /** {@code database.collection}, safe to print. */
  public String label() {
    return database + "." + collection;
  }

  /** A new client; the caller closes it. Server selection gives up after 10 s. */
  public MongoClient client() {
    return MongoClients.create(
        MongoClientSettings.builder()
            .applyConnectionString(new ConnectionString(uri))
            .applyToClusterSettings(b -> b.serverSelectionTimeout(10, TimeUnit.SECONDS))
            .build());
  }

  public MongoCollection<Document> collection(MongoClient client) {
    return client.getDatabase(database).getCollection(collection);
  }

  @Override
  public String toString() {
    return "MongoConnection[" + label() + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MongoConnection
        && ((MongoConnection) o).uri.equals(uri)
        && ((MongoConnection) o).database.equals(database)
        && ((MongoConnection) o).collection.equals(collection);
  }

  @Override
  public int hashCode() {
    return Objects.hash(uri, database, collection);
  }
}
