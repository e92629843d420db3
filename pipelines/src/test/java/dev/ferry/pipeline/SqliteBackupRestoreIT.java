package dev.ferry.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.backup.BackupEntry;
import dev.ferry.backup.BackupException;
import dev.ferry.backup.Backups;
import dev.ferry.backup.Manifests;
import dev.ferry.examples.S3SampleData;
import dev.ferry.io.sqlite.SqliteFiles;
import dev.ferry.report.RunReport;
import dev.ferry.spec.Spec;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups and restores of scenario S3's files, and a source in WAL mode read while a writer holds
 * uncheckpointed rows in its {@code -wal} file.
 */
class SqliteBackupRestoreIT {
  @TempDir Path tmp;

  private Spec s3(Path app, Path memory, Path unified) throws Exception {
    return Runs.load(
        TestDb.repoRoot().resolve("examples/s3-unify/spec.yaml"),
        Map.of(
            "app_db", app.toString(),
            "checkpoint_db", memory.toString(),
            "unified_db", unified.toString()));
  }

  private static List<String> everyRow(Path db) throws Exception {
    List<String> out = new ArrayList<>(SqliteDump.schema(db));
    for (String t : SqliteDump.tables(db)) {
      out.add("-- " + t);
      out.addAll(SqliteDump.rows(db, t));
    }
    return out;
  }

  private static void scribble(Path file, long at, int n) throws Exception {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(at);
      for (int i = 0; i < n; i++) {
        f.write(0x5A);
      }
    }
  }

  @Test
  void backupThenCorruptedUnifiedFileThenRestoreGivesTheManifestsFilesBack() throws Exception {
    Path app = tmp.resolve("data/app.db");
    Path memory = tmp.resolve("data/memory.sqlite");
    Path unified = tmp.resolve("data/unified.sqlite");
    S3SampleData.writeApp(app, 12);
    S3SampleData.writeCheckpoints(memory, 4);
    Spec spec = s3(app, memory, unified);
    RunReport run = Runs.run(spec, tmp.resolve("run"), tmp.resolve("backups"));
    assertThat(run.reasons()).isEmpty();
    List<String> merged = everyRow(unified);

    Backups.Result b = Backups.create(spec, tmp.resolve("backups"), Instant.now());
    assertThat(b.folder().getFileName().toString()).matches("s3-unify-\\d{8}-\\d{6}(-\\d+)?");
    assertThat(b.folder()).isNotEqualTo(Path.of(run.backup()));
    List<BackupEntry> entries = Manifests.read(b.folder()).entries();
    assertThat(entries)
        .extracting(BackupEntry::role, BackupEntry::name, BackupEntry::file)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("source", "app", "source-app-app.db"),
            org.assertj.core.groups.Tuple.tuple("source", "memory", "source-memory-memory.sqlite"),
            org.assertj.core.groups.Tuple.tuple(
                "target", "unified", "target-unified-unified.sqlite"));
    assertThat(entries.get(2).tables())
        .containsExactly(
            Map.entry("llm_providers", 3L),
            Map.entry("users", 12L),
            Map.entry("conversations", 24L),
            Map.entry("messages", 72L),
            Map.entry("audit_log", 23L),
            Map.entry("checkpoints", 16L),
            Map.entry("writes", 48L));

    // the unified file is damaged, and a source too
    scribble(unified, 4096, 8192);
    scribble(app, 0, 16);
    assertThat(Manifests.sha256(unified)).isNotEqualTo(entries.get(2).sha256());

    List<String> done = Backups.restore(b.folder());
    assertThat(done).hasSize(3);
    assertThat(done.get(2))
        .startsWith(
            "restored "
                + unified
                + " from target-unified-unified.sqlite (sha256 "
                + entries.get(2).sha256());
    for (BackupEntry e : entries) {
      Path p = Path.of(e.location());
      assertThat(Manifests.sha256(p)).as(e.name()).isEqualTo(e.sha256());
      assertThat(SqliteFiles.integrityCheck(p)).isEqualTo("ok");
      assertThat(SqliteFiles.tableCounts(p)).isEqualTo(e.tables());
    }
    assertThat(everyRow(unified)).containsExactlyElementsOf(merged);

    // rollback of the merge: the run's own backup was taken before the unified file existed
    List<String> rolledBack = Backups.restore(Path.of(run.backup()));
    assertThat(rolledBack.get(2))
        .isEqualTo("removed " + unified + " (it did not exist when the backup was taken)");
    assertThat(unified).doesNotExist();
  }

  @Test
  void aTamperedBackupIsRefusedNamingTheFileAndNothingIsRestored() throws Exception {
    Path app = tmp.resolve("data/app.db");
    Path memory = tmp.resolve("data/memory.sqlite");
    Path unified = tmp.resolve("data/unified.sqlite");
    S3SampleData.writeApp(app, 5);
    S3SampleData.writeCheckpoints(memory, 2);
    Spec spec = s3(app, memory, unified);
    Backups.Result b = Backups.create(spec, tmp.resolve("backups"), Instant.now());
    BackupEntry mem = b.manifest().entries().get(1);

    Path copy = b.folder().resolve("source-memory-memory.sqlite");
    scribble(copy, 2048, 4);
    String tampered = Manifests.sha256(copy);
    scribble(app, 0, 16);
    String damagedApp = Manifests.sha256(app);

    assertThatThrownBy(() -> Backups.restore(b.folder()))
        .isInstanceOf(BackupException.class)
        .hasMessage(
            "backup file 'source-memory-memory.sqlite' does not match the manifest (sha256 "
                + tampered
                + ", the manifest says "
                + mem.sha256()
                + "): the backup was changed; nothing was restored");
    assertThat(Manifests.sha256(app)).isEqualTo(damagedApp);

    Files.delete(copy);
    assertThatThrownBy(() -> Backups.restore(b.folder()))
        .isInstanceOf(BackupException.class)
        .hasMessage(
            "backup file 'source-memory-memory.sqlite' is missing from "
                + b.folder()
                + "; nothing was restored");
  }

  @Test
  void aWalSourceWithUncheckpointedWritesArrivesWhole() throws Exception {
    Path wal = tmp.resolve("wal.db");
    Path other = tmp.resolve("other.db");
    Path unified = tmp.resolve("unified.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + other);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE other (id INTEGER PRIMARY KEY, v TEXT)");
      s.execute("INSERT INTO other VALUES (1, 'x')");
    }
    try (Connection writer = DriverManager.getConnection("jdbc:sqlite:" + wal);
        Statement s = writer.createStatement()) {
      s.execute("PRAGMA journal_mode=WAL");
      s.execute("PRAGMA wal_autocheckpoint=0");
      s.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, body TEXT NOT NULL, payload BLOB)");
      s.execute("INSERT INTO events (body, payload) VALUES ('checkpointed', x'00ff')");
      s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
      for (int i = 0; i < 50; i++) {
        s.execute("INSERT INTO events (body, payload) VALUES ('in the wal " + i + "', x'0001')");
      }
      // the writer stays open: 50 committed rows live only in the -wal file
      assertThat(Files.size(tmp.resolve("wal.db-wal"))).isGreaterThan(0);
      assertThat(SqliteDump.count(wal, "SELECT count(*) FROM events")).isEqualTo(51);

      RunReport r =
          Runs.run(
              Runs.load(
                  TestDb.repoRoot().resolve("pipelines/src/test/resources/it/merge-two.yaml"),
                  Map.of(
                      "a", wal.toString(), "b", other.toString(), "unified", unified.toString())),
              tmp.resolve("run"),
              tmp.resolve("backups"));

      assertThat(r.reasons()).isEmpty();
      assertThat(r.flow("first.events").read()).isEqualTo(51);
      assertThat(SqliteDump.rows(unified, "events"))
          .containsExactlyElementsOf(SqliteDump.rows(wal, "events"));
      assertThat(SqliteDump.rows(unified, "events"))
          .hasSize(51)
          .last()
          .isEqualTo("51|integer:51|text:in the wal 49|blob:x'0001'");
      // the online backup taken while the writer was open holds them too
      BackupEntry e = Manifests.read(Path.of(r.backup())).entries().get(0);
      assertThat(e.tables()).containsExactly(Map.entry("events", 51L));
    }
  }
}
