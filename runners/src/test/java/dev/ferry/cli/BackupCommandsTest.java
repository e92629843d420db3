package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry sample s3}, {@code ferry run} with its backup and {@code --no-backup}, {@code ferry
 * backup} and {@code ferry restore} (accepted, and refused for a tampered file) on the S3 example.
 */
class BackupCommandsTest {
  @TempDir Path tmp;

  private String[] args(String... head) {
    Path spec = Path.of("").toAbsolutePath().getParent().resolve("examples/s3-unify/spec.yaml");
    Path data = tmp.resolve("data");
    List<String> a = new java.util.ArrayList<>(List.of(head));
    a.add(1, spec.toString());
    a.addAll(
        List.of(
            "--set", "app_db=" + data.resolve("langgraph_agent.db"),
            "--set", "checkpoint_db=" + data.resolve("chatbot_memory.sqlite"),
            "--set", "unified_db=" + data.resolve("unified_app.sqlite")));
    return a.toArray(new String[0]);
  }

  @Test
  void runBacksUpFirstAndRestoreChecksTheManifest() throws Exception {
    Captured sample =
        Captured.run(
            () -> Ferry.execute("sample", "s3", tmp.resolve("data").toString(), "--rows", "100"));
    assertThat(sample.code()).isEqualTo(0);

    Captured run =
        Captured.run(
            () ->
                Ferry.execute(
                    args(
                        "run",
                        "--quiet",
                        "--run-dir",
                        tmp.resolve("run").toString(),
                        "--backup-dir",
                        tmp.resolve("backups").toString())));
    assertThat(run.code()).as(run.out() + run.err()).isEqualTo(0);
    assertThat(run.out()).contains("verdict: PASS");
    Path runBackup;
    try (Stream<Path> s = Files.list(tmp.resolve("backups"))) {
      runBackup = s.findFirst().orElseThrow();
    }
    assertThat(Files.readString(tmp.resolve("run/report.md")))
        .contains("| backup | `" + runBackup + "` |");

    Captured noBackup =
        Captured.run(
            () ->
                Ferry.execute(
                    args(
                        "run",
                        "--quiet",
                        "--no-backup",
                        "--run-dir",
                        tmp.resolve("run2").toString(),
                        "--backup-dir",
                        tmp.resolve("other-backups").toString())));
    assertThat(noBackup.code()).isEqualTo(0);
    assertThat(tmp.resolve("other-backups")).doesNotExist();

    Captured backup =
        Captured.run(
            () -> Ferry.execute(args("backup", "--backup-dir", tmp.resolve("b").toString())));
    assertThat(backup.code()).isEqualTo(0);
    Path folder;
    try (Stream<Path> s = Files.list(tmp.resolve("b"))) {
      folder = s.findFirst().orElseThrow();
    }
    assertThat(backup.out()).contains("backup: " + folder + "\n");
    assertThat(backup.out())
        .contains(
            "target unified: "
                + tmp.resolve("data/unified_app.sqlite")
                + " -> target-unified-unified_app.sqlite sha256 ");

    Captured restore = Captured.run(() -> Ferry.execute("restore", folder.toString()));
    assertThat(restore.code()).as(restore.err()).isEqualTo(0);
    assertThat(restore.out())
        .endsWith("restored: every file matches " + folder.resolve("manifest.json") + "\n");

    try (RandomAccessFile f =
        new RandomAccessFile(folder.resolve("target-unified-unified_app.sqlite").toFile(), "rw")) {
      f.seek(100);
      f.write(new byte[] {1, 2, 3});
    }
    Captured refused = Captured.run(() -> Ferry.execute("restore", folder.toString()));
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.err())
        .startsWith(
            "ferry: restore refused: backup file 'target-unified-unified_app.sqlite' does not match"
                + " the manifest (sha256 ");
    assertThat(refused.err()).endsWith("): the backup was changed; nothing was restored\n");
  }
}
