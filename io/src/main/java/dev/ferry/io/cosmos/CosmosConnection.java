package dev.ferry.io.cosmos;

import com.azure.cosmos.CosmosClient;
import com.azure.cosmos.CosmosClientBuilder;
import com.azure.cosmos.ThrottlingRetryOptions;
import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Where a Cosmos DB account is and how to sign in: endpoint, key and database. Serializable so
 * DoFns can carry it; the client itself is built on the worker by {@link #client()}.
 *
 * <pre>{@code
 * CosmosConnection c = CosmosConnection.of("https://127.0.0.1:48081/", key, "shop");
 * try (CosmosClient client = c.client()) { ... }
 * }</pre>
 *
 * <p>For a loopback endpoint (localhost, 127.0.0.1, [::1]) the SDK's emulator setting is turned on,
 * so the local test server's certificate is accepted; other endpoints use normal TLS checks.
 */
public final class CosmosConnection implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

  private final String endpoint;
  private final String key;
  private final String database;

  private CosmosConnection(String endpoint, String key, String database) {
    this.endpoint = endpoint;
    this.key = key;
    this.database = database;
  }

  /** A connection; every argument is required. */
  public static CosmosConnection of(String endpoint, String key, String database) {
    if (endpoint == null || endpoint.isBlank()) {
      throw new IllegalArgumentException("cosmos: endpoint is required");
    }
    if (!endpoint.startsWith("https://")) {
      throw new IllegalArgumentException(
          "cosmos: endpoint must be an https:// URL, got '" + endpoint + "'");
    }
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException("cosmos: key is required");
    }
    if (database == null || database.isBlank()) {
      throw new IllegalArgumentException("cosmos: database is required");
    }
    return new CosmosConnection(endpoint, key, database);
  }

  public String endpoint() {
    return endpoint;
  }

  public String database() {
    return database;
  }

  /** True when the endpoint is this machine. */
  public boolean isLoopback() {
    String host = URI.create(endpoint).getHost();
    return host != null && LOOPBACK.contains(host.toLowerCase());
  }

  /** A new synchronous client in gateway mode; the caller closes it. */
  public CosmosClient client() {
    return client(9);
  }

  /**
   * A client for bulk writes that retry throttled (429) operations themselves: the SDK does not
   * retry them, so every retry is the writer's own (after the server's retry-after) and counted.
   */
  public CosmosClient writeClient() {
    return client(0);
  }

  private CosmosClient client(int throttledRetries) {
    if (isLoopback()) {
      System.setProperty("COSMOS.EMULATOR_SERVER_CERTIFICATE_VALIDATION_DISABLED", "true");
    }
    return new CosmosClientBuilder()
        .endpoint(endpoint)
        .key(key)
        .gatewayMode()
        .endpointDiscoveryEnabled(false)
        .contentResponseOnWriteEnabled(false)
        .throttlingRetryOptions(
            new ThrottlingRetryOptions()
                .setMaxRetryAttemptsOnThrottledRequests(throttledRetries)
                .setMaxRetryWaitTime(Duration.ofSeconds(30)))
        .buildClient();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CosmosConnection
        && endpoint.equals(((CosmosConnection) o).endpoint)
        && key.equals(((CosmosConnection) o).key)
        && database.equals(((CosmosConnection) o).database);
  }

  @Override
  public int hashCode() {
    return Objects.hash(endpoint, key, database);
  }

  /** Never shows the key. */
  @Override
  public String toString() {
    return "cosmos " + endpoint + " database " + database;
  }
}
