package dev.ferry.spec;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A named place flows read from: a SQLite file, a PostgreSQL database or JSONL files. Paths are
 * absolute (the loader resolves relative ones against the spec's directory).
 *
 * <pre>{@code
 * sources:
 *   app: { type: sqlite, path: data/app.db }
 *   pgsrc: { type: postgres, url: "jdbc:postgresql://...", user: u, password: "${env:PGPASSWORD}" }
 *   files: { type: jsonl, path: "in/*.jsonl" }
 *
 * if (spec.source("app") instanceof SourceSpec.Sqlite sqlite) { open(sqlite.path()); }
 * }</pre>
 */
public sealed interface SourceSpec
    permits SourceSpec.Sqlite,
        SourceSpec.Postgres,
        SourceSpec.Jsonl,
        SourceSpec.Chroma,
        SourceSpec.Mongodb,
        SourceSpec.Cosmos {
  /** The source's name in the spec. */
  String name();

  /** The source's {@code type} as written in the spec: sqlite, postgres or jsonl. */
  String type();

  /**
   * A SQLite database file.
   *
   * @param name the source's name
   * @param path the absolute path of the database file
   */
  record Sqlite(String name, Path path) implements SourceSpec {
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
   * A PostgreSQL database.
   *
   * @param name the source's name
   * @param endpoint where it is and how to log in
   */
  record Postgres(String name, JdbcEndpoint endpoint) implements SourceSpec {
    public Postgres {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(endpoint, "endpoint");
    }

    @Override
    public String type() {
      return "postgres";
    }
  }

  /**
   * JSON Lines files, one record per line.
   *
   * @param name the source's name
   * @param path the absolute path of a file, or a glob pattern such as {@code /data/in/*.jsonl}
   */
  record Jsonl(String name, Path path) implements SourceSpec {
    public Jsonl {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(path, "path");
    }

    @Override
    public String type() {
      return "jsonl";
    }
  }

  /**
   * A Chroma database: a persisted directory (what {@code PersistentClient(path=...)} wrote) or a
   * running server; flows name the collection with {@code from: { source: NAME, collection: C }}.
   *
   * @param name the source's name
   * @param path the absolute path of the persisted directory, or null
   * @param url the server's base URL, or null (exactly one of path and url is set)
   */
  record Chroma(String name, Path path, String url) implements SourceSpec {
    public Chroma {
      Objects.requireNonNull(name, "name");
      if ((path == null) == (url == null)) {
        throw new IllegalArgumentException("a chroma source needs exactly one of path and url");
      }
    }

    @Override
    public String type() {
      return "chroma";
    }
  }

  /**
   * A MongoDB collection.
   *
   * @param name the source's name
   * @param uri the connection string (may hold a password, so it is a secret)
   * @param database the database
   * @param collection the collection flows read unless they name another
   */
  record Mongodb(String name, Secret uri, String database, String collection)
      implements SourceSpec {
    public Mongodb {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(uri, "uri");
      Objects.requireNonNull(database, "database");
      Objects.requireNonNull(collection, "collection");
    }

    @Override
    public String type() {
      return "mongodb";
    }
  }

  /**
   * An Azure Cosmos DB database (NoSQL API); flows name a container as their {@code table}.
   *
   * @param name the source's name
   * @param endpoint the account's https:// endpoint
   * @param key the account key
   * @param database the database id
   * @param vectors dotted paths of arrays read as {@code float[]} vectors, such as {@code
   *     embedding}
   */
  record Cosmos(String name, String endpoint, Secret key, String database, List<String> vectors)
      implements SourceSpec {
    public Cosmos {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(endpoint, "endpoint");
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(database, "database");
      vectors = List.copyOf(vectors);
    }

    @Override
    public String type() {
      return "cosmos";
    }
  }
}
