package dev.ferry.pipeline;

import dev.ferry.io.chroma.ChromaCollection;
import dev.ferry.io.schema.ColumnDef;
import dev.ferry.io.schema.TableDef;
import dev.ferry.spec.FlowSpec;
import dev.ferry.spec.FromSpec;
import dev.ferry.spec.SourceSpec;
import dev.ferry.spec.TargetSpec;
import dev.ferry.spec.ToSpec;
import dev.ferry.steps.Step;
import java.util.ArrayList;
import java.util.List;

/**
 * Plans a flow that reads a Chroma collection: the target table takes {@code vector(N)} with N from
 * the collection, records keyed by {@code id} and upserted by default, a {@link VectorCheckStep}
 * first, then the spec's steps, then — with {@code layout: langchain} — the step that shapes rows
 * for LangChain's tables. Without a layout and without {@code columns}, the table is {@code (id
 * text primary key, embedding vector(N), document text, metadata jsonb)}.
 *
 * <pre>{@code
 * FlowPlan plan = ChromaPlans.plan(flow, source, target, steps);
 * }</pre>
 */
final class ChromaPlans {
  private ChromaPlans() {}

  static FlowPlan plan(
      FlowSpec flow, SourceSpec.Chroma source, TargetSpec target, List<Step> userSteps) {
    String name = ((FromSpec.Table) flow.from()).table();
    ChromaCollection c = ChromaSources.collection(source, name);
    ChromaSources.warmVectors(source, name);
    ToSpec to = flow.to();
    List<Step> steps = new ArrayList<>();
    steps.add(new VectorCheckStep(c.dimension()));
    steps.addAll(userSteps);
    TableDef table;
    if (to.layout() == ToSpec.Layout.LANGCHAIN) {
      if (!(target instanceof TargetSpec.Postgres)) {
        throw new PlanException(
            "flow '" + flow.name() + "': layout langchain needs a postgres target");
      }
      table = LangchainLayout.embeddingTable(c.dimension());
      steps.add(
          LangchainLayout.rowStep(to.collection() != null ? to.collection() : name, c.space()));
    } else if (!to.columns().isEmpty()) {
      table = to.tableDef(to.table() != null ? to.table() : name);
    } else {
      String vector = c.dimension() > 0 ? "vector(" + c.dimension() + ")" : "vector";
      table =
          new TableDef(
              to.table() != null ? to.table() : name,
              List.of(
                  new ColumnDef("id", "text", false, null),
                  new ColumnDef("embedding", vector, false, null),
                  new ColumnDef("document", "text", true, null),
                  new ColumnDef("metadata", "jsonb", true, null)),
              List.of("id"),
              List.of());
    }
    List<String> key = flow.key() != null ? flow.key() : List.of("id");
    ToSpec.Mode mode = to.mode() != null ? to.mode() : ToSpec.Mode.UPSERT;
    return new FlowPlan(
        flow.name(),
        source,
        name,
        null,
        null,
        key,
        steps,
        target,
        table,
        mode,
        flow.checks(),
        null);
  }

  /** The langchain row step of a plan, or null when it writes a plain table. */
  static LangchainLayout.RowStep langchainStep(FlowPlan plan) {
    for (Step s : plan.steps()) {
      if (s instanceof LangchainLayout.RowStep r) {
        return r;
      }
    }
    return null;
  }
}
