package dev.ferry.io.cosmos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.record.Json;
import dev.ferry.record.Record;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps Cosmos DB JSON documents to records and back. Integers become {@code Long}, other numbers
 * {@code Double}, objects nested records, arrays lists; the arrays at the configured vector paths
 * become {@code float[]}. Records write back the other way: a {@code float[]} becomes an array of
 * float literals, so a vector read back is bit-for-bit the one written. Server fields ({@code
 * _rid}, {@code _self}, {@code _etag}, {@code _attachments}, {@code _ts}, {@code _lsn}) are dropped
 * on read.
 *
 * <pre>{@code
 * Record r = CosmosDocuments.toRecord(node, Set.of("embedding"));
 * ObjectNode doc = CosmosDocuments.toDocument(r);
 * }</pre>
 */
public final class CosmosDocuments {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Fields the server adds to every document. */
  public static final Set<String> SYSTEM_FIELDS =
      Set.of("_rid", "_self", "_etag", "_attachments", "_ts", "_lsn");

  private CosmosDocuments() {}

  /** The record of a document; arrays at the dotted {@code vectorPaths} become vectors. */
  public static Record toRecord(JsonNode doc, Set<String> vectorPaths) {
    if (!doc.isObject()) {
      throw new IllegalArgumentException("a Cosmos document must be a JSON object");
    }
    return object(doc, "", vectorPaths, true);
  }

  private static Record object(JsonNode node, String prefix, Set<String> vectors, boolean top) {
    Record r = Record.withCapacity(node.size());
    Iterator<Map.Entry<String, JsonNode>> it = node.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (top && SYSTEM_FIELDS.contains(e.getKey())) {
        continue;
      }
      String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      r.put(e.getKey(), value(e.getValue(), path, vectors));
    }
    return r;
  }

  private static Object value(JsonNode n, String path, Set<String> vectors) {
    switch (n.getNodeType()) {
      case NULL:
      case MISSING:
        return null;
      case BOOLEAN:
        return n.booleanValue();
      case NUMBER:
        if (n.isIntegralNumber()) {
          return n.canConvertToLong()
              ? (Object) n.longValue()
              : new BigDecimal(n.bigIntegerValue());
        }
        return n.isBigDecimal() ? n.decimalValue() : n.doubleValue();
      case STRING:
        return n.textValue();
      case ARRAY:
        if (vectors.contains(path) && allNumbers(n)) {
          float[] v = new float[n.size()];
          for (int i = 0; i < v.length; i++) {
            v[i] = n.get(i).floatValue();
          }
          return v;
        }
        List<Object> list = new ArrayList<>(n.size());
        for (JsonNode item : n) {
          list.add(value(item, path, vectors));
        }
        return list;
      case OBJECT:
        return object(n, path, vectors, false);
      default:
        throw new IllegalArgumentException(
            "field '" + path + "': unsupported JSON value " + n.getNodeType());
    }
  }

  private static boolean allNumbers(JsonNode array) {
    for (JsonNode item : array) {
      if (!item.isNumber()) {
        return false;
      }
    }
    return true;
  }

  /** The document of a record; fails naming the field for a value JSON cannot hold. */
  public static ObjectNode toDocument(Record r) {
    ObjectNode o = NODES.objectNode();
    for (Map.Entry<String, Object> e : r.asMap().entrySet()) {
      o.set(e.getKey(), node(e.getValue(), e.getKey()));
    }
    return o;
  }

  private static JsonNode node(Object v, String path) {
    if (v == null) {
      return NODES.nullNode();
    } else if (v instanceof Boolean) {
      return NODES.booleanNode((Boolean) v);
    } else if (v instanceof Long) {
      return NODES.numberNode((Long) v);
    } else if (v instanceof Double) {
      double d = (Double) v;
      if (!Double.isFinite(d)) {
        throw new IllegalArgumentException("field '" + path + "': " + d + " is not a JSON number");
      }
      return NODES.numberNode(d);
    } else if (v instanceof BigDecimal) {
      return NODES.numberNode((BigDecimal) v);
    } else if (v instanceof String) {
      return NODES.textNode((String) v);
    } else if (v instanceof byte[]) {
      return NODES.textNode(Base64.getEncoder().encodeToString((byte[]) v));
    } else if (v instanceof Instant || v instanceof LocalDate) {
      return NODES.textNode(v.toString());
    } else if (v instanceof Json) {
      try {
        return MAPPER.readTree(((Json) v).text());
      } catch (Exception e) {
        throw new IllegalArgumentException("field '" + path + "': invalid JSON value", e);
      }
    } else if (v instanceof float[]) {
      float[] f = (float[]) v;
      ArrayNode a = NODES.arrayNode(f.length);
      for (int i = 0; i < f.length; i++) {
        if (!Float.isFinite(f[i])) {
          throw new IllegalArgumentException(
              "field '" + path + "': element " + i + " is " + f[i] + ", not a JSON number");
        }
        a.add(NODES.numberNode(f[i]));
      }
      return a;
    } else if (v instanceof List) {
      ArrayNode a = NODES.arrayNode();
      for (Object item : (List<?>) v) {
        a.add(node(item, path));
      }
      return a;
    } else if (v instanceof Record) {
      ObjectNode o = NODES.objectNode();
      for (Map.Entry<String, Object> e : ((Record) v).asMap().entrySet()) {
        o.set(e.getKey(), node(e.getValue(), path + "." + e.getKey()));
      }
      return o;
    }
    throw new IllegalArgumentException(
        "field '" + path + "': cannot write " + v.getClass().getSimpleName() + " as JSON");
  }

  /**
   * The partition key values of a record under the container's key paths ({@code /a/b} style); a
   * missing value is {@code null} in the list.
   */
  public static List<Object> partitionKeyValues(Record r, List<String> paths) {
    List<Object> out = new ArrayList<>(paths.size());
    for (String p : paths) {
      String dotted = String.join(".", p.substring(1).split("/"));
      out.add(r.hasPath(dotted) ? r.getPath(dotted) : null);
    }
    return out;
  }
}
