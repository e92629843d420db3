package dev.ferry.pipeline;

import dev.ferry.spec.TargetSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds, after the load, the indexes of the flows that wrote LangChain's layout: HNSW on the
 * embedding with the operator class of the Chroma collection's distance, and GIN on {@code
 * cmetadata} (see {@link LangchainLayout#buildIndexes}). Building them after the rows are in is
 * much faster than maintaining them row by row.
 *
 * <pre>{@code
 * List<String> notes = ChromaIndexes.build(prepared.plans());
 * }</pre>
 */
final class ChromaIndexes {
  private ChromaIndexes() {}

  /** Builds the indexes; returns one report note per index. */
  static List<String> build(List<FlowPlan> plans) {
    List<String> notes = new ArrayList<>();
    for (FlowPlan plan : plans) {
      LangchainLayout.RowStep langchain = ChromaPlans.langchainStep(plan);
      if (langchain == null || !(plan.target() instanceof TargetSpec.Postgres target)) {
        continue;
      }
      // The space the plan recorded: the source is not opened again after the pass.
      String space = langchain.space;
      long t0 = System.nanoTime();
      try (Connection c = SourceTables.connection(target.endpoint()).open()) {
        for (String n : LangchainLayout.buildIndexes(c, target.endpoint().schema(), space)) {
          notes.add("flow '" + plan.name() + "': built " + n);
        }
      } catch (SQLException e) {
        throw new IllegalStateException(
            "flow '" + plan.name() + "': cannot build the vector indexes: " + e.getMessage(), e);
      }
      notes.add(
          String.format(
              java.util.Locale.ROOT,
              "flow '%s': index build took %.1f s",
              plan.name(),
              (System.nanoTime() - t0) / 1e9));
    }
    return notes;
  }
}
