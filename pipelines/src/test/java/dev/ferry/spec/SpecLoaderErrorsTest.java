package dev.ferry.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecLoaderErrorsTest {
  private static final String DIR = "src/test/resources/specs/";

  private static String fail(String name, Map<String, String> sets, Map<String, String> env) {
    SpecException e =
        catchThrowableOfType(
            SpecException.class, () -> SpecLoader.load(Path.of(DIR + name), sets, env));
    assertThat(e).as("loading %s should fail", name).isNotNull();
    return e.getMessage();
  }

  private static String fail(String name) {
    return fail(name, Map.of(), Map.of());
  }

  @Test
  void unknownKeyIsNamedWithTheKnownOnes() {
    String f = DIR + "errors/unknown-key.yaml";
    assertThat(fail("errors/unknown-key.yaml"))
        .isEqualTo(
            f
                + ":4: sources.app.pth: unknown key 'pth' (known: type, path)\n"
                + f
                + ":4: sources.app.path: required field is missing");
  }

  @Test
  void missingRequiredFieldPointsAtItsMapping() {
    String f = DIR + "errors/missing-required.yaml";
    assertThat(fail("errors/missing-required.yaml"))
        .isEqualTo(f + ":8: flows[0].to: required field is missing");
  }

  @Test
  void badTypesAreReportedWithWhatWasFound() {
    String f = DIR + "errors/bad-type.yaml";
    assertThat(fail("errors/bad-type.yaml"))
        .isEqualTo(
            f
                + ":4: options.batch_size: expected an integer, got string 'abc'\n"
                + f
                + ":12: flows[0].key: expected a list, got integer 5");
  }

  @Test
  void unknownSourceAndTargetAreNamedWithTheKnownOnes() {
    String f = DIR + "errors/bad-reference.yaml";
    assertThat(fail("errors/bad-reference.yaml"))
        .isEqualTo(
            f
                + ":9: flows[0].from.source: unknown source 'ap' (known: app)\n"
                + f
                + ":10: flows[0].to.target: unknown target 'pg' (known: out)");
  }

  @Test
  void duplicateFlowNameNamesTheFirstLine() {
    String f = DIR + "errors/duplicate-flow.yaml";
    assertThat(fail("errors/duplicate-flow.yaml"))
        .isEqualTo(f + ":11: flows[1].name: duplicate flow name 'items' (first at line 8)");
  }

  @Test
  void requiredParamWithoutValueSaysHowToPassIt() {
    String f = DIR + "errors/required-param.yaml";
    assertThat(fail("errors/required-param.yaml"))
        .isEqualTo(
            f
                + ":4: params.user_id: required param 'user_id' has no value; pass --set user_id=value");
  }

  @Test
  void setForAnUndeclaredParamIsAnError() {
    String f = DIR + "minimal.yaml";
    assertThat(fail("minimal.yaml", Map.of("nope", "1"), Map.of()))
        .isEqualTo(f + ": --set nope: no such param (the spec declares none)");
    String p = DIR + "errors/required-param.yaml";
    assertThat(
            fail("errors/required-param.yaml", Map.of("user_id", "u1", "userid", "u1"), Map.of()))
        .isEqualTo(p + ": --set userid: no such param (declared: user_id)");
  }

  @Test
  void missingEnvironmentVariableNamesVariableAndField() {
    String f = DIR + "errors/env.yaml";
    assertThat(fail("errors/env.yaml", Map.of(), Map.of("FERRY_PG_URL", "jdbc:postgresql://h/db")))
        .isEqualTo(
            f + ":10: targets.pg.password: environment variable 'FERRY_PG_PASSWORD' is not set");
    assertThat(fail("errors/env.yaml"))
        .isEqualTo(
            f
                + ":8: targets.pg.url: environment variable 'FERRY_PG_URL' is not set\n"
                + f
                + ":10: targets.pg.password: environment variable 'FERRY_PG_PASSWORD' is not set");
  }

  @Test
  void badColumnDefinitionNamesTheWord() {
    String f = DIR + "errors/bad-column.yaml";
    assertThat(fail("errors/bad-column.yaml"))
        .isEqualTo(
            f
                + ":13: flows[0].to.columns.id: unknown word 'kye' in 'text primary kye'"
                + " (expected: not null, primary key)");
  }

  @Test
  void tableAndQueryTogetherAreRejected() {
    String f = DIR + "errors/table-and-query.yaml";
    assertThat(fail("errors/table-and-query.yaml"))
        .isEqualTo(
            f + ":12: flows[0].from: give only one of table, query, tables (found: table, query)");
  }

  @Test
  void stepErrorsFromStepsCreateGetFileLineAndPath() {
    String f = DIR + "errors/bad-step.yaml";
    assertThat(fail("errors/bad-step.yaml"))
        .isEqualTo(
            String.join(
                "\n",
                f
                    + ":12: flows[0].steps[1].cast: step 'cast': unknown argument 'fromat'"
                    + " (known: field, to, formats, zone, epoch, dimension)",
                f
                    + ":13: flows[0].steps[2].explode: unknown step 'explode'"
                    + " (known: set, rename, move, drop, default, drop-nulls, cast, where, reject, aggregate, keep)",
                f + ":14: flows[0].steps[3].set: expected a mapping of arguments, got a list",
                f
                    + ":15: flows[0].steps[4]: a step is a one-key mapping {kind: {args}},"
                    + " got 2 keys (drop, rename)"));
  }

  @Test
  void everyProblemIsReportedTogetherSortedByLine() {
    String f = DIR + "errors/many.yaml";
    assertThat(fail("errors/many.yaml", Map.of("regoin", "us"), Map.of()))
        .isEqualTo(
            String.join(
                "\n",
                f + ": --set regoin: no such param (declared: region)",
                f + ":1: version: unsupported version 2 (supported: 1)",
                f + ":2: name: invalid name 'many errors' (use letters, digits, '_', '.', '-')",
                f + ":6: options.batch_size: must be between 1 and 100000, got 0",
                f
                    + ":7: options.stritc: unknown key 'stritc'"
                    + " (known: batch_size, strict, parallelism)",
                f
                    + ":9: sources.app.type: unknown source type 'mysql'"
                    + " (known: sqlite, postgres, jsonl, chroma, mongodb, cosmos)",
                f + ":10: sources.files.path: required field is missing",
                f + ":13: targets.pg.migrations: required when create is flyway",
                f + ":14: targets.pg.url: environment variable 'FERRY_PG_URL' is not set",
                f + ":18: flows[0].from: one of table, query, tables is required",
                f
                    + ":19: flows[0].to.mode: unknown value 'merge'"
                    + " (known: upsert, replace, append)",
                f + ":20: flows[1].name: duplicate flow name 'items' (first at line 17)",
                f + ":21: flows[1].from.query: source 'files' is jsonl and cannot run a query",
                f + ":22: flows[1].to.table: required when from.query is used",
                f
                    + ":22: flows[1].to.columns.id: unknown word 'unique' in 'bigint unique'"
                    + " (expected: not null, primary key)"));
  }

  @Test
  void yamlSyntaxErrorHasItsLine() {
    String f = DIR + "errors/syntax.yaml";
    assertThat(fail("errors/syntax.yaml"))
        .isEqualTo(f + ":3: invalid YAML: mapping values are not allowed here");
  }

  @Test
  void missingFileIsReported() {
    assertThat(fail("no-such.yaml"))
        .isEqualTo(DIR + "no-such.yaml: cannot read the spec: no such file");
  }

  @Test
  void sqliteTargetAndMergeRulesAreChecked() {
    String f = DIR + "errors/merge.yaml";
    assertThat(fail("errors/merge.yaml"))
        .isEqualTo(
            f
                + ":7: targets.unified.colour: unknown key 'colour' (known: type, path, views, triggers)"
                + "\n"
                + f
                + ":7: targets.unified.views: expected true or false, got string 'maybe'"
                + "\n"
                + f
                + ":12: flows[0].to.prefix: only allowed with from.tables (use table: to name one table)"
                + "\n"
                + f
                + ":12: flows[0].to.on_conflict: only allowed with mode: append"
                + "\n"
                + f
                + ":15: flows[1].steps: not allowed: target 'unified' is sqlite, which copies tables as they are"
                + "\n"
                + f
                + ":17: flows[1].to.rename: give prefix or rename, not both"
                + "\n"
                + f
                + ":17: flows[1].to.on_conflict: unknown value 'sometimes' (known: fail, skip, replace)"
                + "\n"
                + f
                + ":17: flows[1].to.columns: not allowed: target 'unified' is sqlite, which copies tables as they are"
                + "\n"
                + f
                + ":20: flows[2].to.target: target 'unified' is sqlite, which copies tables as they are; source 'files' is jsonl"
                + "\n"
                + f
                + ":23: flows[3].to.on_conflict: only allowed with a sqlite target");
  }
}
