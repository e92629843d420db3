package dev.ferry.pipeline;

import dev.ferry.io.postgres.PgConnection;
import dev.ferry.io.postgres.PgDdl;
import dev.ferry.io.schema.TableDef;
import dev.ferry.spec.TargetSpec;
import dev.ferry.spec.ToSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Gets the targets ready before a pipeline starts. In {@link Mode#WRITE} (a real run) it runs a
 * target's Flyway migrations, creates missing tables with their keys and indexes, checks existing
 * ones against the plan and empties {@code replace} tables. In {@link Mode#CHECK} (dry run) and
 * {@link Mode#EXISTING} (validate) it only connects, describes and checks, and writes nothing.
 * Every action taken or planned is returned as a line for the report.
 *
 * <pre>{@code
 * TargetPreparer.Result r = TargetPreparer.prepare(plans, TargetPreparer.Mode.WRITE);
 * List<FlowPlan> ready = r.plans();
 * }</pre>
 */
public final class TargetPreparer {
  /** What preparation may do. */
  public enum Mode {
    /** Create, migrate and truncate as the plan says. */
    WRITE,
    /** Describe and check only; report what a run would do. */
    CHECK,
    /** Describe and check only; every target table must already exist. */
    EXISTING
  }

  /** The plans with their final target tables, and what was done or would be done. */
  public record Result(List<FlowPlan> plans, List<String> actions) {}

  private TargetPreparer() {}

  public static Result prepare(List<FlowPlan> plans, Mode mode) {
    List<FlowPlan> out = new ArrayList<>(plans);
    List<String> actions = new ArrayList<>();
    // Cosmos containers are checked (and created) first: a mismatch stops before any write.
    CosmosFlows.prepare(plans, mode == Mode.WRITE, actions);
    Map<String, List<Integer>> byTarget = new LinkedHashMap<>();
    for (int i = 0; i < plans.size(); i++) {
      if (plans.get(i).target() instanceof TargetSpec.Postgres) {
        byTarget.computeIfAbsent(plans.get(i).target().name(), k -> new ArrayList<>()).add(i);
      }
    }
    for (List<Integer> indexes : byTarget.values()) {
      TargetSpec.Postgres target = (TargetSpec.Postgres) plans.get(indexes.get(0)).target();
      PgConnection pg = SourceTables.connection(target.endpoint());
      String schema = target.endpoint().schema();
      if (target.create() == TargetSpec.Create.FLYWAY) {
        if (mode == Mode.WRITE) {
          int n = PgDdl.migrateFlyway(pg, schema, target.migrations());
          actions.add(
              "target '"
                  + target.name()
                  + "': applied "
                  + n
                  + " Flyway migration(s) from "
                  + target.migrations());
        } else {
          actions.add(
              "target '"
                  + target.name()
                  + "': would apply pending Flyway migrations from "
                  + target.migrations());
        }
      }
      // All tables of one target are created and emptied in one transaction: a refusal of the
      // last leaves none created.
      List<String> targetActions = new ArrayList<>();
      try (Connection c = pg.open()) {
        c.setAutoCommit(false);
        try {
          for (int i : indexes) {
            out.set(i, prepareTable(plans.get(i), target, c, schema, mode, targetActions));
          }
          c.commit();
        } catch (SQLException | RuntimeException e) {
          c.rollback();
          throw e;
        }
      } catch (SQLException e) {
        throw new PlanException(
            "target '"
                + target.name()
                + "': "
                + e.getMessage()
                + " (connecting to "
                + target.endpoint().safeUrl()
                + ") — nothing was written",
            e);
      }
      actions.addAll(targetActions);
    }
    if (mode != Mode.EXISTING) {
      SqliteTargets.prepare(out, mode == Mode.WRITE, actions);
    }
    MongoFlows.prepare(out, mode, actions);
    MongoFlows.prepareDeclared(out, mode, actions);
    return new Result(out, actions);
  }

  private static FlowPlan prepareTable(
      FlowPlan plan,
      TargetSpec.Postgres target,
      Connection c,
      String schema,
      Mode mode,
      List<String> actions) {
    String table = plan.targetTable() == null ? null : plan.targetTable().name();
    String where = "flow '" + plan.name() + "': target table " + schema + "." + table;
    try {
      LangchainLayout.RowStep langchain = ChromaPlans.langchainStep(plan);
      if (langchain != null && mode == Mode.WRITE) {
        LangchainLayout.prepareCollection(c, schema, langchain, actions);
      }
      Optional<TableDef> existing = PgDdl.describe(c, schema, table);
      boolean planned = !plan.targetTable().columns().isEmpty();
      if (planned && existing.isPresent()) {
        try {
          PgDdl.checkCompatible(plan.targetTable(), existing.get());
        } catch (IllegalArgumentException e) {
          throw new PlanException(
              where + " exists but does not match the spec: " + e.getMessage(), e);
        }
      } else if (planned) {
        if (mode == Mode.WRITE) {
          PgDdl.createTable(c, schema, plan.targetTable());
          actions.add("created table " + schema + "." + table + " " + plan.targetTable().columns());
        } else if (mode == Mode.CHECK) {
          actions.add(
              "would create table " + schema + "." + table + " " + plan.targetTable().columns());
        } else {
          throw new PlanException(where + " does not exist; nothing to validate against");
        }
      } else if (existing.isPresent()) {
        TableDef def = existing.get();
        List<String> key = plan.key();
        if (plan.mode() == ToSpec.Mode.UPSERT
            && !def.primaryKey().isEmpty()
            && !def.primaryKey().equals(key)
            && def.indexes().stream().noneMatch(i -> i.unique() && i.columns().equals(key))) {
          throw new PlanException(
              where
                  + ": upsert key "
                  + plan.key()
                  + " is neither its primary key "
                  + def.primaryKey()
                  + " nor a unique index");
        }
        if (def.primaryKey().isEmpty() && !plan.key().isEmpty()) {
          def = def.withPrimaryKey(plan.key());
        }
        plan = plan.withTargetTable(def);
      } else if (mode == Mode.CHECK) {
        throw new PlanException(
            where
                + " does not exist yet; its definition comes from "
                + (target.create() == TargetSpec.Create.FLYWAY
                    ? "Flyway migrations, which a dry run does not apply"
                    : "the database (create: none)"));
      } else {
        throw new PlanException(
            where
                + " does not exist"
                + (target.create() == TargetSpec.Create.FLYWAY
                    ? " after the Flyway migrations in " + target.migrations()
                    : " and the target says create: none"));
      }
      if (plan.mode() == ToSpec.Mode.REPLACE) {
        if (mode == Mode.WRITE) {
          PgDdl.truncate(c, schema, table);
          actions.add("emptied table " + schema + "." + table + " (mode replace)");
        } else if (mode == Mode.CHECK) {
          actions.add("would empty table " + schema + "." + table + " (mode replace)");
        }
      }
      return plan;
    } catch (SQLException e) {
      throw new PlanException(where + ": " + e.getMessage() + " — nothing was written", e);
    }
  }
}
