package dev.ferry.io.mongodb;

import java.io.Serializable;
import java.util.Objects;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * One piece of a collection's read: the documents whose {@code _id} has one BSON type and lies in
 * {@code [lower, upper)} (an open end when null). MongoDB compares values of different types by a
 * fixed type order, and a range query only matches values of the bounds' type, so every range names
 * its type and reads of mixed {@code _id} types never miss or repeat a document. Bounds are kept as
 * canonical Extended JSON so a range is small and serializable.
 *
 * <pre>{@code
 * IdRange r = IdRange.of("objectId", lower, upper);
 * collection.find(r.filter());
 * }</pre>
 */
public final class IdRange implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String type;
  private final String lower;
  private final String upper;

  private IdRange(String type, String lower, String upper) {
    this.type = Objects.requireNonNull(type, "type");
    this.lower = lower;
    this.upper = upper;
  }

  /** A range of {@code _id}s of one type alias (e.g. {@code objectId}); null bounds are open. */
  public static IdRange of(String type, BsonValue lower, BsonValue upper) {
    return new IdRange(type, encode(lower), encode(upper));
  }

  public String type() {
    return type;
  }

  /** The query filter selecting this range. */
  public Bson filter() {
    Document cond = new Document("$type", type);
    if (lower != null) {
      cond.append("$gte", decode(lower));
    }
    if (upper != null) {
      cond.append("$lt", decode(upper));
    }
    return new Document("_id", cond);
  }

  private static String encode(BsonValue v) {
    return v == null ? null : new BsonDocument("v", v).toJson();
  }

  private static BsonValue decode(String s) {
    return BsonDocument.parse(s).get("v");
  }

  @Override
  public String toString() {
    return "_id " + type + " [" + lower + ", " + upper + ")";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IdRange
        && ((IdRange) o).type.equals(type)
        && Objects.equals(((IdRange) o).lower, lower)
        && Objects.equals(((IdRange) o).upper, upper);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, lower, upper);
  }
}
