package dev.ferry.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.io.schema.ColumnDef;
import dev.ferry.io.schema.IndexDef;
import dev.ferry.io.schema.TableDef;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecLoaderTest {
  static final Map<String, String> ENV =
      Map.of(
          "PGPASSWORD", "legacy-pw",
          "FERRY_PG_URL", "jdbc:postgresql://127.0.0.1:5432/ferry?password=url-pw",
          "FERRY_PG_USER", "ferry",
          "FERRY_PG_PASSWORD", "s3cret");

  private static final Path FULL = Path.of("src/test/resources/specs/full.yaml");
  private static final Path DIR = Path.of("src/test/resources/specs").toAbsolutePath();

  private static Spec full() throws SpecException {
    return SpecLoader.load(FULL, Map.of("user_id", "u1"), ENV);
  }

  @Test
  void fullSpecLoadsIntoTheExactModel() throws Exception {
    Spec spec = full();

    assertThat(spec.version()).isEqualTo(1);
    assertThat(spec.name()).isEqualTo("s2-collections");
    assertThat(spec.description()).isEqualTo("Collections into PostgreSQL; costs ${price}");
    assertThat(spec.file()).isEqualTo(DIR.resolve("full.yaml"));
    assertThat(spec.directory()).isEqualTo(DIR);
    assertThat(spec.params())
        .containsExactly(
            Map.entry(
                "user_id", new ParamSpec("user_id", "u1", true, "tenant id added to every row")),
            Map.entry(
                "sqlite_path", new ParamSpec("sqlite_path", "data/collections.db", false, null)),
            Map.entry("batch", new ParamSpec("batch", "500", false, null)));
    assertThat(spec.options()).isEqualTo(new Options(500, true, 4));

    assertThat(spec.sources())
        .containsExactly(
            Map.entry("app", new SourceSpec.Sqlite("app", DIR.resolve("data/collections.db"))),
            Map.entry(
                "pgsrc",
                new SourceSpec.Postgres(
                    "pgsrc",
                    new JdbcEndpoint(
                        "jdbc:postgresql://127.0.0.1:5433/legacy",
                        "reader",
                        Secret.of("legacy-pw"),
                        "public"))),
            Map.entry("files", new SourceSpec.Jsonl("files", DIR.resolve("in/*.jsonl"))));
    assertThat(spec.targets())
        .containsExactly(
            Map.entry(
                "pg",
                new TargetSpec.Postgres(
                    "pg",
                    new JdbcEndpoint(
                        "jdbc:postgresql://127.0.0.1:5432/ferry?password=url-pw",
                        "ferry",
                        Secret.of("s3cret"),
                        "ferry"),
                    TargetSpec.Create.FLYWAY,
                    DIR.resolve("db/migration"))),
            Map.entry("out", new TargetSpec.Jsonl("out", DIR.resolve("out"))));

    assertThat(spec.flows()).hasSize(3);
    FlowSpec items = spec.flows().get(0);
    assertThat(items.name()).isEqualTo("items");
    assertThat(items.from()).isEqualTo(new FromSpec.Table("app", "items"));
    assertThat(items.key()).containsExactly("id");
    assertThat(items.steps())
        .containsExactly(
            new StepSpec("set", Map.of("field", "user_id", "value", "u1"), 35),
            new StepSpec(
                "cast",
                Map.of(
                    "field", "created_at",
                    "to", "timestamp",
                    "formats", List.of("yyyy-MM-dd HH:mm:ss.SSSSSS", "iso"),
                    "zone", "UTC"),
                36),
            new StepSpec("default", Map.of("field", "qty", "value", 0L), 37),
            new StepSpec("drop-nulls", Map.of(), 38));
    assertThat(items.steps().get(1).args().keySet())
        .containsExactly("field", "to", "formats", "zone");
    assertThat(items.to())
        .isEqualTo(
            new ToSpec(
                "pg",
                "items",
                ToSpec.Mode.UPSERT,
                List.of(
                    new ColumnSpec("id", "text", false, true),
                    new ColumnSpec("user_id", "TEXT", true, false),
                    new ColumnSpec("price", "numeric(10, 2)", false, false),
                    new ColumnSpec("created_at", "timestamp with time zone", false, false)),
                Map.of(),
                List.of(
                    new IndexSpec(List.of("user_id"), false, null),
                    new IndexSpec(List.of("user_id", "created_at"), true, "items_user_created"))));
    assertThat(items.checks()).isEqualTo(new ChecksSpec(List.of("user_id"), List.of()));

    FlowSpec recent = spec.flows().get(1);
    assertThat(recent)
        .isEqualTo(
            new FlowSpec(
                "recent",
                new FromSpec.Query(
                    "pgsrc", "SELECT * FROM events WHERE ts > now() - interval '1 day'", "id"),
                null,
                List.of(),
                new ToSpec(
                    "out", "recent_events", ToSpec.Mode.APPEND, List.of(), Map.of(), List.of()),
                ChecksSpec.NONE));

    FlowSpec music = spec.flows().get(2);
    assertThat(music)
        .isEqualTo(
            new FlowSpec(
                "music",
                new FromSpec.Tables("app", List.of(), List.of("sqlite_sequence")),
                null,
                List.of(),
                new ToSpec(
                    "pg",
                    null,
                    ToSpec.Mode.REPLACE,
                    List.of(),
                    Map.of("Track.Milliseconds", "bigint"),
                    List.of()),
                new ChecksSpec(List.of(), List.of("raw_response"))));
    assertThat(((FromSpec.Tables) music.from()).all()).isTrue();
  }

  @Test
  void setOverridesAParamDefault() throws Exception {
    Spec spec =
        SpecLoader.load(
            FULL, Map.of("user_id", "u2", "sqlite_path", "/data/other.db", "batch", "7"), ENV);
    assertThat(spec.source("app"))
        .isEqualTo(new SourceSpec.Sqlite("app", Path.of("/data/other.db")));
    assertThat(spec.options().batchSize()).isEqualTo(7);
    assertThat(spec.flows().get(0).steps().get(0).args()).containsEntry("value", "u2");
    assertThat(spec.params().get("sqlite_path").value()).isEqualTo("/data/other.db");
  }

  @Test
  void requiredParamIsSatisfiedBySet() throws Exception {
    Spec spec =
        SpecLoader.load(
            Path.of("src/test/resources/specs/errors/required-param.yaml"),
            Map.of("user_id", "u1"),
            Map.of());
    assertThat(spec.target("out"))
        .isEqualTo(new TargetSpec.Jsonl("out", DIR.resolve("errors/out/u1")));
  }

  @Test
  void environmentVariablesAreSubstituted() throws Exception {
    Spec spec =
        SpecLoader.load(
            Path.of("src/test/resources/specs/errors/env.yaml"),
            Map.of(),
            Map.of("FERRY_PG_URL", "jdbc:postgresql://db:5432/x", "FERRY_PG_PASSWORD", "pw"));
    assertThat(spec.target("pg"))
        .isEqualTo(
            new TargetSpec.Postgres(
                "pg",
                new JdbcEndpoint("jdbc:postgresql://db:5432/x", "ferry", Secret.of("pw"), "public"),
                TargetSpec.Create.AUTO,
                null));
  }

  @Test
  void passwordsNeverShowInToStringOrDescribe() throws Exception {
    Spec spec = full();
    assertThat(spec.toString()).doesNotContain("s3cret", "legacy-pw", "url-pw").contains("****");
    assertThat(spec.describe()).doesNotContain("s3cret", "legacy-pw", "url-pw");
    assertThat(spec.targets().get("pg").toString())
        .isEqualTo(
            "Postgres[name=pg, endpoint=JdbcEndpoint[url=jdbc:postgresql://127.0.0.1:5432/ferry"
                + "?password=****, user=ferry, password=****, schema=ferry], create=FLYWAY,"
                + " migrations="
                + DIR.resolve("db/migration")
                + "]");
  }

  @Test
  void describeSummarisesTheSpec() throws Exception {
    assertThat(full().describe())
        .isEqualTo(
            String.join(
                "\n",
                "spec s2-collections (" + DIR.resolve("full.yaml") + ")",
                "  Collections into PostgreSQL; costs ${price}",
                "params: user_id=u1, sqlite_path=data/collections.db, batch=500",
                "options: batch_size=500, strict=true, parallelism=4",
                "sources:",
                "  app: sqlite " + DIR.resolve("data/collections.db"),
                "  pgsrc: postgres jdbc:postgresql://127.0.0.1:5433/legacy schema public",
                "  files: jsonl " + DIR.resolve("in/*.jsonl"),
                "targets:",
                "  pg: postgres jdbc:postgresql://127.0.0.1:5432/ferry?password=**** schema ferry,"
                    + " create flyway "
                    + DIR.resolve("db/migration"),
                "  out: jsonl " + DIR.resolve("out"),
                "flows:",
                "  items: app.items -> pg.items, mode upsert, key [id], 4 steps, 4 columns",
                "  recent: pgsrc query split by id -> out.recent_events, mode append, 0 steps",
                "  music: app tables * except sqlite_sequence -> pg, mode replace, 0 steps",
                ""));
  }

  @Test
  void minimalSpecGetsDefaults() throws Exception {
    Spec spec =
        SpecLoader.load(Path.of("src/test/resources/specs/minimal.yaml"), Map.of(), Map.of());
    assertThat(spec.options()).isEqualTo(Options.DEFAULTS);
    assertThat(spec.params()).isEmpty();
    assertThat(spec.description()).isNull();
    assertThat(spec.flows())
        .containsExactly(
            new FlowSpec(
                "items",
                new FromSpec.Table("app", "items"),
                null,
                List.of(),
                new ToSpec("out", null, null, List.of(), Map.of(), List.of()),
                ChecksSpec.NONE));
  }

  @Test
  void toSpecBuildsTheTargetTableDefinition() throws Exception {
    TableDef t = full().flows().get(0).to().tableDef("items");
    assertThat(t)
        .isEqualTo(
            new TableDef(
                "items",
                List.of(
                    new ColumnDef("id", "text", false, null),
                    new ColumnDef("user_id", "TEXT", false, null),
                    new ColumnDef("price", "numeric(10, 2)", true, null),
                    new ColumnDef("created_at", "timestamp with time zone", true, null)),
                List.of("id"),
                List.of(
                    new IndexDef("items_user_id_idx", List.of("user_id"), false),
                    new IndexDef("items_user_created", List.of("user_id", "created_at"), true))));
  }

  @Test
  void stepSpecsAreUnmodifiableAndSerializable() throws Exception {
    StepSpec cast = full().flows().get(0).steps().get(1);
    assertThatThrownBy(() -> cast.args().put("x", 1))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> ((List<?>) cast.args().get("formats")).clear())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(cast.build().label()).isNotBlank();
    try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
      out.writeObject(cast);
    }
  }

  @Test
  void stepArgumentsBecomePlainJavaValues(@TempDir Path dir) throws Exception {
    Map<String, Object> args =
        loadOneStep(
            dir,
            "{ s: \"${env:HOME_DIR}/x\", i: 0x10, f: 1.5, b: yes, n: ~, t: 2024-05-01,"
                + " l: [1, two], m: { k: v }, lit: \"$${x}\" }");
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("s", "/home/me/x");
    expected.put("i", 16L);
    expected.put("f", 1.5);
    expected.put("b", true);
    expected.put("n", null);
    expected.put("t", "2024-05-01");
    expected.put("l", List.of(1L, "two"));
    expected.put("m", Map.of("k", "v"));
    expected.put("lit", "${x}");
    assertThat(args).containsExactlyEntriesOf(expected);
  }

  /** Loads a one-flow spec whose only step is {@code set: <args>}; Steps must accept it. */
  private static Map<String, Object> loadOneStep(Path dir, String args) throws Exception {
    Path file = dir.resolve("spec.yaml");
    Files.writeString(
        file,
        String.join(
            "\n",
            "version: 1",
            "name: args",
            "sources: { app: { type: sqlite, path: app.db } }",
            "targets: { out: { type: jsonl, path: out } }",
            "flows:",
            "  - name: items",
            "    from: { source: app, table: items }",
            "    steps:",
            "      - set: { field: f, value: " + args + " }",
            "    to: { target: out }",
            ""));
    Spec spec = SpecLoader.load(file, Map.of(), Map.of("HOME_DIR", "/home/me"));
    @SuppressWarnings("unchecked")
    Map<String, Object> value =
        (Map<String, Object>) spec.flows().get(0).steps().get(0).args().get("value");
    return value;
  }

  @Test
  void mergeKeysShareSettings(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("spec.yaml");
    Files.writeString(
        file,
        String.join(
            "\n",
            "version: 1",
            "name: merge",
            "sources:",
            "  a: &pg { type: postgres, url: \"jdbc:postgresql://h/db\", user: u }",
            "  b: { <<: *pg, schema: other }",
            "targets: { out: { type: jsonl, path: out } }",
            "flows:",
            "  - { name: f, from: { source: b, table: t }, to: { target: out } }",
            ""));
    Spec spec = SpecLoader.load(file, Map.of(), Map.of());
    assertThat(spec.source("b"))
        .isEqualTo(
            new SourceSpec.Postgres(
                "b", new JdbcEndpoint("jdbc:postgresql://h/db", "u", null, "other")));
  }

  @Test
  void globalTagsAreRefusedByTheParser(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("spec.yaml");
    Files.writeString(
        file,
        "version: 1\nname: !!javax.script.ScriptEngineManager [!!java.net.URL [\"http://x/\"]]\n");
    assertThatThrownBy(() -> SpecLoader.load(file, Map.of(), Map.of()))
        .isInstanceOf(SpecException.class)
        .hasMessage(
            file
                + ":2: invalid YAML: Global tag is not allowed:"
                + " tag:yaml.org,2002:javax.script.ScriptEngineManager");
  }

  @Test
  void nonPlainTagsAreRejected(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("spec.yaml");
    Files.writeString(file, "version: 1\nname: !local x\ndescription: !!binary aGk=\n");
    assertThatThrownBy(() -> SpecLoader.load(file, Map.of(), Map.of()))
        .isInstanceOf(SpecException.class)
        .hasMessage(
            file + ":2: unsupported tag '!local'\n" + file + ":3: unsupported tag '!!binary'");
  }

  @Test
  void duplicateKeysAndUnterminatedReferencesAreReported(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("spec.yaml");
    Files.writeString(
        file,
        String.join(
            "\n",
            "version: 1",
            "name: dup",
            "name: dup2",
            "sources: { app: { type: sqlite, path: \"${oops\" } }",
            "targets: { out: { type: jsonl, path: \"${nope}\" } }",
            "flows:",
            "  - { name: f, from: { source: app, table: t }, to: { target: out } }",
            ""));
    assertThatThrownBy(() -> SpecLoader.load(file, Map.of(), Map.of()))
        .isInstanceOf(SpecException.class)
        .hasMessage(
            String.join(
                "\n",
                file + ":3: name: duplicate key 'name' (first at line 2)",
                file + ":4: sources.app.path: unterminated '${' (write '$${' for a literal '${')",
                file + ":5: targets.out.path: unknown param 'nope' (declared: none)"));
  }

  @Test
  void sqliteTargetAndMergeRulesLoadIntoTheModel() throws Exception {
    Path file = Path.of("src/test/resources/specs/merge.yaml");
    Spec spec = SpecLoader.load(file, Map.of(), Map.of());
    Path dir = file.toAbsolutePath().getParent();
    assertThat(spec.target("unified"))
        .isEqualTo(
            new TargetSpec.Sqlite("unified", dir.resolve("data/unified.sqlite"), false, true));
    assertThat(spec.flows().get(0).to())
        .isEqualTo(new ToSpec("unified", null, null, List.of(), Map.of(), List.of()));
    assertThat(spec.flows().get(1).to())
        .isEqualTo(
            new ToSpec(
                "unified", null, null, List.of(), Map.of(), List.of(), "mem_", Map.of(), null));
    assertThat(spec.flows().get(1).to().targetTableFor("writes")).isEqualTo("mem_writes");
    assertThat(spec.flows().get(2).to().rename())
        .containsExactly(Map.entry("writes", "memory_writes"));
    assertThat(spec.flows().get(2).to().targetTableFor("writes")).isEqualTo("memory_writes");
    assertThat(spec.flows().get(3).to().mode()).isEqualTo(ToSpec.Mode.APPEND);
    assertThat(spec.flows().get(3).to().onConflict()).isEqualTo(ToSpec.OnConflict.SKIP);
  }
}
