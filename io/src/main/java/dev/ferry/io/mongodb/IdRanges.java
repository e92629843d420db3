package dev.ferry.io.mongodb;

import com.mongodb.client.MongoCollection;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Splits a collection into {@code _id} ranges of about equal size, whatever the {@code _id} type
 * (several types in one collection included): it counts the documents of each BSON type, then takes
 * every n-th {@code _id} of that type in sorted order as a boundary. It needs neither {@code
 * splitVector} nor {@code $bucketAuto}, which mongo-java-server lacks.
 *
 * <pre>{@code
 * List<IdRange> ranges = IdRanges.plan(collection, 8);
 * }</pre>
 */
public final class IdRanges {
  /** The {@code $type} aliases an {@code _id} can have (arrays cannot be ids). */
  static final List<String> ID_TYPES =
      List.of(
          "minKey",
          "double",
          "int",
          "long",
          "decimal",
          "string",
          "object",
          "binData",
          "objectId",
          "bool",
          "date",
          "timestamp",
          "regex",
          "maxKey");

  private IdRanges() {}

  /**
   * About {@code splits} ranges covering every document; fails naming the collection if some {@code
   * _id}s have a type the ranges cannot select.
   */
  public static List<IdRange> plan(MongoCollection<Document> coll, int splits) {
    long total = coll.countDocuments();
    List<IdRange> out = new ArrayList<>();
    long covered = 0;
    for (String type : ID_TYPES) {
      Bson ofType = new Document("_id", new Document("$type", type));
      long n = coll.countDocuments(ofType);
      if (n == 0) {
        continue;
      }
      covered += n;
      int pieces = (int) Math.max(1, Math.min(n, Math.round((double) splits * n / total)));
      List<BsonValue> bounds = new ArrayList<>();
      for (int i = 1; i < pieces; i++) {
        BsonDocument at =
            coll.withDocumentClass(BsonDocument.class)
                .find(ofType)
                .projection(new Document("_id", 1))
                .sort(new Document("_id", 1))
                .skip((int) (i * n / pieces))
                .limit(1)
                .first();
        if (at != null
            && (bounds.isEmpty() || !bounds.get(bounds.size() - 1).equals(at.get("_id")))) {
          bounds.add(at.get("_id"));
        }
      }
      BsonValue lower = null;
      for (BsonValue b : bounds) {
        out.add(IdRange.of(type, lower, b));
        lower = b;
      }
      out.add(IdRange.of(type, lower, null));
    }
    if (covered != total) {
      throw new IllegalStateException(
          "collection "
              + coll.getNamespace().getFullName()
              + ": "
              + (total - covered)
              + " of "
              + total
              + " documents have an _id whose type cannot be split into ranges");
    }
    return out;
  }
}
