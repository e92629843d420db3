package dev.ferry.io.cosmos;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * What a target container must look like: its id, partition key paths (one path = hash, several =
 * hierarchical MultiHash), default TTL, vector embeddings (with their vector indexes), excluded
 * index paths and throughput. {@link CosmosContainers} creates it or checks an existing container
 * against it.
 *
 * <pre>{@code
 * CosmosContainerDef vectors = CosmosContainerDef.of("personality_vectors", List.of("/partition_key"))
 *     .withVector(new CosmosContainerDef.Vector("/embedding", 768, "cosine", "diskANN"))
 *     .withThroughput(1000);
 * }</pre>
 */
public final class CosmosContainerDef implements Serializable {
  private static final long serialVersionUID = 1L;

  /** A vector embedding: path, float32 dimensions, distance function, index type (or null). */
  public record Vector(String path, int dimensions, String distance, String indexType)
      implements Serializable {
    public Vector {
      requirePath(path, "vector path");
      if (dimensions <= 0) {
        throw new IllegalArgumentException(
            "vector '" + path + "': dimensions must be positive, got " + dimensions);
      }
      if (!List.of("cosine", "dotproduct", "euclidean").contains(distance)) {
        throw new IllegalArgumentException(
            "vector '"
                + path
                + "': distance must be cosine, dotproduct or euclidean, got '"
                + distance
                + "'");
      }
      if (indexType != null && !List.of("flat", "quantizedFlat", "diskANN").contains(indexType)) {
        throw new IllegalArgumentException(
            "vector '"
                + path
                + "': index must be flat, quantizedFlat or diskANN, got '"
                + indexType
                + "'");
      }
    }
  }

  private final String id;
  private final List<String> partitionKeyPaths;
  private final Integer defaultTtlSeconds;
  private final List<Vector> vectors;
  private final List<String> excludedPaths;
  private final Integer throughput;

  private CosmosContainerDef(
      String id,
      List<String> partitionKeyPaths,
      Integer defaultTtlSeconds,
      List<Vector> vectors,
      List<String> excludedPaths,
      Integer throughput) {
    this.id = id;
    this.partitionKeyPaths = List.copyOf(partitionKeyPaths);
    this.defaultTtlSeconds = defaultTtlSeconds;
    this.vectors = List.copyOf(vectors);
    this.excludedPaths = List.copyOf(excludedPaths);
    this.throughput = throughput;
  }

  /** A container with these partition key paths (1 to 3, each starting with '/'). */
  public static CosmosContainerDef of(String id, List<String> partitionKeyPaths) {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("container id is required");
    }
    if (partitionKeyPaths == null || partitionKeyPaths.isEmpty() || partitionKeyPaths.size() > 3) {
      throw new IllegalArgumentException(
          "container '" + id + "': partition key needs 1 to 3 paths, got " + partitionKeyPaths);
    }
    for (String p : partitionKeyPaths) {
      requirePath(p, "container '" + id + "': partition key path");
    }
    return new CosmosContainerDef(id, partitionKeyPaths, null, List.of(), List.of(), null);
  }

  private static void requirePath(String p, String what) {
    if (p == null || !p.startsWith("/") || p.length() < 2) {
      throw new IllegalArgumentException(what + " must start with '/', got '" + p + "'");
    }
  }

  /** Default time to live in seconds ({@code -1}: on, no default expiry); null: off. */
  public CosmosContainerDef withDefaultTtl(Integer seconds) {
    if (seconds != null && (seconds == 0 || seconds < -1)) {
      throw new IllegalArgumentException(
          "container '" + id + "': ttl must be -1 or positive seconds, got " + seconds);
    }
    return new CosmosContainerDef(
        id, partitionKeyPaths, seconds, vectors, excludedPaths, throughput);
  }

  public CosmosContainerDef withVector(Vector v) {
    List<Vector> all = new java.util.ArrayList<>(vectors);
    all.add(Objects.requireNonNull(v));
    return new CosmosContainerDef(
        id, partitionKeyPaths, defaultTtlSeconds, all, excludedPaths, throughput);
  }

  /** Paths excluded from the index, such as {@code /embedding/*}. */
  public CosmosContainerDef withExcludedPaths(List<String> paths) {
    return new CosmosContainerDef(
        id, partitionKeyPaths, defaultTtlSeconds, vectors, paths, throughput);
  }

  /** Manual throughput in RU/s (at least 400); null: the account's default. */
  public CosmosContainerDef withThroughput(Integer ru) {
    if (ru != null && ru < 400) {
      throw new IllegalArgumentException(
          "container '" + id + "': throughput must be at least 400 RU/s, got " + ru);
    }
    return new CosmosContainerDef(
        id, partitionKeyPaths, defaultTtlSeconds, vectors, excludedPaths, ru);
  }

  public String id() {
    return id;
  }

  public List<String> partitionKeyPaths() {
    return partitionKeyPaths;
  }

  public boolean hierarchical() {
    return partitionKeyPaths.size() > 1;
  }

  public Integer defaultTtlSeconds() {
    return defaultTtlSeconds;
  }

  public List<Vector> vectors() {
    return vectors;
  }

  public List<String> excludedPaths() {
    return excludedPaths;
  }

  public Integer throughput() {
    return throughput;
  }
}
