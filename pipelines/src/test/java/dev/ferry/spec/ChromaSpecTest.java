package dev.ferry.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Chroma sources and the langchain layout in the spec: what loads, and every error by line. */
class ChromaSpecTest {
  private static final String DIR = "src/test/resources/specs/";

  @Test
  void loadsChromaSourcesAndTheLangchainLayout() throws Exception {
    Spec spec = SpecLoader.load(Path.of(DIR + "chroma.yaml"), Map.of("user_id", "t1"), Map.of());
    SourceSpec.Chroma dir = (SourceSpec.Chroma) spec.source("dir");
    assertThat(dir.path()).isEqualTo(Path.of(DIR).toAbsolutePath().resolve("data/chroma"));
    assertThat(dir.url()).isNull();
    SourceSpec.Chroma server = (SourceSpec.Chroma) spec.source("server");
    assertThat(server.url()).isEqualTo("http://127.0.0.1:58000");
    assertThat(server.path()).isNull();
    FlowSpec lc = spec.flows().get(0);
    assertThat(lc.from()).isEqualTo(new FromSpec.Table("dir", "collections_vectors_golden"));
    assertThat(lc.to().layout()).isEqualTo(ToSpec.Layout.LANGCHAIN);
    assertThat(lc.to().collection()).isEqualTo("collections_vectors");
    assertThat(lc.checks().vectors()).isEqualTo(new VectorChecksSpec(10, 50, 7, 0.95, 250.5));
    FlowSpec plain = spec.flows().get(1);
    assertThat(plain.checks().vectors()).isEqualTo(VectorChecksSpec.DEFAULT);
    assertThat(plain.to().layout()).isNull();
    assertThat(plain.to().table()).isEqualTo("docs_vectors");
  }

  @Test
  void reportsEveryChromaProblemByLine() {
    String f = DIR + "errors/chroma.yaml";
    SpecException e =
        catchThrowableOfType(
            SpecException.class, () -> SpecLoader.load(Path.of(f), Map.of(), Map.of()));
    assertThat(e.getMessage())
        .isEqualTo(
            String.join(
                "\n",
                f + ":4: sources.both: give exactly one of path (a persisted directory) or url",
                f + ":5: sources.neither: give exactly one of path (a persisted directory) or url",
                f
                    + ":12: flows[0].from.table: not allowed with chroma source 'vec' (use"
                    + " collection)",
                f + ":12: flows[0].from.collection: required field is missing",
                f + ":16: flows[1].to.layout: only allowed when the flow reads a chroma source",
                f
                    + ":19: flows[2].to.layout: layout langchain fixes the tables"
                    + " (langchain_pg_collection, langchain_pg_embedding); leave out table and"
                    + " columns",
                f + ":22: flows[3].to.layout: unknown value 'flat' (known: langchain)",
                f + ":22: flows[3].to.collection: only allowed with layout: langchain",
                f + ":24: flows[4].from.collection: only allowed with a chroma source",
                f
                    + ":27: flows[4].checks.vectors.top: unknown key 'top' (known: k, samples,"
                    + " seed, min_overlap, max_p95_ms)",
                f + ":27: flows[4].checks.vectors.k: must be between 1 and 1000, got 0",
                f
                    + ":27: flows[4].checks.vectors.min_overlap: must be between 0.0 and 1.0, got 1.5",
                f + ":27: flows[4].checks.vectors.max_p95_ms: must be a number, got 'fast'"));
  }
}
