package dev.ferry.pipeline;

import dev.ferry.io.schema.TableDef;
import dev.ferry.spec.ChecksSpec;
import dev.ferry.spec.SourceSpec;
import dev.ferry.spec.TargetSpec;
import dev.ferry.spec.ToSpec;
import dev.ferry.steps.Step;
import java.util.List;
import java.util.Objects;

/**
 * One flow of a spec resolved against the real source and target: which table or query it reads,
 * the key that identifies its records, its steps, and the target table (in the target's types) it
 * writes. A spec flow with {@code tables: "*"} becomes one plan per source table.
 *
 * <pre>{@code
 * List<FlowPlan> plans = Planner.plan(spec);
 * plans.get(0).targetTable().columns();
 * }</pre>
 *
 * @param name the flow name, {@code <flow>.<table>} for expanded table lists
 * @param source the source it reads
 * @param sourceTable the table read, or null when a query is read
 * @param query the query read, or null
 * @param splitBy the integer column that splits a query into ranges ({@code split_by}), or null
 *     (SQLite tables split on their rowid)
 * @param key the fields identifying a record (may be empty)
 * @param steps the spec's steps, in order (the conform step is added when the graph is built)
 * @param target the target written
 * @param targetTable the target table: its PostgreSQL definition, or just a name for files
 * @param mode how rows reach the target table
 * @param checks the checks the report makes on the target
 * @param sqlite how a SQLite table is copied into a SQLite target; null for other targets
 */
public record FlowPlan(
    String name,
    SourceSpec source,
    String sourceTable,
    String query,
    String splitBy,
    List<String> key,
    List<Step> steps,
    TargetSpec target,
    TableDef targetTable,
    ToSpec.Mode mode,
    ChecksSpec checks,
    SqliteCopy sqlite) {

  public FlowPlan {
    Objects.requireNonNull(name, "name");
    key = List.copyOf(key);
    steps = List.copyOf(steps);
  }

  /** A short description of the source side, e.g. {@code sqlite app.items}. */
  public String sourceLabel() {
    String what = sourceTable != null ? sourceTable : "query";
    return source.type() + " " + source.name() + "." + what;
  }

  /** A short description of the target side, e.g. {@code postgres pg.public.items}. */
  public String targetLabel() {
    if (target instanceof TargetSpec.Postgres) {
      return "postgres "
          + target.name()
          + "."
          + ((TargetSpec.Postgres) target).endpoint().schema()
          + "."
          + targetTable.name();
    }
    if (target instanceof TargetSpec.Sqlite) {
      return "sqlite " + target.name() + "." + targetTable.name();
    }
    if (target instanceof TargetSpec.Mongodb) {
      return "mongodb "
          + target.name()
          + " "
          + ((TargetSpec.Mongodb) target).database()
          + "."
          + targetTable.name();
    }
    if (target instanceof TargetSpec.Cosmos) {
      return "cosmos " + target.name() + "." + targetTable.name();
    }
    return target.type() + " " + target.name() + "/" + targetTable.name() + ".jsonl";
  }

  /** The same plan with another target table definition. */
  public FlowPlan withTargetTable(TableDef table) {
    return new FlowPlan(
        name, source, sourceTable, query, splitBy, key, steps, target, table, mode, checks, sqlite);
  }

  /** The same plan with another SQLite copy description. */
  public FlowPlan withSqlite(SqliteCopy copy) {
    return new FlowPlan(
        name,
        source,
        sourceTable,
        query,
        splitBy,
        key,
        steps,
        target,
        targetTable,
        mode,
        checks,
        copy);
  }
}
