package dev.ferry.io.cosmos;

import com.azure.cosmos.CosmosClient;
import com.azure.cosmos.CosmosDatabase;
import com.azure.cosmos.CosmosException;
import com.azure.cosmos.models.CosmosContainerProperties;
import com.azure.cosmos.models.CosmosVectorDataType;
import com.azure.cosmos.models.CosmosVectorDistanceFunction;
import com.azure.cosmos.models.CosmosVectorEmbedding;
import com.azure.cosmos.models.CosmosVectorEmbeddingPolicy;
import com.azure.cosmos.models.CosmosVectorIndexSpec;
import com.azure.cosmos.models.ExcludedPath;
import com.azure.cosmos.models.IncludedPath;
import com.azure.cosmos.models.IndexingPolicy;
import com.azure.cosmos.models.PartitionKeyDefinition;
import com.azure.cosmos.models.PartitionKeyDefinitionVersion;
import com.azure.cosmos.models.PartitionKind;
import com.azure.cosmos.models.ThroughputProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Creates target containers from their {@link CosmosContainerDef} before a load, or checks that an
 * existing container matches it. Checking comes first for every container, so a mismatch stops the
 * run before any container is created or any document written.
 *
 * <pre>{@code
 * try (CosmosClient client = connection.client()) {
 *   List<String> created = CosmosContainers.prepare(client, "shop", defs);
 * }
 * }</pre>
 */
public final class CosmosContainers {
  private CosmosContainers() {}

  /**
   * Checks every existing container against its definition (throwing {@link
   * CosmosContainerMismatchException} with every difference), then creates the database if needed
   * and the missing containers. Returns the ids of the containers it created.
   */
  public static List<String> prepare(
      CosmosClient client, String database, List<CosmosContainerDef> defs) {
    List<String> problems = new ArrayList<>();
    List<CosmosContainerDef> missing = new ArrayList<>();
    boolean databaseExists = databaseExists(client, database);
    for (CosmosContainerDef def : defs) {
      CosmosContainerProperties existing =
          databaseExists ? existing(client.getDatabase(database), def.id()) : null;
      if (existing == null) {
        missing.add(def);
      } else {
        problems.addAll(differences(database, def, existing));
      }
    }
    if (!problems.isEmpty()) {
      throw new CosmosContainerMismatchException(problems);
    }
    if (!missing.isEmpty()) {
      client.createDatabaseIfNotExists(database);
    }
    List<String> created = new ArrayList<>();
    CosmosDatabase db = client.getDatabase(database);
    for (CosmosContainerDef def : missing) {
      CosmosContainerProperties props = properties(def);
      if (def.throughput() != null) {
        db.createContainer(props, ThroughputProperties.createManualThroughput(def.throughput()));
      } else {
        db.createContainer(props);
      }
      created.add(def.id());
    }
    return created;
  }

  private static boolean databaseExists(CosmosClient client, String database) {
    try {
      client.getDatabase(database).read();
      return true;
    } catch (CosmosException e) {
      if (e.getStatusCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  /** The container's properties, or null when it does not exist. */
  public static CosmosContainerProperties existing(CosmosDatabase db, String id) {
    try {
      return db.getContainer(id).read().getProperties();
    } catch (CosmosException e) {
      if (e.getStatusCode() == 404) {
        return null;
      }
      throw e;
    }
  }

  /** The SDK properties that create the container. */
  public static CosmosContainerProperties properties(CosmosContainerDef def) {
    PartitionKeyDefinition pk = new PartitionKeyDefinition();
    pk.setPaths(def.partitionKeyPaths());
    pk.setKind(def.hierarchical() ? PartitionKind.MULTI_HASH : PartitionKind.HASH);
    pk.setVersion(PartitionKeyDefinitionVersion.V2);
    CosmosContainerProperties props = new CosmosContainerProperties(def.id(), pk);
    props.setDefaultTimeToLiveInSeconds(def.defaultTtlSeconds());
    IndexingPolicy indexing = new IndexingPolicy();
    indexing.setIncludedPaths(List.of(new IncludedPath("/*")));
    List<ExcludedPath> excluded = new ArrayList<>();
    for (String p : def.excludedPaths()) {
      excluded.add(new ExcludedPath(p));
    }
    excluded.add(new ExcludedPath("/\"_etag\"/?"));
    List<CosmosVectorIndexSpec> vectorIndexes = new ArrayList<>();
    if (!def.vectors().isEmpty()) {
      List<CosmosVectorEmbedding> embeddings = new ArrayList<>();
      for (CosmosContainerDef.Vector v : def.vectors()) {
        embeddings.add(
            new CosmosVectorEmbedding()
                .setPath(v.path())
                .setDataType(CosmosVectorDataType.FLOAT32)
                .setEmbeddingDimensions(v.dimensions())
                .setDistanceFunction(distance(v.distance())));
        if (v.indexType() != null) {
          vectorIndexes.add(new CosmosVectorIndexSpec().setPath(v.path()).setType(v.indexType()));
          excluded.add(new ExcludedPath(v.path() + "/*"));
        }
      }
      CosmosVectorEmbeddingPolicy policy = new CosmosVectorEmbeddingPolicy();
      policy.setCosmosVectorEmbeddings(embeddings);
      props.setVectorEmbeddingPolicy(policy);
    }
    indexing.setExcludedPaths(excluded);
    if (!vectorIndexes.isEmpty()) {
      indexing.setVectorIndexes(vectorIndexes);
    }
    props.setIndexingPolicy(indexing);
    return props;
  }

  private static CosmosVectorDistanceFunction distance(String name) {
    switch (name) {
      case "cosine":
        return CosmosVectorDistanceFunction.COSINE;
      case "dotproduct":
        return CosmosVectorDistanceFunction.DOT_PRODUCT;
      default:
        return CosmosVectorDistanceFunction.EUCLIDEAN;
    }
  }

  /** Every way the existing container differs from the definition, one sentence each. */
  static List<String> differences(
      String database, CosmosContainerDef def, CosmosContainerProperties existing) {
    List<String> out = new ArrayList<>();
    String where = "container '" + database + "/" + def.id() + "'";
    List<String> paths = existing.getPartitionKeyDefinition().getPaths();
    if (!def.partitionKeyPaths().equals(paths)) {
      out.add(
          where
              + " exists with partition key "
              + paths
              + " but the spec says "
              + def.partitionKeyPaths()
              + " (a container's partition key cannot change: migrate into a new container)");
    }
    if (!Objects.equals(def.defaultTtlSeconds(), existing.getDefaultTimeToLiveInSeconds())) {
      out.add(
          where
              + " exists with default TTL "
              + existing.getDefaultTimeToLiveInSeconds()
              + " but the spec says "
              + def.defaultTtlSeconds());
    }
    List<String> wanted = new ArrayList<>();
    for (CosmosContainerDef.Vector v : def.vectors()) {
      wanted.add(v.path() + " float32 " + v.dimensions() + " " + v.distance());
    }
    List<String> actual = new ArrayList<>();
    CosmosVectorEmbeddingPolicy policy = existing.getVectorEmbeddingPolicy();
    if (policy != null && policy.getVectorEmbeddings() != null) {
      for (CosmosVectorEmbedding e : policy.getVectorEmbeddings()) {
        actual.add(
            e.getPath()
                + " "
                + String.valueOf(e.getDataType()).toLowerCase(Locale.ROOT)
                + " "
                + e.getEmbeddingDimensions()
                + " "
                + String.valueOf(e.getDistanceFunction()).toLowerCase(Locale.ROOT));
      }
    }
    if (!wanted.equals(actual)) {
      out.add(where + " exists with vector embeddings " + actual + " but the spec says " + wanted);
    }
    return out;
  }
}
