package dev.ferry.pipeline;

import dev.ferry.io.postgres.PgIdentifiers;
import dev.ferry.io.schema.ColumnDef;
import dev.ferry.report.Check;
import dev.ferry.report.FlowReport;
import dev.ferry.spec.TargetSpec;
import dev.ferry.spec.ToSpec;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;

/**
 * The verify stage of a run: after the pipeline has finished writing, it queries each PostgreSQL
 * target table and adds checks to the flow's report — the row count against what was written, no
 * NULL or empty value in the {@code not_null} columns, and every non-null source value of a {@code
 * json} column present as JSON in the target.
 *
 * <pre>{@code
 * Verifier.verify(plan, flowReport, counters);
 * }</pre>
 */
final class Verifier {
  private Verifier() {}

  static void verify(FlowPlan plan, FlowReport report, Map<String, Long> counters) {
    if (plan.target() instanceof TargetSpec.Cosmos) {
      CosmosFlows.verify(plan, report, counters);
      return;
    }
    if (!(plan.target() instanceof TargetSpec.Postgres)) {
      return;
    }
    TargetSpec.Postgres target = (TargetSpec.Postgres) plan.target();
    String table = PgIdentifiers.qualified(target.endpoint().schema(), plan.targetTable().name());
    try (Connection c = SourceTables.connection(target.endpoint()).open();
        Statement s = c.createStatement()) {
      long rows = count(s, "SELECT count(*) FROM " + table);
      long written = report.written();
      if (plan.mode() == ToSpec.Mode.APPEND) {
        report.addCheck(
            Check.of(
                "target rows",
                rows >= written,
                "target table has " + rows + " rows; this run appended " + written));
      } else {
        report.addCheck(
            Check.of(
                "target rows",
                rows == written,
                "target table has "
                    + rows
                    + " rows; this run wrote "
                    + written
                    + (rows == written ? "" : " (rows not written by this run, or lost writes)")));
      }
      for (String col : plan.checks().notNull()) {
        String q = PgIdentifiers.quote(col);
        boolean text = isText(plan, col);
        long bad =
            count(
                s,
                "SELECT count(*) FROM "
                    + table
                    + " WHERE "
                    + q
                    + " IS NULL"
                    + (text ? " OR " + q + " = ''" : ""));
        report.addCheck(
            Check.of(
                "not null " + col,
                bad == 0,
                bad + " rows with NULL" + (text ? " or empty" : "") + " " + col));
      }
      for (String col : plan.checks().json()) {
        String type =
            plan.targetTable()
                .column(col)
                .map(ColumnDef::type)
                .orElse("?")
                .toLowerCase(Locale.ROOT);
        long inTarget = count(s, "SELECT count(" + PgIdentifiers.quote(col) + ") FROM " + table);
        long sent = counters.getOrDefault(Counters.nonNull(plan.name(), col), 0L);
        boolean jsonType = type.equals("jsonb") || type.equals("json");
        boolean ok = jsonType && inTarget == sent;
        report.addCheck(
            Check.of(
                "json " + col,
                ok,
                sent
                    + " non-null values parsed as JSON and written; "
                    + inTarget
                    + " non-null values in the "
                    + type
                    + " column"));
      }
    } catch (SQLException e) {
      report.addCheck(Check.of("verify", false, "cannot query " + table + ": " + e.getMessage()));
    }
  }

  private static boolean isText(FlowPlan plan, String col) {
    String t =
        plan.targetTable().column(col).map(ColumnDef::type).orElse("").toLowerCase(Locale.ROOT);
    return t.equals("text")
        || t.startsWith("varchar")
        || t.startsWith("character")
        || t.startsWith("char");
  }

  private static long count(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
