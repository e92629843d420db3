package dev.ferry.backup;

import dev.ferry.spec.SourceSpec;
import dev.ferry.spec.Spec;
import dev.ferry.spec.TargetSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Takes and restores backups of the databases a spec touches. {@link #create} copies every source
 * and target a {@link StoreBackup} knows (SQLite today) into {@code <root>/<spec>-<UTC time>/} with
 * a {@code manifest.json}; {@link #restore} first checks every copy against the manifest and
 * refuses, naming the file, if one is missing or changed (restoring nothing), then puts them back
 * and checks each result.
 *
 * <pre>{@code
 * Backups.Result b = Backups.create(spec, Path.of("backups"), Instant.now());
 * List<String> done = Backups.restore(b.folder());
 * }</pre>
 */
public final class Backups {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
  private static final Map<String, StoreBackup> STORES =
      Map.of(
          "sqlite", new SqliteBackup(), "mongodb", new MongoBackup(), "cosmos", new CosmosBackup());

  private Backups() {}

  /** A backup taken: its folder and manifest. */
  public record Result(Path folder, Manifests.Manifest manifest) {}

  /** The databases of a spec that a store can back up: sources first, then targets. */
  public static List<BackupItem> items(Spec spec) {
    List<BackupItem> out = new ArrayList<>();
    for (SourceSpec s : spec.sources().values()) {
      if (s instanceof SourceSpec.Sqlite) {
        out.add(
            new BackupItem(
                "sqlite", "source", s.name(), ((SourceSpec.Sqlite) s).path().toString()));
      }
    }
    for (SourceSpec s : spec.sources().values()) {
      if (s instanceof SourceSpec.Cosmos) {
        SourceSpec.Cosmos c = (SourceSpec.Cosmos) s;
        addOnce(out, CosmosBackup.item("source", s.name(), c.endpoint(), c.database()));
      }
    }
    for (TargetSpec t : spec.targets().values()) {
      if (t instanceof TargetSpec.Cosmos) {
        TargetSpec.Cosmos c = (TargetSpec.Cosmos) t;
        addOnce(out, CosmosBackup.item("target", t.name(), c.endpoint(), c.database()));
      }
    }
    for (TargetSpec t : spec.targets().values()) {
      if (t instanceof TargetSpec.Sqlite) {
        out.add(
            new BackupItem(
                "sqlite", "target", t.name(), ((TargetSpec.Sqlite) t).path().toString()));
      }
    }
    mongoItems(spec, out);
    return out;
  }

  /** MongoDB collections of the spec's sources, then targets; each collection once. */
  private static void mongoItems(Spec spec, List<BackupItem> out) {
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (SourceSpec s : spec.sources().values()) {
      if (s instanceof SourceSpec.Mongodb m) {
        String where = MongoBackup.location(m.uri().reveal(), m.database(), m.collection());
        if (seen.add(where)) {
          out.add(new BackupItem("mongodb", "source", s.name(), where));
        }
      }
    }
    for (TargetSpec t : spec.targets().values()) {
      if (t instanceof TargetSpec.Mongodb m) {
        String where = MongoBackup.location(m.uri().reveal(), m.database(), m.collection());
        if (seen.add(where)) {
          out.add(new BackupItem("mongodb", "target", t.name(), where));
        }
        for (String declared : m.collections().keySet()) {
          String at = MongoBackup.location(m.uri().reveal(), m.database(), declared);
          if (seen.add(at)) {
            out.add(new BackupItem("mongodb", "target", t.name(), at));
          }
        }
      }
    }
  }

  /** Adds a Cosmos DB database once, even when a spec reads and writes the same one. */
  private static void addOnce(List<BackupItem> items, BackupItem item) {
    for (BackupItem i : items) {
      if (i.store().equals(item.store()) && i.location().equals(item.location())) {
        return;
      }
    }
    items.add(item);
  }

  /** Backs up every item of the spec into a new timestamped folder under {@code root}. */
  public static Result create(Spec spec, Path root, Instant now) throws BackupException {
    List<BackupItem> items = items(spec);
    String base = spec.name() + "-" + STAMP.format(now);
    Path folder = root.resolve(base);
    try {
      Files.createDirectories(root);
      for (int i = 2; ; i++) {
        try {
          Files.createDirectory(folder);
          break;
        } catch (java.nio.file.FileAlreadyExistsException e) {
          folder = root.resolve(base + "-" + i);
        }
      }
      List<BackupEntry> entries = new ArrayList<>();
      for (BackupItem item : items) {
        entries.add(store(item.store()).backup(item, folder));
      }
      Manifests.Manifest m = new Manifests.Manifest(spec.name(), now.toString(), entries);
      Manifests.write(folder, m);
      return new Result(folder.toAbsolutePath(), m);
    } catch (IOException e) {
      throw new BackupException(
          "cannot write the backup into " + folder + ": " + e.getMessage(), e);
    }
  }

  /**
   * Checks every file of the backup against its manifest, then restores them all.
   *
   * @return one line per database saying what was done
   * @throws BackupException naming the file, if a copy is missing or changed (nothing restored), or
   *     if a restored file does not match the manifest
   */
  public static List<String> restore(Path folder) throws BackupException {
    Manifests.Manifest m = Manifests.read(folder);
    for (BackupEntry e : m.entries()) {
      store(e.store());
      if (!e.existed()) {
        continue;
      }
      Path f = folder.resolve(e.file());
      if (!Files.isRegularFile(f)) {
        throw new BackupException(
            "backup file '" + e.file() + "' is missing from " + folder + "; nothing was restored");
      }
      String sha;
      try {
        sha = Manifests.sha256(f);
      } catch (IOException ex) {
        throw new BackupException(
            "cannot read backup file '" + e.file() + "': " + ex.getMessage(), ex);
      }
      if (!sha.equals(e.sha256())) {
        throw new BackupException(
            "backup file '"
                + e.file()
                + "' does not match the manifest (sha256 "
                + sha
                + ", the manifest says "
                + e.sha256()
                + "): the backup was changed; nothing was restored");
      }
    }
    List<String> done = new ArrayList<>();
    for (BackupEntry e : m.entries()) {
      done.add(store(e.store()).restore(e, folder));
    }
    return done;
  }

  private static StoreBackup store(String type) throws BackupException {
    StoreBackup s = STORES.get(type);
    if (s == null) {
      throw new BackupException("no backup support for store '" + type + "'");
    }
    return s;
  }
}
