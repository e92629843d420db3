package dev.ferry.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.spec.Spec;
import dev.ferry.spec.SpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cosmos target's {@code max_docs_per_second} reaches the flow's {@code CosmosIO.write()}, and a
 * flow whose sample check cannot run is a plan error (both planned without a server).
 */
class CosmosWriteBudgetPlanTest {
  @TempDir Path tmp;

  private Spec spec(String targetExtra, String flowExtra) throws Exception {
    Files.writeString(tmp.resolve("in.jsonl"), "{\"id\":\"a\",\"n\":1}\n");
    Path f = tmp.resolve("spec.yaml");
    Files.writeString(
        f,
        "version: 1\nname: t\nsources:\n  s: { type: jsonl, path: in.jsonl }\ntargets:\n"
            + "  c:\n    type: cosmos\n    endpoint: https://127.0.0.1:1/\n    key: k\n"
            + "    database: d\n"
            + targetExtra
            + "    containers:\n      v: { partition_key: /id }\n"
            + "flows:\n  - name: f\n    from: { source: s, table: in }\n"
            + flowExtra
            + "    to: { target: c, table: v }\n");
    return SpecLoader.load(f, Map.of(), Map.of());
  }

  @Test
  void theTargetsBudgetIsTheWritesBudget() throws Exception {
    List<FlowPlan> plans = Planner.plan(spec("    max_docs_per_second: 250\n", ""));
    assertThat(CosmosFlows.writeTransform(plans.get(0)).maxDocumentsPerSecond()).isEqualTo(250);
    List<FlowPlan> unlimited = Planner.plan(spec("", ""));
    assertThat(CosmosFlows.writeTransform(unlimited.get(0)).maxDocumentsPerSecond()).isZero();
  }

  @Test
  void aSampleCheckNeedsACosmosSourceAndNoAggregate() throws Exception {
    FlowPlan fromFile = Planner.plan(spec("", "    checks: { sample: { size: 5 } }\n")).get(0);
    assertThatThrownBy(() -> CosmosChecks.checkPlan(fromFile))
        .isInstanceOf(PlanException.class)
        .hasMessage(
            "flow 'f': checks.sample needs a cosmos source (it re-reads sampled source"
                + " documents) — nothing was written");
    FlowPlan aggregated =
        Planner.plan(
                spec(
                    "",
                    "    steps:\n      - aggregate: { by: [n], count: docs, id: \"'n' + n\" }\n"
                        + "    checks: { sample: { size: 5 } }\n"))
            .get(0);
    assertThatThrownBy(() -> CosmosChecks.checkPlan(aggregated))
        .isInstanceOf(PlanException.class)
        .hasMessageStartingWith(
            "flow 'f': checks.sample re-maps documents one by one and cannot follow the aggregate"
                + " step '");
  }
}
