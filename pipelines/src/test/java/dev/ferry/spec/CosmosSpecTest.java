package dev.ferry.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ferry.io.cosmos.CosmosContainerDef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loader reads {@code type: cosmos} sources and targets, and names every bad field. */
class CosmosSpecTest {
  @TempDir Path tmp;

  @Test
  void readsTheS1ExampleWithItsContainers() throws Exception {
    Spec spec =
        SpecLoader.load(
            Path.of("../examples/s1-cosmos-restructure/spec.yaml"),
            Map.of(),
            Map.of("FERRY_COSMOS_ENDPOINT", "https://127.0.0.1:48081/", "FERRY_COSMOS_KEY", "k"));
    SourceSpec.Cosmos old = (SourceSpec.Cosmos) spec.source("old");
    assertThat(old.database()).isEqualTo("vimarsh-multi-personality");
    assertThat(old.vectors()).containsExactly("embedding");
    assertThat(old.key().reveal()).isEqualTo("k");
    TargetSpec.Cosmos target = (TargetSpec.Cosmos) spec.target("new");
    assertThat(target.containers().keySet())
        .containsExactly(
            "users",
            "user_sessions",
            "user_interactions",
            "personalities",
            "personality_vectors",
            "user_analytics",
            "content_analytics",
            "daily_metrics",
            "abuse_incidents",
            "engagement_summary",
            "content_popularity",
            "incidents_by_content");
    CosmosContainerDef sessions = target.containers().get("user_sessions");
    assertThat(sessions.partitionKeyPaths()).containsExactly("/user_id");
    assertThat(sessions.defaultTtlSeconds()).isEqualTo(7776000);
    assertThat(sessions.throughput()).isEqualTo(400);
    CosmosContainerDef vectors = target.containers().get("personality_vectors");
    assertThat(vectors.vectors())
        .containsExactly(new CosmosContainerDef.Vector("/embedding", 768, "cosine", "diskANN"));
    assertThat(vectors.throughput()).isEqualTo(1000);
    assertThat(spec.flows()).hasSize(6);
    Map<String, String> samples = new java.util.LinkedHashMap<>();
    spec.flows()
        .forEach(
            fl ->
                samples.put(
                    fl.name(), fl.checks().sampleSize() + " seed " + fl.checks().sampleSeed()));
    assertThat(samples)
        .containsExactly(
            Map.entry("personality_vectors", "200 seed 42"),
            Map.entry("personalities", "0 seed 0"),
            Map.entry("users", "200 seed 42"),
            Map.entry("user_sessions", "200 seed 42"),
            Map.entry("user_interactions", "200 seed 42"),
            Map.entry("user_activity_unrouted", "0 seed 0"));
  }

  @Test
  void aSampleCheckHasAPositiveSizeAndOnlySizeAndSeed() throws Exception {
    Path f = tmp.resolve("spec.yaml");
    Files.writeString(
        f,
        "version: 1\nname: t\nsources:\n  s: { type: jsonl, path: in.jsonl }\ntargets:\n"
            + "  c:\n    type: cosmos\n    endpoint: https://h/\n    key: k\n    database: d\n"
            + "    containers:\n      v: { partition_key: /id }\n"
            + "flows:\n  - name: f\n    from: { source: s, table: in }\n"
            + "    to: { target: c, table: v }\n"
            + "    checks: { sample: { size: 0, seed: 7, count: 3 } }\n"
            + "  - name: g\n    from: { source: s, table: in }\n"
            + "    to: { target: c, table: v }\n"
            + "    checks: { sample: { seed: 9 } }\n");
    SpecException e =
        catchThrowableOfType(SpecException.class, () -> SpecLoader.load(f, Map.of(), Map.of()));
    assertThat(List.of(e.getMessage().split("\n")))
        .containsExactly(
            f + ":17: flows[0].checks.sample.count: unknown key 'count' (known: size, seed)",
            f + ":17: flows[0].checks.sample.size: must be at least 1");
    Files.writeString(
        f, Files.readString(f).replace("size: 0, seed: 7, count: 3", "size: 50, seed: 7"));
    Spec spec = SpecLoader.load(f, Map.of(), Map.of());
    ChecksSpec first = spec.flows().get(0).checks();
    ChecksSpec second = spec.flows().get(1).checks();
    assertThat(
            List.of(
                first.sampleSize(), first.sampleSeed(), second.sampleSize(), second.sampleSeed()))
        .containsExactly(50, 7L, 100, 9L);
  }

  @Test
  void aTargetsWriteBudgetIsReadAndChecked() throws Exception {
    Path f = tmp.resolve("spec.yaml");
    String text =
        "version: 1\nname: t\nsources:\n  s: { type: jsonl, path: in.jsonl }\ntargets:\n"
            + "  c:\n    type: cosmos\n    endpoint: https://h/\n    key: k\n    database: d\n"
            + "    max_docs_per_second: BUDGET\n"
            + "    containers:\n      v: { partition_key: /id }\n"
            + "flows:\n  - name: f\n    from: { source: s, table: in }\n"
            + "    to: { target: c, table: v }\n";
    Files.writeString(f, text.replace("BUDGET", "250"));
    assertThat(
            ((TargetSpec.Cosmos) SpecLoader.load(f, Map.of(), Map.of()).target("c"))
                .maxDocsPerSecond())
        .isEqualTo(250);
    Files.writeString(f, text.replace("    max_docs_per_second: BUDGET\n", ""));
    assertThat(
            ((TargetSpec.Cosmos) SpecLoader.load(f, Map.of(), Map.of()).target("c"))
                .maxDocsPerSecond())
        .isZero();
    Files.writeString(f, text.replace("BUDGET", "-5"));
    assertThat(
            catchThrowableOfType(SpecException.class, () -> SpecLoader.load(f, Map.of(), Map.of()))
                .getMessage())
        .isEqualTo(
            f + ":11: targets.c.max_docs_per_second: must be between 0 and 10000000, got -5");
    Files.writeString(f, text.replace("BUDGET", "fast"));
    assertThat(
            catchThrowableOfType(SpecException.class, () -> SpecLoader.load(f, Map.of(), Map.of()))
                .getMessage())
        .isEqualTo(
            f + ":11: targets.c.max_docs_per_second: expected an integer, got string 'fast'");
  }

  @Test
  void hierarchicalKeysAreAList() throws Exception {
    Path f = tmp.resolve("spec.yaml");
    Files.writeString(
        f,
        "version: 1\nname: t\nsources:\n  s: { type: jsonl, path: in.jsonl }\ntargets:\n"
            + "  c:\n    type: cosmos\n    endpoint: https://h/\n    key: k\n    database: d\n"
            + "    containers:\n      v: { partition_key: [/tenant, /source], ttl: -1 }\n"
            + "flows:\n  - name: f\n    from: { source: s, table: in }\n"
            + "    to: { target: c, table: v }\n");
    Spec spec = SpecLoader.load(f, Map.of(), Map.of());
    CosmosContainerDef v = ((TargetSpec.Cosmos) spec.target("c")).containers().get("v");
    assertThat(v.partitionKeyPaths()).containsExactly("/tenant", "/source");
    assertThat(v.hierarchical()).isTrue();
    assertThat(v.defaultTtlSeconds()).isEqualTo(-1);
  }

  @Test
  void everyBadCosmosFieldIsNamedWithItsLine() {
    String f = "src/test/resources/specs/errors/cosmos-bad.yaml";
    SpecException e =
        catchThrowableOfType(
            SpecException.class, () -> SpecLoader.load(Path.of(f), Map.of(), Map.of()));
    assertThat(List.of(e.getMessage().split("\n")))
        .containsExactly(
            f
                + ":4: sources.old.vector: unknown key 'vector' (known: type, endpoint, key,"
                + " database, vectors)",
            f + ":4: sources.old.endpoint: must be an https:// URL, got 'http://127.0.0.1:1/'",
            f + ":12: targets.new.containers.a.partition_key: path 'user_id' must start with '/'",
            f
                + ":12: targets.new.containers.a.ttl: must be -1 (on, no default expiry) or"
                + " positive seconds, got 0",
            f + ":13: targets.new.containers.b.partition_key: needs 1 to 3 paths, got 4",
            f
                + ":13: targets.new.containers.b.throughput: must be between 400 and 1000000, got 100",
            f + ":16: targets.new.containers.c.vectors[0].dimensions: required field is missing",
            f
                + ":16: targets.new.containers.c.vectors[0].distance: unknown value 'manhattan'"
                + " (known: cosine, dotproduct, euclidean)");
  }
}
