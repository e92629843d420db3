package dev.ferry.pipeline;

import dev.ferry.io.schema.TableDef;
import dev.ferry.io.sqlite.SqliteDdl;
import dev.ferry.io.sqlite.SqliteSchema;
import dev.ferry.io.sqlite.SqliteTableScan;
import dev.ferry.io.sqlite.TableInfo;
import dev.ferry.record.Record;
import dev.ferry.record.RecordJson;
import dev.ferry.report.Check;
import dev.ferry.report.FlowReport;
import dev.ferry.spec.FlowSpec;
import dev.ferry.spec.FromSpec;
import dev.ferry.spec.SourceSpec;
import dev.ferry.spec.Spec;
import dev.ferry.spec.TargetSpec;
import dev.ferry.spec.ToSpec;
import dev.ferry.validate.Fingerprint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything particular to SQLite targets, which merge SQLite databases into one file with their
 * schema as it was: planning a flow (one plan per table, the source's own {@code CREATE} text,
 * renamed by the flow's {@code prefix}/{@code rename}), refusing name collisions before anything is
 * written, creating the schema before the pipeline (one transaction per target), creating triggers
 * after the rows are written (so they do not fire during the copy), and comparing every source
 * table with its target table by per-row fingerprints.
 *
 * <pre>{@code
 * List<FlowPlan> plans = SqliteTargets.planFlow(spec, flow);
 * plans = SqliteTargets.checkCollisions(plans);
 * SqliteTargets.prepare(plans, true, actions);
 * ... run the pipeline ...
 * SqliteTargets.createTriggers(plans);
 * SqliteTargets.verify(plans, reports, runDir);
 * }</pre>
 */
final class SqliteTargets {
  private SqliteTargets() {}

  // ---- planning ----

  static List<FlowPlan> planFlow(Spec spec, FlowSpec flow) {
    SourceSpec source = spec.source(flow.from().source());
    TargetSpec.Sqlite target = (TargetSpec.Sqlite) spec.target(flow.to().target());
    if (!(source instanceof SourceSpec.Sqlite)) {
      throw new PlanException(
          "flow '" + flow.name() + "': a sqlite target copies tables from sqlite sources only");
    }
    Path file = ((SourceSpec.Sqlite) source).path();
    if (!Files.isRegularFile(file)) {
      throw new PlanException(
          "source '" + source.name() + "': SQLite database file not found: " + file);
    }
    ToSpec to = flow.to();
    List<TableDef> all = SqliteSchema.tables(file);
    Map<String, TableDef> byName = new LinkedHashMap<>();
    all.forEach(t -> byName.put(t.name(), t));
    List<TableDef> chosen = new ArrayList<>();
    boolean many = flow.from() instanceof FromSpec.Tables;
    if (many) {
      FromSpec.Tables ts = (FromSpec.Tables) flow.from();
      if (ts.all()) {
        chosen.addAll(all);
      } else {
        for (String n : ts.names()) {
          chosen.add(SourceTables.named(byName, n, flow, source));
        }
      }
      for (String x : ts.exclude()) {
        SourceTables.named(byName, x, flow, source);
      }
      chosen.removeIf(t -> ts.exclude().contains(t.name()));
    } else {
      chosen.add(SourceTables.named(byName, ((FromSpec.Table) flow.from()).table(), flow, source));
    }
    Map<String, String> renames = new LinkedHashMap<>();
    for (String r : to.rename().keySet()) {
      if (chosen.stream().noneMatch(t -> t.name().equals(r))) {
        throw new PlanException(
            "flow '"
                + flow.name()
                + "': rename names table '"
                + r
                + "', which the flow does not copy from "
                + file);
      }
    }
    Map<String, String> targetNames = new LinkedHashMap<>();
    for (TableDef t : chosen) {
      String tn = many ? to.targetTableFor(t.name()) : to.table() != null ? to.table() : t.name();
      targetNames.put(t.name(), tn);
      if (!tn.equals(t.name())) {
        renames.put(t.name(), tn);
      }
    }
    Set<String> chosenLower = new LinkedHashSet<>();
    chosen.forEach(t -> chosenLower.add(t.name().toLowerCase(Locale.ROOT)));
    List<SqliteDdl.SchemaObject> objects = new ArrayList<>();
    for (SqliteDdl.SchemaObject o : SqliteDdl.objects(file)) {
      boolean ofChosen = chosenLower.contains(o.table().toLowerCase(Locale.ROOT));
      boolean keep =
          switch (o.type()) {
            case "table", "index" -> ofChosen;
            case "trigger" -> ofChosen && target.triggers();
            case "view" -> many && target.views();
            default -> false;
          };
      if (keep) {
        objects.add(o);
      }
    }
    try {
      objects = SqliteDdl.renamed(objects, renames, many ? to.prefix() : "");
    } catch (IllegalArgumentException e) {
      throw new PlanException("flow '" + flow.name() + "': " + e.getMessage(), e);
    }
    boolean append = to.mode() == ToSpec.Mode.APPEND;
    ToSpec.Mode mode = to.mode() != null ? to.mode() : ToSpec.Mode.UPSERT;
    List<FlowPlan> out = new ArrayList<>();
    for (TableDef t : chosen) {
      String tn = targetNames.get(t.name());
      String planName = many ? flow.name() + "." + t.name() : flow.name();
      TableInfo info = SqliteSchema.info(file, t.name());
      boolean carry =
          !append
              && info.rowidTable()
              && info.rowidAlias().isEmpty()
              && t.column("rowid").isEmpty()
              && info.rowidName().equals(Optional.of("rowid"));
      List<String> key;
      if (flow.key() != null && !flow.key().isEmpty()) {
        key = flow.key();
      } else if (append) {
        key = t.primaryKey();
        if (key.isEmpty()) {
          throw new PlanException(
              "flow '"
                  + planName
                  + "': mode append needs a key to find conflicts, and table '"
                  + t.name()
                  + "' of "
                  + file
                  + " has no primary key (give the flow a key)");
        }
      } else if (info.rowidAlias().isPresent()) {
        key = List.of(info.rowidAlias().get());
      } else if (carry) {
        key = List.of("rowid");
      } else if (!t.primaryKey().isEmpty()) {
        key = t.primaryKey();
      } else {
        throw new PlanException(
            "flow '"
                + planName
                + "': table '"
                + t.name()
                + "' of "
                + file
                + " has no primary key and its rowid cannot be selected");
      }
      List<SqliteDdl.SchemaObject> own = new ArrayList<>();
      for (SqliteDdl.SchemaObject o : objects) {
        if (!o.type().equals("view") && o.table().equalsIgnoreCase(tn)) {
          own.add(o);
        }
      }
      if (out.isEmpty()) {
        objects.stream().filter(o -> o.type().equals("view")).forEach(own::add);
      }
      ToSpec.OnConflict policy =
          append ? (to.onConflict() != null ? to.onConflict() : ToSpec.OnConflict.FAIL) : null;
      out.add(
          new FlowPlan(
              planName,
              source,
              t.name(),
              null,
              null,
              key,
              List.of(),
              target,
              t.withName(tn),
              mode,
              flow.checks(),
              new SqliteCopy(carry, true, own, policy, List.of())));
    }
    return out;
  }

  /**
   * Refuses two flows writing one table of a SQLite target unless the later ones append, and two
   * schema objects of one name from different files; marks the first flow of each table as the one
   * that creates it and the others as appending after it.
   */
  static List<FlowPlan> checkCollisions(List<FlowPlan> plans) {
    List<FlowPlan> out = new ArrayList<>(plans);
    Map<String, List<Integer>> byTable = new LinkedHashMap<>();
    for (int i = 0; i < plans.size(); i++) {
      FlowPlan p = plans.get(i);
      if (p.sqlite() != null) {
        byTable
            .computeIfAbsent(
                p.target().name() + "\u0000" + p.targetTable().name().toLowerCase(Locale.ROOT),
                k -> new ArrayList<>())
            .add(i);
      }
    }
    for (List<Integer> group : byTable.values()) {
      FlowPlan first = plans.get(group.get(0));
      List<String> before = new ArrayList<>();
      for (int j = 0; j < group.size(); j++) {
        FlowPlan p = plans.get(group.get(j));
        if (j > 0) {
          if (p.mode() != ToSpec.Mode.APPEND) {
            throw new PlanException(collision("table", first, p, first.targetTable().name()));
          }
          Set<String> a = lower(first.targetTable().columnNames());
          Set<String> b = lower(p.targetTable().columnNames());
          if (!a.equals(b)) {
            throw new PlanException(
                "flow '"
                    + p.name()
                    + "' appends to table '"
                    + first.targetTable().name()
                    + "' as created from "
                    + file(first)
                    + ", but its columns "
                    + p.targetTable().columnNames()
                    + " in "
                    + file(p)
                    + " are not "
                    + first.targetTable().columnNames()
                    + " — nothing was written");
          }
        }
        out.set(group.get(j), p.withSqlite(p.sqlite().withOrder(j == 0, before)));
        before.add(p.name());
      }
    }
    Map<String, FlowPlan> owners = new HashMap<>();
    Map<String, String> names = new HashMap<>();
    for (FlowPlan p : out) {
      if (p.sqlite() == null) {
        continue;
      }
      for (SqliteDdl.SchemaObject o : p.sqlite().objects()) {
        String k = p.target().name() + "\u0000" + o.name().toLowerCase(Locale.ROOT);
        FlowPlan prev = owners.putIfAbsent(k, p);
        if (prev != null && prev != p) {
          throw new PlanException(collision(o.type(), prev, p, o.name()));
        }
        names.put(k, o.name());
      }
    }
    return out;
  }

  private static String collision(String what, FlowPlan a, FlowPlan b, String name) {
    return what
        + " '"
        + name
        + "' is in both "
        + file(a)
        + " (flow '"
        + a.name()
        + "') and "
        + file(b)
        + " (flow '"
        + b.name()
        + "'), and both would go into target '"
        + a.target().name()
        + "' — nothing was written. Say what to do in the spec: to.prefix or to.rename on one"
        + " flow, or mode: append with on_conflict: fail, skip or replace";
  }

  private static Path file(FlowPlan p) {
    return ((SourceSpec.Sqlite) p.source()).path();
  }

  private static Set<String> lower(List<String> names) {
    Set<String> out = new LinkedHashSet<>();
    names.forEach(n -> out.add(n.toLowerCase(Locale.ROOT)));
    return out;
  }

  // ---- preparing the target ----

  /**
   * Creates every SQLite target's tables, indexes and views (triggers are created by {@link
   * #createTriggers} after the writes; existing ones are dropped here so they do not fire), in one
   * transaction per target, and empties {@code replace} tables. An object that exists with the same
   * SQL is kept (a re-run); with other SQL the run is refused. With {@code write} false, only says
   * what it would do.
   */
  static void prepare(List<FlowPlan> plans, boolean write, List<String> actions) {
    for (Map.Entry<TargetSpec.Sqlite, List<FlowPlan>> e : byTarget(plans).entrySet()) {
      TargetSpec.Sqlite target = e.getKey();
      Path path = target.path();
      boolean existed = Files.exists(path);
      if (!write) {
        for (FlowPlan p : e.getValue()) {
          for (SqliteDdl.SchemaObject o : p.sqlite().objects()) {
            actions.add(
                "target '"
                    + target.name()
                    + "': would create "
                    + o.type()
                    + " '"
                    + o.name()
                    + "'"
                    + (existed ? " unless it exists" : ""));
          }
        }
        continue;
      }
      List<String> done = new ArrayList<>();
      boolean ok = false;
      try (Connection c = SqliteDdl.openWritable(path);
          Statement s = c.createStatement()) {
        s.execute("BEGIN IMMEDIATE");
        try {
          for (String type : List.of("table", "index", "view", "trigger")) {
            for (FlowPlan p : e.getValue()) {
              for (SqliteDdl.SchemaObject o : p.sqlite().objects()) {
                if (o.type().equals(type)) {
                  prepareObject(c, target, o, done);
                }
              }
            }
          }
          for (FlowPlan p : e.getValue()) {
            if (p.sqlite().creates() && p.mode() == ToSpec.Mode.REPLACE) {
              SqliteDdl.deleteAll(c, p.targetTable().name());
              done.add("emptied table '" + p.targetTable().name() + "' (mode replace)");
            }
          }
          s.execute("COMMIT");
          ok = true;
        } finally {
          if (!ok) {
            s.execute("ROLLBACK");
          }
        }
      } catch (SQLException ex) {
        throw new PlanException(
            "target '"
                + target.name()
                + "' ("
                + path
                + "): "
                + ex.getMessage()
                + " — nothing was written",
            ex);
      } finally {
        if (!ok && !existed) {
          try {
            Files.deleteIfExists(path);
          } catch (IOException ignored) {
            // the refusal is the error worth reporting
          }
        }
      }
      for (String d : done) {
        actions.add("target '" + target.name() + "': " + d);
      }
    }
  }

  private static void prepareObject(
      Connection c, TargetSpec.Sqlite target, SqliteDdl.SchemaObject o, List<String> done)
      throws SQLException {
    Optional<String> existing = SqliteDdl.existing(c, o.type(), o.name());
    if (existing.isPresent() && !existing.get().equals(o.sql())) {
      throw new PlanException(
          "target '"
              + target.name()
              + "' ("
              + target.path()
              + ") already has "
              + o.type()
              + " '"
              + o.name()
              + "' defined otherwise: "
              + existing.get()
              + " — the source defines: "
              + o.sql()
              + " — nothing was written");
    }
    if (o.type().equals("trigger")) {
      if (existing.isPresent()) {
        SqliteDdl.dropTrigger(c, o.name());
      }
      return;
    }
    if (existing.isEmpty()) {
      SqliteDdl.create(c, o);
      done.add("created " + o.type() + " '" + o.name() + "'");
    }
  }

  /** Creates the triggers of every SQLite target, after the rows were written. */
  static void createTriggers(List<FlowPlan> plans, List<String> actions) {
    for (Map.Entry<TargetSpec.Sqlite, List<FlowPlan>> e : byTarget(plans).entrySet()) {
      List<SqliteDdl.SchemaObject> triggers = new ArrayList<>();
      for (FlowPlan p : e.getValue()) {
        p.sqlite().objects().stream()
            .filter(o -> o.type().equals("trigger"))
            .forEach(triggers::add);
      }
      if (triggers.isEmpty()) {
        continue;
      }
      try (Connection c = SqliteDdl.openWritable(e.getKey().path());
          Statement s = c.createStatement()) {
        s.execute("BEGIN IMMEDIATE");
        for (SqliteDdl.SchemaObject t : triggers) {
          SqliteDdl.create(c, t);
        }
        s.execute("COMMIT");
        actions.add(
            "target '" + e.getKey().name() + "': created " + triggers.size() + " trigger(s)");
      } catch (SQLException ex) {
        throw new PlanException(
            "target '" + e.getKey().name() + "': cannot create triggers: " + ex.getMessage(), ex);
      }
    }
  }

  private static Map<TargetSpec.Sqlite, List<FlowPlan>> byTarget(List<FlowPlan> plans) {
    Map<TargetSpec.Sqlite, List<FlowPlan>> out = new LinkedHashMap<>();
    for (FlowPlan p : plans) {
      if (p.sqlite() != null) {
        out.computeIfAbsent((TargetSpec.Sqlite) p.target(), k -> new ArrayList<>()).add(p);
      }
    }
    return out;
  }

  // ---- conflicts and verification ----

  /** The key conflicts a flow met, as {@code {table, key, action}} records from its file. */
  static List<Record> conflicts(Path runDir, String flow) {
    Path f = RunFiles.conflicts(runDir, flow);
    List<Record> out = new ArrayList<>();
    if (!Files.exists(f)) {
      return out;
    }
    try {
      for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          out.add(RecordJson.read(line));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.sort((x, y) -> String.valueOf(x.get("key")).compareTo(String.valueOf(y.get("key"))));
    return out;
  }

  /**
   * Compares every source table with its target table by per-row fingerprints (xxHash64 of each
   * value, storage class included) and adds a {@code fingerprints} check to each flow's report.
   * Keys another flow's conflicts account for (skipped here, or replaced by a later flow) are
   * counted apart; rows in a target table that no flow wrote make the creating flow's check fail.
   * Holds one hash per row in memory.
   */
  static void verify(List<FlowPlan> plans, Map<String, FlowReport> reports, Path runDir) {
    Map<String, List<FlowPlan>> byTable = new LinkedHashMap<>();
    for (FlowPlan p : plans) {
      if (p.sqlite() != null) {
        byTable
            .computeIfAbsent(
                p.target().name() + "\u0000" + p.targetTable().name().toLowerCase(Locale.ROOT),
                k -> new ArrayList<>())
            .add(p);
      }
    }
    for (List<FlowPlan> group : byTable.values()) {
      Set<String> allKeys = new java.util.HashSet<>();
      Map<String, Set<String>> replacedLater = new HashMap<>();
      for (FlowPlan p : group) {
        for (Record c : conflicts(runDir, p.name())) {
          if ("replaced".equals(c.get("action"))) {
            for (String earlier : p.sqlite().writtenBefore()) {
              replacedLater
                  .computeIfAbsent(earlier, k -> new java.util.HashSet<>())
                  .add((String) c.get("key"));
            }
          }
        }
      }
      Map<String, Long> targetRows = new HashMap<>();
      for (FlowPlan p : group) {
        FlowReport report = reports.get(p.name());
        Path sourceFile = file(p);
        Path targetFile = ((TargetSpec.Sqlite) p.target()).path();
        Map<String, String> src = hashes(sourceFile, p.sourceTable(), p);
        Map<String, String> tgt = hashes(targetFile, p.targetTable().name(), p);
        allKeys.addAll(src.keySet());
        if (targetRows.isEmpty()) {
          targetRows.put("rows", (long) tgt.size());
        }
        Set<String> expectedDiff = new java.util.HashSet<>();
        for (Record c : conflicts(runDir, p.name())) {
          if ("skipped".equals(c.get("action"))) {
            expectedDiff.add((String) c.get("key"));
          }
        }
        expectedDiff.addAll(replacedLater.getOrDefault(p.name(), Set.of()));
        long equal = 0;
        long missing = 0;
        long changed = 0;
        long accounted = 0;
        List<String> examples = new ArrayList<>();
        for (Map.Entry<String, String> e : src.entrySet()) {
          String t = tgt.get(e.getKey());
          if (t == null) {
            missing++;
            if (examples.size() < 5) {
              examples.add("missing " + e.getKey());
            }
          } else if (t.equals(e.getValue())) {
            equal++;
          } else if (expectedDiff.contains(e.getKey())) {
            accounted++;
          } else {
            changed++;
            if (examples.size() < 5) {
              examples.add("changed " + e.getKey());
            }
          }
        }
        long rejected = report == null ? 0 : report.rejected();
        boolean ok = missing == rejected && changed == 0;
        String detail =
            src.size()
                + " rows in "
                + p.sourceLabel()
                + ": "
                + equal
                + " equal in "
                + p.targetLabel()
                + ", "
                + missing
                + " missing"
                + (rejected > 0 ? " (" + rejected + " rejected)" : "")
                + ", "
                + changed
                + " changed"
                + (accounted > 0
                    ? ", " + accounted + " conflicting keys kept as the policy says"
                    : "")
                + (examples.isEmpty() ? "" : " — " + String.join("; ", examples));
        if (report != null) {
          report.addCheck(Check.of("fingerprints", ok, detail));
        }
      }
      FlowPlan creator = group.get(0);
      FlowReport report = reports.get(creator.name());
      Map<String, String> tgt =
          hashes(
              ((TargetSpec.Sqlite) creator.target()).path(), creator.targetTable().name(), creator);
      long extra = tgt.keySet().stream().filter(k -> !allKeys.contains(k)).count();
      if (report != null) {
        report.addCheck(
            Check.of(
                "target rows",
                extra == 0,
                "table '"
                    + creator.targetTable().name()
                    + "' has "
                    + tgt.size()
                    + " rows, "
                    + extra
                    + " of them from no source of this run"));
      }
    }
  }

  /** Key string to row hash for every row of a table, read as the flow reads its source. */
  private static Map<String, String> hashes(Path db, String table, FlowPlan p) {
    Map<String, String> out = new HashMap<>();
    List<String> columns = new ArrayList<>();
    for (var c : p.targetTable().columns()) {
      columns.add(c.name());
    }
    SqliteTableScan.scan(
        db,
        table,
        columns,
        p.sqlite().carryRowid(),
        r -> out.put(Fingerprint.keyString(r.project(p.key())), Fingerprint.rowHash(r)));
    return out;
  }
}
