package dev.ferry.pipeline;

import dev.ferry.io.postgres.PgIdentifiers;
import dev.ferry.io.sqlite.SqliteConnections;
import dev.ferry.record.Record;
import dev.ferry.record.RecordJson;
import dev.ferry.spec.SourceSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts a flow's source rows and reads its first records directly (without a pipeline), for the
 * dry run's estimates. Opens SQLite sources read-only.
 *
 * <pre>{@code
 * long n = SourceSample.count(plan);
 * List<Record> first = SourceSample.first(plan, 1000);
 * }</pre>
 */
final class SourceSample {
  private SourceSample() {}

  static long count(FlowPlan plan) throws SQLException, IOException {
    if (plan.source() instanceof SourceSpec.Chroma chroma) {
      try {
        return ChromaSources.count(chroma, plan.sourceTable());
      } catch (SQLException | IOException e) {
        throw e;
      } catch (Exception e) {
        throw new IOException(e.getMessage(), e);
      }
    }
    if (plan.source() instanceof SourceSpec.Mongodb) {
      return dev.ferry.io.mongodb.MongoCollections.count(MongoFlows.source(plan));
    }
    if (plan.source() instanceof SourceSpec.Cosmos) {
      return CosmosFlows.sourceCount(plan);
    }
    if (plan.source() instanceof SourceSpec.Jsonl) {
      try (var lines = Files.lines(jsonlFile(plan), StandardCharsets.UTF_8)) {
        return lines.filter(l -> !l.isBlank()).count();
      }
    }
    try (Connection c = open(plan);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + from(plan))) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static List<Record> first(FlowPlan plan, int n) throws SQLException, IOException {
    if (plan.source() instanceof SourceSpec.Chroma chroma) {
      try {
        return ChromaSources.first(chroma, plan.sourceTable(), n);
      } catch (SQLException | IOException e) {
        throw e;
      } catch (Exception e) {
        throw new IOException(e.getMessage(), e);
      }
    }
    if (plan.source() instanceof SourceSpec.Cosmos) {
      return CosmosFlows.sourceSample(plan, n);
    }
    List<Record> out = new ArrayList<>();
    if (plan.source() instanceof SourceSpec.Mongodb) {
      return MongoFlows.first(plan, n);
    }
    if (plan.source() instanceof SourceSpec.Jsonl) {
      try (BufferedReader r = Files.newBufferedReader(jsonlFile(plan), StandardCharsets.UTF_8)) {
        String line;
        while (out.size() < n && (line = r.readLine()) != null) {
          if (!line.isBlank()) {
            out.add(RecordJson.read(line));
          }
        }
      }
      return out;
    }
    try (Connection c = open(plan);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM " + from(plan) + " LIMIT " + n)) {
      ResultSetMetaData md = rs.getMetaData();
      while (rs.next()) {
        Record r = Record.withCapacity(md.getColumnCount());
        for (int i = 1; i <= md.getColumnCount(); i++) {
          r.put(md.getColumnLabel(i), plain(rs.getObject(i)));
        }
        out.add(r);
      }
    }
    return out;
  }

  private static Object plain(Object v) {
    if (v instanceof Integer || v instanceof Long || v instanceof Short) {
      return ((Number) v).longValue();
    }
    if (v instanceof Float || v instanceof Double) {
      return ((Number) v).doubleValue();
    }
    if (v == null
        || v instanceof String
        || v instanceof byte[]
        || v instanceof Boolean
        || v instanceof java.math.BigDecimal) {
      return v;
    }
    return v.toString();
  }

  private static String from(FlowPlan plan) {
    if (plan.sourceTable() != null) {
      if (plan.source() instanceof SourceSpec.Postgres) {
        return PgIdentifiers.qualified(
            ((SourceSpec.Postgres) plan.source()).endpoint().schema(), plan.sourceTable());
      }
      return "\"" + plan.sourceTable().replace("\"", "\"\"") + "\"";
    }
    return "(" + plan.query() + ") AS q";
  }

  private static Connection open(FlowPlan plan) throws SQLException {
    if (plan.source() instanceof SourceSpec.Sqlite) {
      return SqliteConnections.openReadOnly(((SourceSpec.Sqlite) plan.source()).path().toString());
    }
    return SourceTables.connection(((SourceSpec.Postgres) plan.source()).endpoint()).open();
  }

  private static Path jsonlFile(FlowPlan plan) throws IOException {
    Path p = ((SourceSpec.Jsonl) plan.source()).path();
    if (Files.isRegularFile(p)) {
      return p;
    }
    throw new IOException("dry run samples single JSONL files; '" + p + "' is not one");
  }
}
