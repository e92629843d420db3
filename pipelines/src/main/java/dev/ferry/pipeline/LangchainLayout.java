package dev.ferry.pipeline;

import dev.ferry.io.postgres.PgIdentifiers;
import dev.ferry.io.schema.ColumnDef;
import dev.ferry.io.schema.IndexDef;
import dev.ferry.io.schema.TableDef;
import dev.ferry.record.Json;
import dev.ferry.record.Record;
import dev.ferry.steps.Step;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

/**
 * LangChain's pgvector layout: {@code langchain_pg_collection(uuid, name, cmetadata)} and {@code
 * langchain_pg_embedding(id, collection_id, embedding vector(N), document, cmetadata jsonb)}. It
 * gives the embedding table's definition, the step that shapes a Chroma record into its row, the
 * collection row (written while the targets are prepared), and the indexes built after the load:
 * HNSW with the operator class of the source's distance, and GIN on {@code cmetadata}.
 *
 * <pre>{@code
 * TableDef t = LangchainLayout.embeddingTable(384);
 * Step shape = LangchainLayout.rowStep("docs", "cosine");
 * }</pre>
 */
final class LangchainLayout {
  static final String COLLECTION_TABLE = "langchain_pg_collection";
  static final String EMBEDDING_TABLE = "langchain_pg_embedding";

  private LangchainLayout() {}

  /** The embedding table for vectors of {@code dimension} (0: any dimension). */
  static TableDef embeddingTable(int dimension) {
    return new TableDef(
        EMBEDDING_TABLE,
        List.of(
            new ColumnDef("id", "text", false, null),
            new ColumnDef("collection_id", "uuid", false, null),
            new ColumnDef(
                "embedding", dimension > 0 ? "vector(" + dimension + ")" : "vector", false, null),
            new ColumnDef("document", "text", true, null),
            new ColumnDef("cmetadata", "jsonb", true, null)),
        List.of("id"),
        List.of(
            new IndexDef(EMBEDDING_TABLE + "_collection_id_idx", List.of("collection_id"), false)));
  }

  /** The collection's UUID: derived from its name, so every run writes the same one. */
  static UUID collectionUuid(String name) {
    return UUID.nameUUIDFromBytes(
        ("langchain_pg_collection:" + name).getBytes(StandardCharsets.UTF_8));
  }

  /** The step that turns a Chroma record into a langchain_pg_embedding row. */
  static RowStep rowStep(String collection, String space) {
    return new RowStep(collection, space);
  }

  /**
   * Creates langchain_pg_collection if missing and writes the collection's row; refuses a row of
   * that name with another UUID (it belongs to another loader).
   */
  static void prepareCollection(Connection c, String schema, RowStep step, List<String> actions)
      throws SQLException {
    String table = PgIdentifiers.qualified(schema, COLLECTION_TABLE);
    try (Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA IF NOT EXISTS " + PgIdentifiers.quote(schema));
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + table
              + " (uuid uuid PRIMARY KEY, name varchar NOT NULL UNIQUE, cmetadata json)");
    }
    UUID uuid = collectionUuid(step.collection);
    try (PreparedStatement ps =
        c.prepareStatement("SELECT uuid FROM " + table + " WHERE name = ?")) {
      ps.setString(1, step.collection);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          UUID existing = (UUID) rs.getObject(1);
          if (!existing.equals(uuid)) {
            throw new PlanException(
                table
                    + " already has collection '"
                    + step.collection
                    + "' with uuid "
                    + existing
                    + ", not the "
                    + uuid
                    + " Ferry writes; rename it or delete it first — nothing was written");
          }
          return;
        }
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO " + table + " (uuid, name, cmetadata) VALUES (?, ?, ?::json)")) {
      ps.setObject(1, uuid);
      ps.setString(2, step.collection);
      ps.setString(3, "{\"hnsw:space\": \"" + step.space + "\"}");
      ps.executeUpdate();
    }
    actions.add("added collection '" + step.collection + "' (" + uuid + ") to " + table);
  }

  /** The indexes built after the load (idempotent). Returns what was done, for the report. */
  static List<String> buildIndexes(Connection c, String schema, String space) throws SQLException {
    String ops =
        switch (space) {
          case "cosine" -> "vector_cosine_ops";
          case "ip" -> "vector_ip_ops";
          default -> "vector_l2_ops";
        };
    String table = PgIdentifiers.qualified(schema, EMBEDDING_TABLE);
    String hnsw = EMBEDDING_TABLE + "_embedding_hnsw";
    String gin = EMBEDDING_TABLE + "_cmetadata_gin";
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE INDEX IF NOT EXISTS "
              + PgIdentifiers.quote(hnsw)
              + " ON "
              + table
              + " USING hnsw (embedding "
              + ops
              + ")");
      s.execute(
          "CREATE INDEX IF NOT EXISTS "
              + PgIdentifiers.quote(gin)
              + " ON "
              + table
              + " USING gin (cmetadata jsonb_path_ops)");
    }
    return List.of(
        "index " + hnsw + " (hnsw, " + ops + ") on " + table,
        "index " + gin + " (gin, jsonb_path_ops) on " + table);
  }

  /** Shapes {id, embedding, document, metadata} into the embedding table's row. */
  static final class RowStep implements Step {
    private static final long serialVersionUID = 1L;
    final String collection;
    final String space;
    private final String uuid;

    RowStep(String collection, String space) {
      this.collection = collection;
      this.space = space;
      this.uuid = collectionUuid(collection).toString();
    }

    @Override
    public String label() {
      return "langchain layout";
    }

    @Override
    public Record apply(Record r) {
      Record out = Record.withCapacity(5);
      out.put("id", r.get("id"));
      out.put("collection_id", uuid);
      out.put("embedding", r.get("embedding"));
      out.put("document", r.get("document"));
      Object meta = r.get("metadata");
      out.put("cmetadata", meta == null ? Json.of("{}") : meta);
      return out;
    }
  }
}
