package dev.ferry.spec;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A named place flows write to: a PostgreSQL database, a SQLite file or a directory of JSONL files.
 * Paths are absolute (the loader resolves relative ones against the spec's directory).
 *
 * <pre>{@code
 * targets:
 *   pg:
 *     type: postgres
 *     url: "${env:FERRY_PG_URL}"
 *     password: "${env:FERRY_PG_PASSWORD}"
 *     create: flyway
 *     migrations: db/migration
 *   out: { type: jsonl, path: out/ }
 *   unified: { type: sqlite, path: data/unified.sqlite, views: true, triggers: true }
 * }</pre>
 */
public sealed interface TargetSpec
    permits TargetSpec.Postgres,
        TargetSpec.Sqlite,
        TargetSpec.Jsonl,
        TargetSpec.Mongodb,
        TargetSpec.Cosmos {
  /** The target's name in the spec. */
  String name();

  /** The target's {@code type} as written in the spec: postgres, sqlite or jsonl. */
  String type();

  /** How a target's tables come to exist before a flow writes to them. */
  enum Create {
    /** From the flow's {@code columns} if given, else from the source table's schema. */
    AUTO,
    /** From the flow's {@code columns}, which every flow into this target must then give. */
    SPEC,
    /** From the source table's schema, mapped to the target's types. */
    SOURCE,
    /** By running the Flyway migrations in the target's {@code migrations} folder. */
    FLYWAY,
    /** Never: the tables must already exist. */
    NONE;

    /** The word used for this value in the spec. */
    public String yamlName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * A PostgreSQL database.
   *
   * @param name the target's name
   * @param endpoint where it is and how to log in
   * @param create how its tables are created
   * @param migrations the absolute path of the Flyway migrations folder; non-null iff {@code
   *     create} is {@link Create#FLYWAY}
   */
  record Postgres(String name, JdbcEndpoint endpoint, Create create, Path migrations)
      implements TargetSpec {
    public Postgres {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(endpoint, "endpoint");
      Objects.requireNonNull(create, "create");
      if ((create == Create.FLYWAY) != (migrations != null)) {
        throw new IllegalArgumentException("migrations must be given iff create is flyway");
      }
    }

    @Override
    public String type() {
      return "postgres";
    }
  }

  /**
   * A SQLite file that receives copies of SQLite tables with their schema as it was (the original
   * {@code CREATE TABLE} text, indexes, and, when asked, views and triggers). Created if missing.
   *
   * @param name the target's name
   * @param path the absolute path of the database file
   * @param views whether the views of the sources are copied too
   * @param triggers whether the triggers of the copied tables are copied too (created after the
   *     rows are written, so they do not fire during the copy)
   */
  record Sqlite(String name, Path path, boolean views, boolean triggers) implements TargetSpec {
    public Sqlite {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(path, "path");
    }

    @Override
    public String type() {
      return "sqlite";
    }
  }

  /**
   * A directory that receives one {@code <table>.jsonl} file per flow.
   *
   * @param name the target's name
   * @param directory the absolute path of the directory
   */
  record Jsonl(String name, Path directory) implements TargetSpec {
    public Jsonl {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(directory, "directory");
    }

    @Override
    public String type() {
      return "jsonl";
    }
  }

  /**
   * A MongoDB collection, created with the flow's indexes before the load if missing.
   *
   * @param name the target's name
   * @param uri the connection string (may hold a password, so it is a secret)
   * @param database the database
   * @param collection the collection flows write unless they name another ({@code to.table})
   * @param collections further collections of the database to create with their indexes before the
   *     load, also when no flow writes them (by name, in spec order)
   */
  record Mongodb(
      String name,
      Secret uri,
      String database,
      String collection,
      java.util.Map<String, List<IndexSpec>> collections)
      implements TargetSpec {
    public Mongodb {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(uri, "uri");
      Objects.requireNonNull(database, "database");
      Objects.requireNonNull(collection, "collection");
      java.util.Map<String, List<IndexSpec>> copy = new java.util.LinkedHashMap<>();
      if (collections != null) {
        collections.forEach((k, v) -> copy.put(k, List.copyOf(v)));
      }
      collections = java.util.Collections.unmodifiableMap(copy);
    }

    /** A target that declares no further collections. */
    public Mongodb(String name, Secret uri, String database, String collection) {
      this(name, uri, database, collection, java.util.Map.of());
    }

    @Override
    public String type() {
      return "mongodb";
    }
  }

  /**
   * An Azure Cosmos DB database (NoSQL API). Its containers are defined here (also those no flow
   * writes, which are created empty); flows name a container as their {@code table}.
   *
   * @param name the target's name
   * @param endpoint the account's https:// endpoint
   * @param key the account key
   * @param database the database id
   * @param containers the containers to create or check, by id
   * @param maxDocsPerSecond the write budget: documents per second per container and worker process
   *     (0: none)
   */
  record Cosmos(
      String name,
      String endpoint,
      Secret key,
      String database,
      java.util.Map<String, dev.ferry.io.cosmos.CosmosContainerDef> containers,
      int maxDocsPerSecond)
      implements TargetSpec {
    public Cosmos {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(endpoint, "endpoint");
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(database, "database");
      containers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(containers));
    }

    /** A target without a write budget. */
    public Cosmos(
        String name,
        String endpoint,
        Secret key,
        String database,
        java.util.Map<String, dev.ferry.io.cosmos.CosmosContainerDef> containers) {
      this(name, endpoint, key, database, containers, 0);
    }

    @Override
    public String type() {
      return "cosmos";
    }
  }
}
