package dev.ferry.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.report.Check;
import dev.ferry.report.FlowReport;
import dev.ferry.report.RunReport;
import dev.ferry.spec.Spec;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real SQLite databases made by others (../shared/testdata, read in place) merged into one SQLite
 * file: Northwind with pgloader's type-oddity database (no collision), and the two Chinooks (eleven
 * same-named tables with different rows), refused by default and merged with a prefix.
 */
class SqliteMergeCorporaIT {
  @TempDir Path tmp;

  private Spec spec(String file, Map<String, String> params) throws Exception {
    return Runs.load(TestDb.repoRoot().resolve("pipelines/src/test/resources/it/" + file), params);
  }

  private static void assertFingerprintsEqual(RunReport r) {
    for (FlowReport f : r.flows()) {
      assertThat(f.read()).as(f.name()).isEqualTo(f.written());
      Check fp =
          f.checks().stream()
              .filter(c -> c.name().equals("fingerprints"))
              .findFirst()
              .orElseThrow();
      assertThat(fp.passed()).as(fp.detail()).isTrue();
      assertThat(fp.detail()).contains(": " + f.read() + " equal in sqlite unified.");
    }
  }

  @Test
  void northwindAndPgloaderSqliteDbMergeExactly() throws Exception {
    Path northwind = TestDb.testdata("northwind_jpwhite3/northwind.db");
    Path oddities = TestDb.testdata("pgloader/test/sqlite/sqlite.db");
    Path unified = tmp.resolve("unified.db");
    RunReport r =
        Runs.run(
            spec(
                "merge-two.yaml",
                Map.of(
                    "a",
                    northwind.toString(),
                    "b",
                    oddities.toString(),
                    "unified",
                    unified.toString())),
            tmp.resolve("run"));

    assertThat(r.reasons()).isEmpty();
    assertFingerprintsEqual(r);
    assertThat(r.flow("first.Order Details").written()).isEqualTo(2155);
    assertThat(r.flow("first.Orders").written()).isEqualTo(830);

    List<String> schema = new ArrayList<>(SqliteDump.schema(northwind));
    schema.addAll(SqliteDump.schema(oddities));
    assertThat(SqliteDump.schema(unified)).containsExactlyInAnyOrderElementsOf(schema);
    assertThat(SqliteDump.count(unified, "SELECT count(*) FROM sqlite_master WHERE type = 'view'"))
        .isEqualTo(17);
    for (Path source : List.of(northwind, oddities)) {
      for (String t : SqliteDump.tables(source)) {
        assertThat(SqliteDump.rows(unified, t))
            .as(t)
            .containsExactlyElementsOf(SqliteDump.rows(source, t));
      }
    }
    // the JPEG BLOB of pgloader's blobs table, byte for byte
    assertThat(blobSha(unified, "SELECT data FROM blobs"))
        .isEqualTo(blobSha(oddities, "SELECT data FROM blobs"));
    assertThat(SqliteDump.count(unified, "SELECT length(data) FROM blobs")).isEqualTo(28972);
    // a DATETIME column holding integers and text keeps both
    assertThat(SqliteDump.rows(unified, "stamps")).isEqualTo(SqliteDump.rows(oddities, "stamps"));
  }

  private static String blobSha(Path db, String sql) throws Exception {
    try (Connection c = SqliteDump.open(db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      while (rs.next()) {
        d.update(rs.getBytes(1));
      }
      return HexFormat.of().formatHex(d.digest());
    }
  }

  @Test
  void twoChinooksAreRefusedByDefaultNamingBothFilesAndTheTable() throws Exception {
    Path pgloader = TestDb.testdata("pgloader/test/sqlite/Chinook_Sqlite.sqlite");
    Path lerocha = TestDb.testdata("chinook_lerocha/Chinook_Sqlite.sqlite");
    Path unified = tmp.resolve("unified.db");
    Spec spec =
        spec(
            "merge-two.yaml",
            Map.of(
                "a", pgloader.toString(), "b", lerocha.toString(), "unified", unified.toString()));

    assertThatThrownBy(() -> Runs.run(spec, tmp.resolve("run"), tmp.resolve("backups")))
        .isInstanceOf(PlanException.class)
        .hasMessage(
            "table 'Album' is in both "
                + pgloader
                + " (flow 'first.Album') and "
                + lerocha
                + " (flow 'second.Album'), and both would go into target 'unified' — nothing was"
                + " written. Say what to do in the spec: to.prefix or to.rename on one flow, or"
                + " mode: append with on_conflict: fail, skip or replace");
    assertThat(unified).doesNotExist();
    assertThat(tmp.resolve("backups")).doesNotExist();
  }

  @Test
  void twoChinooksMergeWithAPrefixRule() throws Exception {
    Path pgloader = TestDb.testdata("pgloader/test/sqlite/Chinook_Sqlite.sqlite");
    Path lerocha = TestDb.testdata("chinook_lerocha/Chinook_Sqlite.sqlite");
    Path unified = tmp.resolve("unified.db");
    RunReport r =
        Runs.run(
            spec(
                "merge-prefix.yaml",
                Map.of(
                    "a", pgloader.toString(),
                    "b", lerocha.toString(),
                    "unified", unified.toString(),
                    "prefix", "lerocha_")),
            tmp.resolve("run"));

    assertThat(r.reasons()).isEmpty();
    assertFingerprintsEqual(r);
    List<String> tables = SqliteDump.tables(pgloader);
    assertThat(tables).hasSize(11);
    List<String> expected = new ArrayList<>(tables);
    for (String t : SqliteDump.tables(lerocha)) {
      expected.add("lerocha_" + t);
    }
    assertThat(SqliteDump.tables(unified)).containsExactlyElementsOf(expected);
    for (String t : tables) {
      assertThat(SqliteDump.rows(unified, t))
          .as(t)
          .containsExactlyElementsOf(SqliteDump.rows(pgloader, t));
      assertThat(SqliteDump.rows(unified, "lerocha_" + t))
          .as("lerocha_" + t)
          .containsExactlyElementsOf(SqliteDump.rows(lerocha, t));
    }
    // same names, different rows (the invoice dates differ): the merge kept both
    assertThat(SqliteDump.rows(unified, "Invoice"))
        .isNotEqualTo(SqliteDump.rows(unified, "lerocha_Invoice"));
    assertThat(SqliteDump.rows(unified, "Track"))
        .isNotEqualTo(SqliteDump.rows(unified, "lerocha_Track"));
    // the first side's schema is untouched; the second's is renamed by SQLite, references too
    assertThat(SqliteDump.schema(unified)).containsAll(SqliteDump.schema(pgloader));
    String album = sql(unified, "lerocha_Album");
    assertThat(album)
        .isEqualTo(
            sql(lerocha, "Album")
                .replace("[Album]", "\"lerocha_Album\"")
                .replace("REFERENCES [Artist]", "REFERENCES \"lerocha_Artist\""));
    assertThat(sql(unified, "lerocha_IFK_AlbumArtistId"))
        .isEqualTo("CREATE INDEX \"lerocha_IFK_AlbumArtistId\" ON \"lerocha_Album\" ([ArtistId])");
  }

  private static String sql(Path db, String name) throws Exception {
    try (Connection c = SqliteDump.open(db);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT sql FROM sqlite_master WHERE name = '" + name + "'")) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  private RunReport append(Path unified, String policy, String run) throws Exception {
    Map<String, String> params =
        Map.of(
            "a", TestDb.testdata("pgloader/test/sqlite/Chinook_Sqlite.sqlite").toString(),
            "b", TestDb.testdata("chinook_lerocha/Chinook_Sqlite.sqlite").toString(),
            "unified", unified.toString(),
            "table", "Invoice",
            "policy", policy);
    return Runs.run(spec("merge-append-one.yaml", params), tmp.resolve(run));
  }

  @Test
  void sameTableAppendedWithEachConflictPolicy() throws Exception {
    Path pgloader = TestDb.testdata("pgloader/test/sqlite/Chinook_Sqlite.sqlite");
    Path lerocha = TestDb.testdata("chinook_lerocha/Chinook_Sqlite.sqlite");
    List<String> first = SqliteDump.rows(pgloader, "Invoice");
    List<String> second = SqliteDump.rows(lerocha, "Invoice");
    List<String> conflicting = new ArrayList<>();
    List<String> mixed = new ArrayList<>();
    for (int i = 0; i < first.size(); i++) {
      if (!first.get(i).equals(second.get(i))) {
        conflicting.add("InvoiceId=" + (i + 1));
      }
      mixed.add(first.get(i).equals(second.get(i)) ? first.get(i) : second.get(i));
    }
    assertThat(conflicting).isNotEmpty();
    int n = conflicting.size();
    conflicting.sort(null);

    // skip: the first side's rows stay, the conflicting keys are listed
    Path skipped = tmp.resolve("skip.db");
    RunReport r = append(skipped, "skip", "run-skip");
    assertThat(r.reasons()).isEmpty();
    FlowReport f = r.flow("second");
    assertThat(f.read()).isEqualTo(412);
    assertThat(f.routed()).isEqualTo(n);
    assertThat(f.written()).isEqualTo(412 - n);
    List<String> listed = new ArrayList<>();
    conflicting.forEach(k -> listed.add(k + " (skipped)"));
    assertThat(check(f, "key conflicts"))
        .isEqualTo(
            n
                + " row(s) met an existing row with the same key in table 'Invoice' (on_conflict:"
                + " skip): "
                + String.join("; ", listed));
    assertThat(SqliteDump.rows(skipped, "Invoice")).containsExactlyElementsOf(first);

    // replace: the second side's rows win for those keys
    Path replaced = tmp.resolve("replace.db");
    r = append(replaced, "replace", "run-replace");
    assertThat(r.reasons()).isEmpty();
    assertThat(r.flow("second").written()).isEqualTo(412);
    assertThat(check(r.flow("second"), "key conflicts")).contains("(on_conflict: replace)");
    assertThat(SqliteDump.rows(replaced, "Invoice")).containsExactlyElementsOf(mixed);
    assertThat(check(r.flow("first"), "fingerprints"))
        .contains(n + " conflicting keys kept as the policy says");

    // fail: the run fails naming the keys
    r = append(tmp.resolve("fail.db"), "fail", "run-fail");
    assertThat(r.verdict()).isEqualTo("FAIL");
    assertThat(r.failure())
        .contains(
            "table 'Invoice': "
                + n
                + " row(s) have the key of an existing row with other values (on_conflict: fail): ");
  }

  private static String check(FlowReport f, String name) {
    return f.checks().stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError(f.name() + " has no check " + name + ": " + f.checks()))
        .detail();
  }
}
