package dev.ferry.pipeline;

import dev.ferry.io.postgres.PgConnection;
import dev.ferry.io.postgres.PgDdl;
import dev.ferry.io.schema.TableDef;
import dev.ferry.io.sqlite.SqliteSchema;
import dev.ferry.spec.FlowSpec;
import dev.ferry.spec.JdbcEndpoint;
import dev.ferry.spec.SourceSpec;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Describes the tables of a spec's source as store-neutral {@link TableDef}s: every table (for
 * {@code tables: "*"}) or one by name, with the source's own declared types.
 *
 * <pre>{@code
 * List<TableDef> all = SourceTables.all(spec.source("app"));
 * }</pre>
 */
final class SourceTables {
  private SourceTables() {}

  /** Every user table of the source, in the source's order. */
  static List<TableDef> all(SourceSpec source) {
    if (source instanceof SourceSpec.Sqlite) {
      SourceSpec.Sqlite s = (SourceSpec.Sqlite) source;
      checkFile(s);
      return SqliteSchema.tables(s.path());
    }
    if (source instanceof SourceSpec.Postgres) {
      JdbcEndpoint e = ((SourceSpec.Postgres) source).endpoint();
      List<TableDef> out = new ArrayList<>();
      try (Connection c = connection(e).open();
          PreparedStatement ps =
              c.prepareStatement(
                  "SELECT table_name FROM information_schema.tables WHERE table_schema = ? AND"
                      + " table_type = 'BASE TABLE' ORDER BY table_name")) {
        ps.setString(1, e.schema());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String t = rs.getString(1);
            out.add(PgDdl.describe(c, e.schema(), t).orElseThrow());
          }
        }
      } catch (SQLException ex) {
        throw new PlanException(
            "source '" + source.name() + "': cannot list tables: " + ex.getMessage(), ex);
      }
      return out;
    }
    throw new PlanException(
        "source '" + source.name() + "' (" + source.type() + ") has no tables to list");
  }

  /** One table of the source, or a PlanException naming the source and table. */
  static TableDef one(SourceSpec source, String table) {
    if (source instanceof SourceSpec.Cosmos) {
      return CosmosFlows.sourceTable((SourceSpec.Cosmos) source, table);
    }
    if (source instanceof SourceSpec.Sqlite) {
      SourceSpec.Sqlite s = (SourceSpec.Sqlite) source;
      checkFile(s);
      for (TableDef t : SqliteSchema.tables(s.path())) {
        if (t.name().equals(table)) {
          return t;
        }
      }
      throw new PlanException(
          "source '" + source.name() + "': table '" + table + "' does not exist in " + s.path());
    }
    if (source instanceof SourceSpec.Postgres) {
      JdbcEndpoint e = ((SourceSpec.Postgres) source).endpoint();
      try (Connection c = connection(e).open()) {
        Optional<TableDef> t = PgDdl.describe(c, e.schema(), table);
        return t.orElseThrow(
            () ->
                new PlanException(
                    "source '"
                        + source.name()
                        + "': table '"
                        + e.schema()
                        + "."
                        + table
                        + "' does not exist"));
      } catch (SQLException ex) {
        throw new PlanException(
            "source '"
                + source.name()
                + "': cannot describe table '"
                + table
                + "': "
                + ex.getMessage(),
            ex);
      }
    }
    return null;
  }

  /**
   * Checks, before anything runs, that a PostgreSQL query's {@code split_by} column is an integer
   * column of its result ({@code smallint}, {@code integer} or {@code bigint}); a PlanException
   * names the flow, the column and what it is instead. The query is planned with {@code LIMIT 0},
   * so no row is read.
   */
  static void checkSplitColumn(
      SourceSpec.Postgres source, String flow, String query, String column) {
    List<String> columns = new ArrayList<>();
    String type = null;
    try (Connection c = connection(source.endpoint()).open();
        PreparedStatement s =
            c.prepareStatement("SELECT * FROM (" + query + ") AS ferry_q LIMIT 0");
        ResultSet rs = s.executeQuery()) {
      ResultSetMetaData md = rs.getMetaData();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        columns.add(md.getColumnLabel(i));
        if (md.getColumnLabel(i).equals(column)) {
          type = md.getColumnTypeName(i);
        }
      }
    } catch (SQLException e) {
      throw new PlanException(
          "flow '"
              + flow
              + "': cannot describe the query of source '"
              + source.name()
              + "': "
              + e.getMessage(),
          e);
    }
    if (type == null) {
      throw new PlanException(
          "flow '"
              + flow
              + "': split_by column '"
              + column
              + "' is not a column of the query's result (its columns: "
              + String.join(", ", columns)
              + ")");
    }
    if (!List.of("int2", "int4", "int8").contains(type)) {
      throw new PlanException(
          "flow '"
              + flow
              + "': split_by column '"
              + column
              + "' is of type "
              + type
              + "; it must be an integer column (smallint, integer or bigint)");
    }
  }

  static PgConnection connection(JdbcEndpoint e) {
    return PgConnection.of(e.url(), e.user(), e.password() == null ? null : e.password().reveal())
        .withSchema(e.schema());
  }

  private static void checkFile(SourceSpec.Sqlite s) {
    if (!Files.isRegularFile(s.path())) {
      throw new PlanException(
          "source '" + s.name() + "': SQLite database file not found: " + s.path());
    }
  }

  /** The named table of a source's tables, or a PlanException naming the flow and source. */
  static TableDef named(
      Map<String, TableDef> byName, String name, FlowSpec flow, SourceSpec source) {
    TableDef t = byName.get(name);
    if (t == null) {
      throw new PlanException(
          "flow '"
              + flow.name()
              + "': source '"
              + source.name()
              + "' has no table '"
              + name
              + "' (it has "
              + byName.keySet()
              + ")");
    }
    return t;
  }
}
