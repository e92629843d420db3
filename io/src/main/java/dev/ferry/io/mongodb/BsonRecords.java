package dev.ferry.io.mongodb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.record.Json;
import dev.ferry.record.Record;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;

/**
 * Maps MongoDB documents to Ferry records and back so that every BSON type survives a round trip.
 * BSON types with an exact Ferry kind become that kind: string, boolean, double, Int32 (as int),
 * Int64 outside the Int32 range (as int), Decimal128 (as decimal), Date (as timestamp, millisecond
 * precision), binary subtype 0 (as bytes), embedded documents (as records, GeoJSON included) and
 * arrays (as lists). Every other value travels as its canonical Extended JSON object, a record with
 * one {@code $}-field: {@code {"$oid": "5ca4..."}} for an ObjectId, {@code {"$numberLong": "7"}}
 * for an Int64 that would fit an Int32, {@code {"$binary": {"base64": .., "subType": "04"}}} for
 * other binary subtypes, {@code {"$timestamp": {"t": .., "i": ..}}}, {@code {"$numberDecimal":
 * "NaN"}}, regular expressions and so on. On the way back an int becomes Int32 when it fits and
 * Int64 otherwise, and a one-field {@code $}-record becomes the BSON value it names.
 *
 * <p>Values that only Ferry has are written as the nearest BSON type: a date as the Date of its UTC
 * midnight, a vector as an array of doubles, JSON as the BSON value it parses to. Stored documents
 * cannot have top-level field names starting with {@code $}, so the one-field rule is unambiguous.
 *
 * <pre>{@code
 * Record r = BsonRecords.toRecord(document);  // _id: {"$oid": "..."}
 * Document back = BsonRecords.toDocument(r);   // equal to document
 * }</pre>
 */
public final class BsonRecords {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonWriterSettings CANONICAL =
      JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();

  private BsonRecords() {}

  /** The record for a document, fields in the document's order. */
  public static Record toRecord(Document doc) {
    Record r = Record.withCapacity(doc.size());
    for (Map.Entry<String, Object> e : doc.entrySet()) {
      r.put(e.getKey(), toValue(e.getValue()));
    }
    return r;
  }

  /** The Ferry value for one BSON value as the driver's {@link Document} decodes it. */
  public static Object toValue(Object v) {
    if (v == null
        || v instanceof String
        || v instanceof Boolean
        || v instanceof Double
        || v instanceof Long && !fitsInt((Long) v)) {
      return v;
    }
    if (v instanceof Integer) {
      return ((Integer) v).longValue();
    }
    if (v instanceof Long) {
      return Record.of("$numberLong", v.toString());
    }
    if (v instanceof ObjectId) {
      return Record.of("$oid", ((ObjectId) v).toHexString());
    }
    if (v instanceof Date) {
      return Instant.ofEpochMilli(((Date) v).getTime());
    }
    if (v instanceof Decimal128) {
      Decimal128 d = (Decimal128) v;
      if (d.isNaN()
          || d.isInfinite()
          || d.isNegative() && d.toString().matches("-0(\\.0*)?(E.*)?")) {
        return Record.of("$numberDecimal", d.toString());
      }
      return d.bigDecimalValue();
    }
    if (v instanceof Binary && ((Binary) v).getType() == 0) {
      return ((Binary) v).getData();
    }
    if (v instanceof Document) {
      return toRecord((Document) v);
    }
    if (v instanceof List) {
      List<?> in = (List<?>) v;
      List<Object> out = new ArrayList<>(in.size());
      for (Object o : in) {
        out.add(toValue(o));
      }
      return out;
    }
    return extendedJson(v);
  }

  /** The document for a record; fails naming the field for a value BSON cannot hold. */
  public static Document toDocument(Record r) {
    Document d = new Document();
    for (Map.Entry<String, Object> e : r.asMap().entrySet()) {
      try {
        d.append(e.getKey(), toBson(e.getValue()));
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException("field '" + e.getKey() + "': " + ex.getMessage(), ex);
      }
    }
    return d;
  }

  /** The BSON (driver Java) value for one Ferry value. */
  public static Object toBson(Object v) {
    if (v == null || v instanceof String || v instanceof Boolean || v instanceof Double) {
      return v;
    }
    if (v instanceof Long) {
      long l = (Long) v;
      return fitsInt(l) ? (Object) (int) l : (Object) l;
    }
    if (v instanceof BigDecimal) {
      try {
        return new Decimal128((BigDecimal) v);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "decimal " + ((BigDecimal) v).toPlainString() + " does not fit a Decimal128", e);
      }
    }
    if (v instanceof Instant) {
      return Date.from((Instant) v);
    }
    if (v instanceof LocalDate) {
      return Date.from(((LocalDate) v).atStartOfDay().toInstant(ZoneOffset.UTC));
    }
    if (v instanceof byte[]) {
      return new Binary((byte[]) v);
    }
    if (v instanceof float[]) {
      float[] f = (float[]) v;
      List<Double> out = new ArrayList<>(f.length);
      for (float x : f) {
        out.add((double) x);
      }
      return out;
    }
    if (v instanceof Json) {
      return BsonDocument.parse("{\"v\": " + ((Json) v).text() + "}").get("v");
    }
    if (v instanceof List) {
      List<?> in = (List<?>) v;
      List<Object> out = new ArrayList<>(in.size());
      for (Object o : in) {
        out.add(toBson(o));
      }
      return out;
    }
    if (v instanceof Record) {
      Record r = (Record) v;
      if (r.size() == 1) {
        String name = r.names().iterator().next();
        if (name.startsWith("$")) {
          return fromExtendedJson(name, r);
        }
      }
      return toDocument(r);
    }
    throw new IllegalArgumentException("cannot store a " + v.getClass().getSimpleName());
  }

  private static boolean fitsInt(long l) {
    return l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE;
  }

  /** A BSON value with no Ferry kind, as the record of its canonical Extended JSON. */
  private static Record extendedJson(Object v) {
    String json = new Document("v", v).toJson(CANONICAL);
    try {
      return (Record) plain(MAPPER.readTree(json).get("v"));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot read the driver's Extended JSON " + json, e);
    }
  }

  /** A JSON tree as records, lists and plain values. */
  private static Object plain(JsonNode n) {
    if (n.isObject()) {
      Record r = Record.withCapacity(n.size());
      n.fields().forEachRemaining(e -> r.put(e.getKey(), plain(e.getValue())));
      return r;
    }
    if (n.isArray()) {
      List<Object> out = new ArrayList<>(n.size());
      n.forEach(x -> out.add(plain(x)));
      return out;
    }
    if (n.isTextual()) {
      return n.textValue();
    }
    if (n.isIntegralNumber()) {
      return n.longValue();
    }
    if (n.isNumber()) {
      return n.doubleValue();
    }
    if (n.isBoolean()) {
      return n.booleanValue();
    }
    return null;
  }

  private static Object fromExtendedJson(String name, Record r) {
    Object inner = r.get(name);
    if (name.equals("$oid") && inner instanceof String) {
      return new ObjectId((String) inner);
    }
    if (name.equals("$numberLong") && inner instanceof String) {
      return Long.parseLong((String) inner);
    }
    if (name.equals("$numberDecimal") && inner instanceof String) {
      return Decimal128.parse((String) inner);
    }
    if (name.equals("$binary") && inner instanceof Record) {
      Record b = (Record) inner;
      return new Binary(
          (byte) Integer.parseInt(String.valueOf(b.get("subType")), 16),
          Base64.getDecoder().decode(String.valueOf(b.get("base64"))));
    }
    try {
      return BsonDocument.parse("{\"v\": " + jsonOf(r) + "}").get("v");
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "'" + name + "' is not an Extended JSON value: " + e.getMessage(), e);
    }
  }

  /** Plain JSON text of a small record of strings, numbers, booleans, lists and records. */
  private static String jsonOf(Object v) {
    try {
      return MAPPER.writeValueAsString(tree(v));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static Object tree(Object v) {
    if (v instanceof Record) {
      Map<String, Object> m = new java.util.LinkedHashMap<>();
      ((Record) v).asMap().forEach((k, x) -> m.put(k, tree(x)));
      return m;
    }
    if (v instanceof List) {
      List<Object> out = new ArrayList<>();
      ((List<?>) v).forEach(x -> out.add(tree(x)));
      return out;
    }
    return v;
  }
}
