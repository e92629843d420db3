package dev.ferry.io.mongodb;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

/**
 * Collection-level work done outside pipelines: creating a target collection and its indexes before
 * a load (and saying what was done), emptying one, and dumping or loading a collection as JSON
 * lines in canonical Extended JSON, which keeps every BSON type ({@code $oid}, {@code $date},
 * {@code $numberLong}, {@code $numberDecimal}, {@code $binary}, ...) exactly. A dump is sorted by
 * {@code _id}, so two dumps of equal collections are equal files.
 *
 * <pre>{@code
 * List<String> done = MongoCollections.prepare(conn, List.of(new MongoIndex(List.of("config_id"), true, null)), false);
 * long n = MongoCollections.dump(conn, Path.of("users.jsonl"));
 * MongoCollections.load(conn.withCollection("users_restored"), Path.of("users.jsonl"));
 * }</pre>
 */
public final class MongoCollections {
  private static final JsonWriterSettings CANONICAL =
      JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();
  private static final int LOAD_BATCH = 1000;

  private MongoCollections() {}

  /** An index to create: its fields (ascending), whether unique, and an optional name. */
  public record MongoIndex(List<String> fields, boolean unique, String name) {
    public MongoIndex {
      fields = List.copyOf(fields);
    }

    Document keys() {
      Document d = new Document();
      fields.forEach(f -> d.append(f, 1));
      return d;
    }
  }

  /**
   * Creates the collection if missing (emptying it first when {@code empty}) and its indexes;
   * returns one line per action for the report. An index that conflicts with an existing one, or a
   * unique index the existing documents violate, fails naming the collection and the fields.
   */
  public static List<String> prepare(MongoConnection c, List<MongoIndex> indexes, boolean empty) {
    List<String> done = new ArrayList<>();
    try (MongoClient client = c.client()) {
      MongoDatabase db = client.getDatabase(c.database());
      boolean exists = false;
      for (String n : db.listCollectionNames()) {
        exists |= n.equals(c.collection());
      }
      if (exists && empty) {
        long n = db.getCollection(c.collection()).deleteMany(new Document()).getDeletedCount();
        done.add("emptied collection " + c.label() + " (" + n + " documents)");
      } else if (!exists) {
        db.createCollection(c.collection());
        done.add("created collection " + c.label());
      }
      MongoCollection<Document> coll = db.getCollection(c.collection());
      for (MongoIndex i : indexes) {
        IndexOptions o = new IndexOptions().unique(i.unique());
        if (i.name() != null) {
          o.name(i.name());
        }
        try {
          String name = coll.createIndex(i.keys(), o);
          done.add(
              (i.unique() ? "unique index " : "index ")
                  + name
                  + " on "
                  + c.label()
                  + " "
                  + i.fields());
        } catch (MongoCommandException e) {
          throw new IllegalStateException(
              "collection "
                  + c.label()
                  + ": cannot create "
                  + (i.unique() ? "unique index" : "index")
                  + " on "
                  + i.fields()
                  + ": "
                  + e.getErrorMessage(),
              e);
        }
      }
    }
    return done;
  }

  /** The number of documents in the collection (0 when it does not exist). */
  public static long count(MongoConnection c) {
    try (MongoClient client = c.client()) {
      return c.collection(client).countDocuments();
    }
  }

  /** Writes every document, sorted by {@code _id}, one canonical Extended JSON line each. */
  public static long dump(MongoConnection c, Path file) {
    long n = 0;
    try (MongoClient client = c.client();
        BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        MongoCursor<RawBsonDocument> cur =
            c.collection(client)
                .withDocumentClass(RawBsonDocument.class)
                .find()
                .sort(new Document("_id", 1))
                .batchSize(1000)
                .iterator()) {
      while (cur.hasNext()) {
        w.write(cur.next().toJson(CANONICAL));
        w.write('\n');
        n++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return n;
  }

  /**
   * Inserts the documents of an Extended JSON lines file (or a mongoexport file) into the
   * collection; a bad line fails naming the file and the line number.
   */
  public static long load(MongoConnection c, Path file) {
    long n = 0;
    try (MongoClient client = c.client();
        BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      MongoCollection<RawBsonDocument> coll =
          c.collection(client).withDocumentClass(RawBsonDocument.class);
      List<RawBsonDocument> batch = new ArrayList<>(LOAD_BATCH);
      String line;
      int lineNo = 0;
      while ((line = r.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        try {
          batch.add(RawBsonDocument.parse(line));
        } catch (RuntimeException e) {
          throw new IllegalArgumentException(
              file + ":" + lineNo + ": not an Extended JSON document: " + e.getMessage(), e);
        }
        if (batch.size() == LOAD_BATCH) {
          coll.insertMany(batch);
          n += batch.size();
          batch.clear();
        }
      }
      if (!batch.isEmpty()) {
        coll.insertMany(batch);
        n += batch.size();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return n;
  }

  /** Inserts the documents of a mongodump {@code .bson} file into the collection. */
  public static long loadBson(MongoConnection c, Path file) {
    long n = 0;
    byte[] all;
    try {
      all = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    try (MongoClient client = c.client()) {
      MongoCollection<RawBsonDocument> coll =
          c.collection(client).withDocumentClass(RawBsonDocument.class);
      List<RawBsonDocument> batch = new ArrayList<>(LOAD_BATCH);
      int pos = 0;
      while (pos < all.length) {
        if (pos + 4 > all.length) {
          throw new IllegalArgumentException(file + ": truncated document at byte " + pos);
        }
        int len =
            (all[pos] & 0xff)
                | (all[pos + 1] & 0xff) << 8
                | (all[pos + 2] & 0xff) << 16
                | (all[pos + 3] & 0xff) << 24;
        if (len < 5 || pos + len > all.length) {
          throw new IllegalArgumentException(
              file + ": bad document length " + len + " at byte " + pos);
        }
        batch.add(new RawBsonDocument(all, pos, len));
        pos += len;
        if (batch.size() == LOAD_BATCH) {
          coll.insertMany(batch);
          n += batch.size();
          batch.clear();
        }
      }
      if (!batch.isEmpty()) {
        coll.insertMany(batch);
        n += batch.size();
      }
    }
    return n;
  }
}
