package dev.ferry.pipeline;

import dev.ferry.io.postgres.PgIdentifiers;
import dev.ferry.io.postgres.PgTypeMapping;
import dev.ferry.io.schema.ColumnDef;
import dev.ferry.io.schema.TableDef;
import dev.ferry.spec.FlowSpec;
import dev.ferry.spec.FromSpec;
import dev.ferry.spec.SourceSpec;
import dev.ferry.spec.Spec;
import dev.ferry.spec.StepSpec;
import dev.ferry.spec.TargetSpec;
import dev.ferry.spec.ToSpec;
import dev.ferry.steps.Step;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves a loaded spec against the real sources: expands {@code tables: "*"} into one flow per
 * table, takes keys from primary keys when the spec names none, derives each PostgreSQL target
 * table (from the flow's {@code columns}, or from the source table through the type mapping and the
 * flow's {@code types} overrides), and refuses — before anything is written — names that collide in
 * the target. Targets whose tables come from Flyway or already exist are described later by {@link
 * TargetPreparer}.
 *
 * <pre>{@code
 * List<FlowPlan> plans = Planner.plan(spec);
 * }</pre>
 */
public final class Planner {
  private Planner() {}

  public static List<FlowPlan> plan(Spec spec) {
    List<FlowPlan> plans = new ArrayList<>();
    for (FlowSpec flow : spec.flows()) {
      if (spec.target(flow.to().target()) instanceof TargetSpec.Sqlite) {
        plans.addAll(SqliteTargets.planFlow(spec, flow));
      } else {
        plans.addAll(planFlow(spec, flow));
      }
    }
    plans = SqliteTargets.checkCollisions(plans);
    checkNames(plans);
    return plans;
  }

  private static List<FlowPlan> planFlow(Spec spec, FlowSpec flow) {
    SourceSpec source = spec.source(flow.from().source());
    TargetSpec target = spec.target(flow.to().target());
    List<Step> steps = new ArrayList<>();
    for (StepSpec s : flow.steps()) {
      steps.add(s.build());
    }
    if (source instanceof SourceSpec.Chroma chroma) {
      return List.of(ChromaPlans.plan(flow, chroma, target, steps));
    }
    List<FlowPlan> out = new ArrayList<>();
    FromSpec from = flow.from();
    if (from instanceof FromSpec.Tables) {
      FromSpec.Tables ts = (FromSpec.Tables) from;
      List<TableDef> tables = SourceTables.all(source);
      Map<String, TableDef> byName = new LinkedHashMap<>();
      tables.forEach(t -> byName.put(t.name(), t));
      List<TableDef> chosen = new ArrayList<>();
      if (ts.all()) {
        chosen.addAll(tables);
      } else {
        for (String n : ts.names()) {
          TableDef t = SourceTables.named(byName, n, flow, source);
          chosen.add(t);
        }
      }
      for (String x : ts.exclude()) {
        if (!byName.containsKey(x)) {
          throw new PlanException(
              "flow '"
                  + flow.name()
                  + "': exclude names table '"
                  + x
                  + "', which source '"
                  + source.name()
                  + "' does not have");
        }
      }
      chosen.removeIf(t -> ts.exclude().contains(t.name()));
      for (String r : flow.to().rename().keySet()) {
        if (chosen.stream().noneMatch(t -> t.name().equals(r))) {
          throw new PlanException(
              "flow '"
                  + flow.name()
                  + "': rename names table '"
                  + r
                  + "', which the flow does not copy from source '"
                  + source.name()
                  + "'");
        }
      }
      for (TableDef t : chosen) {
        out.add(
            planTable(
                flow,
                flow.name() + "." + t.name(),
                source,
                t.name(),
                null,
                null,
                t,
                flow.to().targetTableFor(t.name()),
                target,
                steps));
      }
    } else if (from instanceof FromSpec.Table) {
      String table = ((FromSpec.Table) from).table();
      TableDef def = SourceTables.one(source, table);
      String targetName = flow.to().table() != null ? flow.to().table() : table;
      if (flow.to().table() == null && target instanceof TargetSpec.Mongodb) {
        targetName = ((TargetSpec.Mongodb) target).collection();
      }
      out.add(
          planTable(flow, flow.name(), source, table, null, null, def, targetName, target, steps));
    } else {
      FromSpec.Query q = (FromSpec.Query) from;
      if (q.splitBy() != null && source instanceof SourceSpec.Postgres pg) {
        SourceTables.checkSplitColumn(pg, flow.name(), q.query(), q.splitBy());
      }
      out.add(
          planTable(
              flow,
              flow.name(),
              source,
              null,
              q.query(),
              q.splitBy(),
              null,
              flow.to().table(),
              target,
              steps));
    }
    return out;
  }

  private static FlowPlan planTable(
      FlowSpec flow,
      String name,
      SourceSpec source,
      String sourceTable,
      String query,
      String splitBy,
      TableDef sourceDef,
      String targetName,
      TargetSpec target,
      List<Step> steps) {
    ToSpec to = flow.to();
    TableDef targetDef = null;
    if (target instanceof TargetSpec.Postgres) {
      TargetSpec.Create create = ((TargetSpec.Postgres) target).create();
      if (!to.columns().isEmpty()) {
        targetDef = to.tableDef(targetName);
      } else if (create == TargetSpec.Create.AUTO || create == TargetSpec.Create.SOURCE) {
        if (sourceDef == null) {
          throw new PlanException(
              "flow '"
                  + name
                  + "': target table '"
                  + targetName
                  + "' needs 'columns' in the spec"
                  + " (a query's result has no source table to take them from)");
        }
        targetDef =
            withIndexes(
                PgTypeMapping.toPostgres(sourceDef, overrides(to, sourceDef)), to, targetName);
        targetDef = targetDef.withName(targetName);
      }
      if (targetDef == null) {
        // create: flyway / none, or auto with nothing to derive from: TargetPreparer describes
        // the table as it exists (after the migrations) and fills in the columns.
        targetDef = new TableDef(targetName, List.of(), List.of(), List.of());
      } else {
        try {
          PgIdentifiers.checkTable(targetDef);
        } catch (IllegalArgumentException e) {
          throw new PlanException(
              "flow '" + name + "': " + e.getMessage() + " — nothing was written", e);
        }
      }
    } else if (target instanceof TargetSpec.Mongodb) {
      targetDef = MongoFlows.targetCollection(to, targetName);
    } else {
      targetDef =
          new TableDef(targetName == null ? name : targetName, List.of(), List.of(), List.of());
    }
    List<String> key;
    if (flow.key() != null) {
      key = flow.key();
    } else if (target instanceof TargetSpec.Mongodb) {
      key = List.of("_id");
    } else if (targetDef != null && !targetDef.primaryKey().isEmpty()) {
      key = targetDef.primaryKey();
    } else if (sourceDef != null) {
      key = sourceDef.primaryKey();
    } else {
      key = List.of();
    }
    ToSpec.Mode mode =
        to.mode() != null ? to.mode() : key.isEmpty() ? ToSpec.Mode.REPLACE : ToSpec.Mode.UPSERT;
    if (mode == ToSpec.Mode.UPSERT && key.isEmpty()) {
      throw new PlanException(
          "flow '"
              + name
              + "': mode upsert needs a key, and neither the spec nor table '"
              + (sourceTable == null ? targetName : sourceTable)
              + "' gives one");
    }
    if (mode == ToSpec.Mode.UPSERT && targetDef != null && !targetDef.columns().isEmpty()) {
      for (String k : key) {
        if (targetDef.column(k).isEmpty()) {
          throw new PlanException(
              "flow '"
                  + name
                  + "': key column '"
                  + k
                  + "' is not a column of target table '"
                  + targetDef.name()
                  + "'");
        }
      }
      if (!targetDef.primaryKey().isEmpty()
          && !targetDef.primaryKey().equals(key)
          && targetDef.indexes().stream().noneMatch(i -> i.unique() && i.columns().equals(key))) {
        throw new PlanException(
            "flow '"
                + name
                + "': upsert key "
                + key
                + " is neither the primary key "
                + targetDef.primaryKey()
                + " nor a unique index of target table '"
                + targetDef.name()
                + "'");
      }
      if (targetDef.primaryKey().isEmpty()) {
        targetDef = targetDef.withPrimaryKey(key);
      }
    }
    return new FlowPlan(
        name,
        source,
        sourceTable,
        query,
        splitBy,
        key,
        steps,
        target,
        targetDef,
        mode,
        flow.checks(),
        null);
  }

  /** The {@code types} overrides that apply to one source table, by column name. */
  private static Map<String, String> overrides(ToSpec to, TableDef sourceDef) {
    Map<String, String> out = new HashMap<>();
    for (Map.Entry<String, String> e : to.types().entrySet()) {
      String k = e.getKey();
      String prefix = sourceDef.name() + ".";
      if (k.startsWith(prefix)) {
        out.put(k.substring(prefix.length()), e.getValue());
      } else if (!k.contains(".") || sourceDef.column(k).isPresent()) {
        out.putIfAbsent(k, e.getValue());
      }
    }
    for (String col : out.keySet()) {
      if (sourceDef.column(col).isEmpty()) {
        throw new PlanException(
            "types: table '" + sourceDef.name() + "' has no column '" + col + "' to override");
      }
    }
    return out;
  }

  private static TableDef withIndexes(TableDef def, ToSpec to, String table) {
    if (to.indexes().isEmpty()) {
      return def;
    }
    List<dev.ferry.io.schema.IndexDef> idx = new ArrayList<>(def.indexes());
    for (var i : to.indexes()) {
      idx.add(new dev.ferry.io.schema.IndexDef(i.nameFor(table), i.columns(), i.unique()));
    }
    return def.withIndexes(idx);
  }

  /** Refuses two plans writing the same target table or names PostgreSQL would truncate alike. */
  private static void checkNames(List<FlowPlan> plans) {
    Map<String, List<TableDef>> bySchema = new LinkedHashMap<>();
    Map<String, String> flowByTable = new HashMap<>();
    for (FlowPlan p : plans) {
      if (p.target() instanceof TargetSpec.Sqlite) {
        continue; // checked by SqliteTargets.checkCollisions
      }
      String where = p.target().name() + "/" + p.targetTable().name();
      String prev = flowByTable.putIfAbsent(where, p.name());
      if (prev != null) {
        throw new PlanException(
            "flows '"
                + prev
                + "' and '"
                + p.name()
                + "' both write table '"
                + p.targetTable().name()
                + "' of target '"
                + p.target().name()
                + "'");
      }
      if (p.target() instanceof TargetSpec.Postgres && !p.targetTable().columns().isEmpty()) {
        String schema = ((TargetSpec.Postgres) p.target()).endpoint().schema();
        bySchema
            .computeIfAbsent(p.target().name() + "\u0000" + schema, k -> new ArrayList<>())
            .add(p.targetTable());
      }
    }
    for (Map.Entry<String, List<TableDef>> e : bySchema.entrySet()) {
      try {
        PgIdentifiers.checkTables(e.getKey().split("\u0000")[1], e.getValue());
      } catch (IllegalArgumentException ex) {
        throw new PlanException(ex.getMessage() + " — nothing was written", ex);
      }
    }
  }

  /** Column names of a table definition (for messages). */
  static List<String> names(List<ColumnDef> cols) {
    List<String> out = new ArrayList<>();
    cols.forEach(c -> out.add(c.name()));
    return out;
  }
}
