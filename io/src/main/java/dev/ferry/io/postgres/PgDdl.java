package dev.ferry.io.postgres;

import dev.ferry.io.schema.ColumnDef;
import dev.ferry.io.schema.IndexDef;
import dev.ferry.io.schema.TableDef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;

/**
 * Creates, describes, checks and empties PostgreSQL tables, and runs Flyway migrations. Tables are
 * created from a {@link TableDef} whose types are PostgreSQL types (see {@link PgTypeMapping}),
 * with {@code IF NOT EXISTS} everywhere so re-runs are harmless, in one transaction.
 *
 * <p>Index names are unique per schema in PostgreSQL (SQLite's only per database). An index keeps
 * its name if no other relation in the schema has it, else becomes {@code <table>_<name>}; names
 * longer than 63 bytes are cut to 54 bytes plus {@code _} and 8 hex digits of their SHA-256, so
 * they stay distinct and stable across runs instead of being truncated silently.
 *
 * <pre>{@code
 * try (Connection c = pg.open()) {
 *   PgDdl.createTable(c, "public", pgItems);
 *   PgDdl.checkCompatible(pgItems, PgDdl.describe(c, "public", "items").orElseThrow());
 * }
 * PgDdl.migrateFlyway(pg, "app", Path.of("db/migration"));
 * }</pre>
 */
public final class PgDdl {
  /** Characters allowed in a type name (no quotes, semicolons or comments). */
  private static final Pattern TYPE_TEXT = Pattern.compile("[A-Za-z0-9_ .,()\\[\\]\"]+");

  private PgDdl() {}

  /**
   * Creates the schema, the table (with its primary key) and its indexes if they do not exist, in
   * one transaction. An existing table is left as it is; use {@link #ensureTable} to also check it.
   *
   * @throws IllegalArgumentException if names collide after truncation or a type is malformed
   */
  public static void createTable(Connection c, String schema, TableDef pgTable)
      throws SQLException {
    PgIdentifiers.checkTable(pgTable);
    inTransaction(
        c,
        () -> {
          try (Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + PgIdentifiers.quote(schema));
            s.execute(createTableSql(schema, pgTable));
            Set<String> taken = new HashSet<>();
            for (IndexDef idx : pgTable.indexes()) {
              String name = indexName(c, schema, pgTable.name(), idx.name(), taken);
              taken.add(name);
              s.execute(createIndexSql(schema, pgTable.name(), name, idx));
            }
          }
        });
  }

  /**
   * Creates the table if it is absent; if it exists, checks that it can take records conformed to
   * {@code pgTable}.
   *
   * @throws IllegalArgumentException listing every mismatch
   */
  public static void ensureTable(Connection c, String schema, TableDef pgTable)
      throws SQLException {
    Optional<TableDef> existing = describe(c, schema, pgTable.name());
    if (existing.isPresent()) {
      checkCompatible(pgTable, existing.get());
    } else {
      createTable(c, schema, pgTable);
    }
  }

  /** The {@code CREATE TABLE IF NOT EXISTS} statement for a table. */
  static String createTableSql(String schema, TableDef t) {
    StringBuilder sb =
        new StringBuilder("CREATE TABLE IF NOT EXISTS ")
            .append(PgIdentifiers.qualified(schema, t.name()))
            .append(" (");
    boolean first = true;
    for (ColumnDef col : t.columns()) {
      if (!first) {
        sb.append(", ");
      }
      first = false;
      sb.append(PgIdentifiers.quote(col.name())).append(' ').append(checkedType(t, col));
      if (!col.nullable()) {
        sb.append(" NOT NULL");
      }
      if (col.defaultExpr() != null) {
        sb.append(" DEFAULT ").append(col.defaultExpr());
      }
    }
    if (!t.primaryKey().isEmpty()) {
      sb.append(", PRIMARY KEY (").append(columnList(t.primaryKey())).append(')');
    }
    return sb.append(')').toString();
  }

  private static String checkedType(TableDef t, ColumnDef col) {
    if (col.type().isBlank() || !TYPE_TEXT.matcher(col.type()).matches()) {
      throw new IllegalArgumentException(
          "table '"
              + t.name()
              + "', column '"
              + col.name()
              + "': '"
              + col.type()
              + "' is not a PostgreSQL type name");
    }
    return col.type();
  }

  private static String createIndexSql(String schema, String table, String name, IndexDef idx) {
    return "CREATE "
        + (idx.unique() ? "UNIQUE " : "")
        + "INDEX IF NOT EXISTS "
        + PgIdentifiers.quote(name)
        + " ON "
        + PgIdentifiers.qualified(schema, table)
        + " ("
        + columnList(idx.columns())
        + ")";
  }

  static String columnList(List<String> names) {
    StringBuilder sb = new StringBuilder();
    for (String n : names) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(PgIdentifiers.quote(n));
    }
    return sb.toString();
  }

  /**
   * A name of at most 63 bytes: the name itself if it fits, else its first 54 bytes, {@code _} and
   * 8 hex digits of its SHA-256.
   */
  static String limit(String name) {
    if (name.getBytes(StandardCharsets.UTF_8).length <= PgIdentifiers.MAX_BYTES) {
      return name;
    }
    String head = name;
    while (head.getBytes(StandardCharsets.UTF_8).length > 54) {
      head = PgIdentifiers.truncated(head.substring(0, head.length() - 1));
    }
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
      return head + "_" + String.format("%02x%02x%02x%02x", h[0], h[1], h[2], h[3]);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String indexName(
      Connection c, String schema, String table, String wanted, Set<String> taken)
      throws SQLException {
    List<String> candidates = List.of(limit(wanted), limit(table + "_" + wanted));
    for (String name : candidates) {
      if (taken.contains(name)) {
        continue;
      }
      String owner = indexOwner(c, schema, name);
      if (owner != null && (owner.isEmpty() || owner.equals(PgIdentifiers.truncated(table)))) {
        return name;
      }
    }
    throw new IllegalStateException(
        "schema '"
            + schema
            + "': cannot name index '"
            + wanted
            + "' of table '"
            + table
            + "': "
            + candidates
            + " are taken by other relations");
  }

  /**
   * Who holds a relation name in a schema: "" if nobody, the table's name if an index on that table
   * does, or null if another kind of relation does.
   */
  private static String indexOwner(Connection c, String schema, String name) throws SQLException {
    String sql =
        "SELECT r.relkind, t.relname FROM pg_class r"
            + " JOIN pg_namespace n ON n.oid = r.relnamespace"
            + " LEFT JOIN pg_index x ON x.indexrelid = r.oid"
            + " LEFT JOIN pg_class t ON t.oid = x.indrelid"
            + " WHERE n.nspname = ? AND r.relname = ?";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, schema);
      ps.setString(2, name);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return "";
        }
        String kind = rs.getString(1);
        String owner = rs.getString(2);
        return "i".equals(kind) ? owner : null;
      }
    }
  }

  /**
   * Reads an existing table (or partitioned table): columns in order with types as {@code
   * format_type()} prints them, NOT NULL, defaults, the primary key, and the indexes on plain
   * columns (expression indexes are left out). The table name is looked up as PostgreSQL truncates
   * it; the result carries the name as given.
   */
  public static Optional<TableDef> describe(Connection c, String schema, String table)
      throws SQLException {
    String rel = PgIdentifiers.truncated(table);
    List<ColumnDef> cols = new ArrayList<>();
    String colSql =
        "SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,"
            + " pg_get_expr(d.adbin, d.adrelid)"
            + " FROM pg_attribute a"
            + " JOIN pg_class c ON c.oid = a.attrelid"
            + " JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
            + " WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'p')"
            + " AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum";
    try (PreparedStatement ps = c.prepareStatement(colSql)) {
      ps.setString(1, schema);
      ps.setString(2, rel);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          cols.add(
              new ColumnDef(rs.getString(1), rs.getString(2), !rs.getBoolean(3), rs.getString(4)));
        }
      }
    }
    if (cols.isEmpty()) {
      return Optional.empty();
    }
    List<String> pk = new ArrayList<>();
    Map<String, IndexDef> indexes = new LinkedHashMap<>();
    String idxSql =
        "SELECT ic.relname, i.indisprimary, i.indisunique,"
            + " array_agg(a.attname::text ORDER BY k.ord)"
            + " FROM pg_index i"
            + " JOIN pg_class c ON c.oid = i.indrelid"
            + " JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " JOIN pg_class ic ON ic.oid = i.indexrelid"
            + " CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)"
            + " JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum"
            + " WHERE n.nspname = ? AND c.relname = ? AND i.indexprs IS NULL"
            + " AND k.ord <= i.indnkeyatts"
            + " GROUP BY ic.relname, i.indisprimary, i.indisunique ORDER BY ic.relname";
    try (PreparedStatement ps = c.prepareStatement(idxSql)) {
      ps.setString(1, schema);
      ps.setString(2, rel);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          List<String> names = new ArrayList<>();
          for (Object o : (Object[]) rs.getArray(4).getArray()) {
            names.add((String) o);
          }
          if (rs.getBoolean(2)) {
            pk.addAll(names);
          } else {
            indexes.put(rs.getString(1), new IndexDef(rs.getString(1), names, rs.getBoolean(3)));
          }
        }
      }
    }
    return Optional.of(new TableDef(table, cols, pk, new ArrayList<>(indexes.values())));
  }

  /**
   * What keeps an existing table from taking records conformed to {@code expected}: missing
   * columns, other types, NOT NULL where nulls are expected, unwritten NOT NULL columns without a
   * default, and a different primary key. Empty when compatible.
   */
  public static List<String> differences(TableDef expected, TableDef existing) {
    List<String> out = new ArrayList<>();
    for (ColumnDef want : expected.columns()) {
      Optional<ColumnDef> have = existing.column(want.name());
      if (have.isEmpty()) {
        have = existing.column(PgIdentifiers.truncated(want.name()));
      }
      if (have.isEmpty()) {
        out.add("column '" + want.name() + "' (" + want.type() + ") is missing");
        continue;
      }
      String wantType = PgType.parse(want.type()).name();
      String haveType = PgType.parse(have.get().type()).name();
      if (!wantType.equals(haveType)) {
        out.add(
            "column '"
                + want.name()
                + "' is "
                + haveType
                + " in the database, expected "
                + wantType);
      }
      if (want.nullable() && !have.get().nullable()) {
        out.add(
            "column '"
                + want.name()
                + "' is NOT NULL in the database, but the definition allows nulls");
      }
    }
    Set<String> written = new HashSet<>();
    for (String n : expected.columnNames()) {
      written.add(PgIdentifiers.truncated(n));
    }
    for (ColumnDef have : existing.columns()) {
      if (!written.contains(have.name()) && !have.nullable() && have.defaultExpr() == null) {
        out.add(
            "column '"
                + have.name()
                + "' ("
                + have.type()
                + ") is NOT NULL without a default in the database, but is not written");
      }
    }
    if (!expected.primaryKey().isEmpty()
        && !truncatedAll(expected.primaryKey()).equals(existing.primaryKey())) {
      out.add(
          "primary key is "
              + existing.primaryKey()
              + " in the database, expected "
              + expected.primaryKey());
    }
    return out;
  }

  private static List<String> truncatedAll(List<String> names) {
    List<String> out = new ArrayList<>();
    for (String n : names) {
      out.add(PgIdentifiers.truncated(n));
    }
    return out;
  }

  /**
   * Fails unless the existing table can take records conformed to {@code expected}.
   *
   * @throws IllegalArgumentException naming the table and listing every difference
   */
  public static void checkCompatible(TableDef expected, TableDef existing) {
    List<String> d = differences(expected, existing);
    if (!d.isEmpty()) {
      throw new IllegalArgumentException(
          "table '"
              + expected.name()
              + "' in the database does not match its definition: "
              + String.join("; ", d));
    }
  }

  /** Empties a table ({@code TRUNCATE}), in its own transaction. */
  public static void truncate(Connection c, String schema, String table) throws SQLException {
    inTransaction(
        c,
        () -> {
          try (Statement s = c.createStatement()) {
            s.execute("TRUNCATE TABLE " + PgIdentifiers.qualified(schema, table));
          }
        });
  }

  /**
   * Runs the Flyway migrations ({@code V1__name.sql}, ...) found in a folder against a schema
   * (created if absent; Flyway's history table lives there too).
   *
   * @return the number of migrations applied now (0 when already up to date)
   * @throws IllegalArgumentException if the folder does not exist
   */
  public static int migrateFlyway(PgConnection pg, String schema, Path folder) {
    if (!Files.isDirectory(folder)) {
      throw new IllegalArgumentException(
          "Flyway migrations folder '" + folder + "' does not exist or is not a directory");
    }
    Flyway flyway =
        Flyway.configure()
            .dataSource(pg.url(), pg.user(), pg.password())
            .schemas(schema)
            .defaultSchema(schema)
            .locations("filesystem:" + folder.toAbsolutePath())
            .load();
    return flyway.migrate().migrationsExecuted;
  }

  private interface SqlWork {
    void run() throws SQLException;
  }

  /**
   * Runs the work in its own transaction, or in the caller's when the connection already has one
   * open (auto-commit off), so a caller can make several changes all-or-nothing.
   */
  private static void inTransaction(Connection c, SqlWork work) throws SQLException {
    boolean auto = c.getAutoCommit();
    if (!auto) {
      work.run();
      return;
    }
    c.setAutoCommit(false);
    try {
      work.run();
      c.commit();
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(auto);
    }
  }
}
