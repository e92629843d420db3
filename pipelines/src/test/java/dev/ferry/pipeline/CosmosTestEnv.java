package dev.ferry.pipeline;

import com.azure.cosmos.CosmosContainer;
import com.azure.cosmos.models.CosmosQueryRequestOptions;
import com.azure.cosmos.models.FeedRange;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.io.cosmos.CosmosConnection;
import dev.ferry.io.cosmos.CosmosDocuments;
import dev.ferry.record.Record;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The Cosmos DB test server for pipeline tests (started by {@code scripts/cosmos-start.sh}; its
 * endpoint and key from the environment or {@code ~/.ferry/cosmos.env}), one database per test, and
 * helpers that read a container back in a canonical, order-free form.
 */
final class CosmosTestEnv {
  private CosmosTestEnv() {}

  /** The environment for spec substitution: PostgreSQL's and the Cosmos server's variables. */
  static Map<String, String> env() {
    Map<String, String> env = new HashMap<>(TestDb.specEnv());
    Path file =
        Path.of(
            System.getenv().getOrDefault("FERRY_HOME", System.getProperty("user.home") + "/.ferry"),
            "cosmos.env");
    if (!env.containsKey("FERRY_COSMOS_ENDPOINT") && Files.exists(file)) {
      try {
        for (String line : Files.readAllLines(file)) {
          int eq = line.indexOf('=');
          if (eq > 0) {
            env.putIfAbsent(line.substring(0, eq), line.substring(eq + 1));
          }
        }
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    if (!env.containsKey("FERRY_COSMOS_ENDPOINT")) {
      throw new IllegalStateException(
          "FERRY_COSMOS_ENDPOINT is not set and "
              + file
              + " is missing: run scripts/cosmos-start.sh");
    }
    return env;
  }

  static CosmosConnection connection(String database) {
    Map<String, String> env = env();
    return CosmosConnection.of(
        env.get("FERRY_COSMOS_ENDPOINT"), env.get("FERRY_COSMOS_KEY"), database);
  }

  /** A database name of this test process. */
  static String database(String prefix) {
    return prefix + "_" + ProcessHandle.current().pid();
  }

  /** Every document of a container (each feed range read once), canonical, by id. */
  static Map<String, String> documents(CosmosContainer c, Set<String> vectors) {
    Map<String, String> out = new TreeMap<>();
    for (FeedRange r : c.getFeedRanges()) {
      CosmosQueryRequestOptions o = new CosmosQueryRequestOptions();
      o.setFeedRange(r);
      for (ObjectNode doc : c.queryItems("SELECT * FROM c", o, ObjectNode.class)) {
        Record rec = CosmosDocuments.toRecord(doc, vectors);
        String prev = out.put(String.valueOf(rec.get("id")), canonical(rec));
        if (prev != null) {
          throw new AssertionError("document " + rec.get("id") + " read twice");
        }
      }
    }
    return out;
  }

  /** A record as text with fields sorted at every level and vectors as their raw float bits. */
  static String canonical(Object v) {
    if (v instanceof Record) {
      TreeMap<String, String> m = new TreeMap<>();
      for (Map.Entry<String, Object> e : ((Record) v).asMap().entrySet()) {
        m.put(e.getKey(), canonical(e.getValue()));
      }
      return m.toString();
    }
    if (v instanceof float[]) {
      float[] f = (float[]) v;
      StringBuilder sb = new StringBuilder("vector[");
      for (float x : f) {
        sb.append(Integer.toHexString(Float.floatToRawIntBits(x))).append(',');
      }
      return sb.append(']').toString();
    }
    if (v instanceof List) {
      List<String> out = new ArrayList<>();
      for (Object o : (List<?>) v) {
        out.add(canonical(o));
      }
      return out.toString();
    }
    return v == null ? "null" : v.getClass().getSimpleName() + ":" + v;
  }
}
