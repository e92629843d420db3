package dev.ferry.spec;

import dev.ferry.io.cosmos.CosmosContainerDef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads the {@code type: cosmos} sources and targets of a spec, recording every problem with its
 * line and field like the rest of the loader.
 *
 * <pre>{@code
 * sources:
 *   old: { type: cosmos, endpoint: "${env:FERRY_COSMOS_ENDPOINT}", key: "${env:FERRY_COSMOS_KEY}",
 *          database: shop, vectors: [embedding] }
 * targets:
 *   new:
 *     type: cosmos
 *     endpoint: "${env:FERRY_COSMOS_ENDPOINT}"
 *     key: "${env:FERRY_COSMOS_KEY}"
 *     database: shop
 *     max_docs_per_second: 500                      # write budget per container (0: none)
 *     containers:
 *       sessions: { partition_key: /user_id, ttl: 7776000, throughput: 400 }
 *       vectors:
 *         partition_key: [/tenant, /source]        # hierarchical (MultiHash)
 *         vectors: [{ path: /embedding, dimensions: 768, distance: cosine, index: diskANN }]
 *         exclude_from_index: ["/content/?"]
 * }</pre>
 */
final class CosmosSpecReader {
  static final List<String> SOURCE_KEYS = List.of("type", "endpoint", "key", "database", "vectors");
  static final List<String> TARGET_KEYS =
      List.of("type", "endpoint", "key", "database", "containers", "max_docs_per_second");
  static final List<String> CONTAINER_KEYS =
      List.of("partition_key", "ttl", "throughput", "vectors", "exclude_from_index");
  static final List<String> VECTOR_KEYS = List.of("path", "dimensions", "distance", "index");

  private final NodeReader r;
  private final Problems problems;

  CosmosSpecReader(NodeReader r, Problems problems) {
    this.r = r;
    this.problems = problems;
  }

  SourceSpec.Cosmos source(String name, YamlMap m) {
    m.allowOnly(SOURCE_KEYS);
    int before = problems.count();
    String endpoint = endpoint(m);
    String key = m.requiredString("key");
    String database = m.requiredString("database");
    List<String> vectors = m.has("vectors") ? m.strings("vectors") : List.of();
    if (problems.count() > before || vectors == null) {
      return null;
    }
    return new SourceSpec.Cosmos(name, endpoint, Secret.of(key), database, vectors);
  }

  TargetSpec.Cosmos target(String name, YamlMap m) {
    m.allowOnly(TARGET_KEYS);
    int before = problems.count();
    String endpoint = endpoint(m);
    String key = m.requiredString("key");
    String database = m.requiredString("database");
    Long budget = m.integer("max_docs_per_second", 0, 10_000_000);
    Map<String, CosmosContainerDef> containers = new LinkedHashMap<>();
    YamlMap cm = m.has("containers") ? m.map("containers") : null;
    if (cm != null) {
      for (String id : cm.keys()) {
        YamlMap c = r.map(cm.rawValue(id), cm.path(id));
        if (c != null) {
          CosmosContainerDef def = container(id, c);
          if (def != null) {
            containers.put(id, def);
          }
        }
      }
    }
    if (problems.count() > before) {
      return null;
    }
    return new TargetSpec.Cosmos(
        name,
        endpoint,
        Secret.of(key),
        database,
        containers,
        budget == null ? 0 : budget.intValue());
  }

  private String endpoint(YamlMap m) {
    String endpoint = m.requiredString("endpoint");
    if (endpoint != null && !endpoint.startsWith("https://")) {
      m.problem("endpoint", "must be an https:// URL, got '" + endpoint + "'");
      return null;
    }
    return endpoint;
  }

  private CosmosContainerDef container(String id, YamlMap c) {
    c.allowOnly(CONTAINER_KEYS);
    int before = problems.count();
    Node pkNode = c.required("partition_key");
    List<String> paths = null;
    if (pkNode instanceof SequenceNode) {
      paths = c.strings("partition_key");
    } else if (pkNode != null) {
      String one = c.requiredString("partition_key");
      paths = one == null ? null : List.of(one);
    }
    if (paths != null) {
      if (paths.isEmpty() || paths.size() > 3) {
        c.problem("partition_key", "needs 1 to 3 paths, got " + paths.size());
      }
      for (String p : paths) {
        if (!p.startsWith("/") || p.length() < 2) {
          c.problem("partition_key", "path '" + p + "' must start with '/'");
        }
      }
    }
    Long ttl = c.integer("ttl", -1, Integer.MAX_VALUE);
    if (ttl != null && ttl == 0) {
      c.problem("ttl", "must be -1 (on, no default expiry) or positive seconds, got 0");
    }
    Long throughput = c.integer("throughput", 400, 1_000_000);
    List<CosmosContainerDef.Vector> vectors = new ArrayList<>();
    if (c.has("vectors")) {
      List<Node> items = r.list(c.value("vectors"), c.path("vectors"));
      if (items != null) {
        for (int i = 0; i < items.size(); i++) {
          YamlMap v = r.map(items.get(i), c.path("vectors") + "[" + i + "]");
          if (v != null) {
            vectors.add(vector(v));
          }
        }
      }
    }
    List<String> excluded = c.has("exclude_from_index") ? c.strings("exclude_from_index") : null;
    if (problems.count() > before || paths == null) {
      return null;
    }
    CosmosContainerDef def =
        CosmosContainerDef.of(id, paths)
            .withDefaultTtl(ttl == null ? null : ttl.intValue())
            .withThroughput(throughput == null ? null : throughput.intValue());
    for (CosmosContainerDef.Vector v : vectors) {
      if (v != null) {
        def = def.withVector(v);
      }
    }
    if (excluded != null) {
      def = def.withExcludedPaths(excluded);
    }
    return def;
  }

  private CosmosContainerDef.Vector vector(YamlMap v) {
    v.allowOnly(VECTOR_KEYS);
    int before = problems.count();
    String path = v.requiredString("path");
    Long dims = v.integer("dimensions", 1, 4096);
    if (!v.has("dimensions")) {
      v.missing("dimensions");
    }
    String distance = v.has("distance") ? v.optionalString("distance") : "cosine";
    if (distance != null && !List.of("cosine", "dotproduct", "euclidean").contains(distance)) {
      v.problem(
          "distance", "unknown value '" + distance + "' (known: cosine, dotproduct, euclidean)");
    }
    String index = v.optionalString("index");
    if (index != null && !List.of("flat", "quantizedFlat", "diskANN").contains(index)) {
      v.problem("index", "unknown value '" + index + "' (known: flat, quantizedFlat, diskANN)");
    }
    if (problems.count() > before) {
      return null;
    }
    try {
      return new CosmosContainerDef.Vector(path, dims.intValue(), distance, index);
    } catch (IllegalArgumentException e) {
      v.problem("path", e.getMessage());
      return null;
    }
  }
}
