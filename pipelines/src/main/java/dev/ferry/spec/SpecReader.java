package dev.ferry.spec;

import dev.ferry.steps.Steps;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Turns the composed YAML tree of one spec file into a {@link Spec}, section by section, recording
 * every problem it finds instead of stopping at the first. Used by {@link SpecLoader}; returns null
 * when any problem was recorded.
 *
 * <pre>{@code
 * Spec spec = new SpecReader(problems, absoluteFile).read(root, sets, env);
 * }</pre>
 */
final class SpecReader {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");
  private static final List<String> TOP_KEYS =
      List.of(
          "version",
          "name",
          "description",
          "params",
          "options",
          "sources",
          "targets",
          "flows",
          "rollback");
  private static final List<String> ROLLBACK_KEYS = List.of("join", "steps", "to", "compare");
  private static final List<String> SIDE_KEYS = List.of("source", "key", "as");
  private static final List<String> PARAM_KEYS = List.of("default", "required", "description");
  private static final List<String> OPTION_KEYS = List.of("batch_size", "strict", "parallelism");
  private static final List<String> SOURCE_TYPES =
      List.of("sqlite", "postgres", "jsonl", "chroma", "mongodb", "cosmos");
  private static final List<String> TARGET_TYPES =
      List.of("postgres", "sqlite", "jsonl", "mongodb", "cosmos");
  private static final List<String> MONGO_KEYS = List.of("type", "uri", "database", "collection");
  private static final List<String> MONGO_TARGET_KEYS =
      List.of("type", "uri", "database", "collection", "collections");
  private static final List<String> MONGO_COLLECTION_KEYS = List.of("indexes");
  private static final List<String> SQLITE_TARGET_KEYS =
      List.of("type", "path", "views", "triggers");
  private static final List<String> FILE_KEYS = List.of("type", "path");
  private static final List<String> CHROMA_KEYS = List.of("type", "path", "url");
  private static final List<String> PG_SOURCE_KEYS =
      List.of("type", "url", "user", "password", "schema");
  private static final List<String> PG_TARGET_KEYS =
      List.of("type", "url", "user", "password", "schema", "create", "migrations");
  private static final List<String> CREATE_WORDS =
      List.of("auto", "spec", "source", "flyway", "none");
  private static final List<String> FLOW_KEYS =
      List.of("name", "from", "key", "steps", "to", "checks");
  private static final List<String> FROM_KEYS =
      List.of("source", "table", "query", "split_by", "tables", "exclude", "collection");
  private static final List<String> FROM_KINDS = List.of("table", "query", "tables");
  private static final List<String> TO_KEYS =
      List.of(
          "target",
          "table",
          "mode",
          "columns",
          "types",
          "indexes",
          "prefix",
          "rename",
          "on_conflict",
          "layout",
          "collection");
  private static final List<String> CONFLICT_WORDS = List.of("fail", "skip", "replace");
  private static final List<String> MODE_WORDS = List.of("upsert", "replace", "append");
  private static final List<String> INDEX_KEYS = List.of("columns", "unique", "name");
  private static final List<String> CHECK_KEYS =
      List.of("not_null", "json", "vectors", "sample", "nonempty");
  private static final List<String> VECTOR_CHECK_KEYS =
      List.of("k", "samples", "seed", "min_overlap", "max_p95_ms");
  private static final List<String> SAMPLE_KEYS = List.of("size", "seed");

  private final Problems problems;
  private final NodeReader r;
  private final Path file;
  private final Path directory;

  /** Source and target names and kinds as declared, valid or not (to avoid follow-on errors). */
  private final Map<String, String> sourceTypes = new LinkedHashMap<>();

  /** The collection of each MongoDB source, for flows that name none. */
  private final Map<String, String> mongoCollections = new LinkedHashMap<>();

  private final Map<String, TargetSpec.Create> targetCreate = new LinkedHashMap<>();
  private final Map<String, String> targetTypes = new LinkedHashMap<>();
  private final Map<String, Integer> flowLines = new HashMap<>();

  /** The kind (table, query, tables) of the flow being read, when exactly one was given. */
  private String fromKind;

  SpecReader(Problems problems, Path absoluteFile) {
    this.problems = problems;
    this.r = new NodeReader(problems);
    this.file = absoluteFile;
    this.directory = absoluteFile.getParent();
  }

  /** The spec, or null if any problem was recorded. */
  Spec read(Node root, Map<String, String> sets, Map<String, String> env) {
    if (!r.checkTags(root)) {
      return null;
    }
    YamlMap top = r.map(root, "");
    if (top == null) {
      return null;
    }
    top.allowOnly(TOP_KEYS);
    Map<String, ParamSpec> params = params(top, sets, env);
    Node version = top.required("version");
    if (version != null) {
      Long v = r.integer(version, "version");
      if (v != null && v != 1) {
        top.problem("version", "unsupported version " + v + " (supported: 1)");
      }
    }
    String name = name(top, "name");
    String description =
        top.has("description") ? r.string(top.value("description"), "description") : null;
    Options options = options(top);
    Map<String, SourceSpec> sources = sources(top);
    Map<String, TargetSpec> targets = targets(top);
    List<FlowSpec> flows = flows(top);
    RollbackSpec rollback = top.has("rollback") ? rollback(top) : null;
    if (!problems.isEmpty()) {
      return null;
    }
    return new Spec(1, name, description, params, options, sources, targets, flows, file, rollback);
  }

  // ---- params ----

  private Map<String, ParamSpec> params(
      YamlMap top, Map<String, String> sets, Map<String, String> env) {
    Map<String, ParamSpec> params = new LinkedHashMap<>();
    Map<String, String> values = new HashMap<>();
    Set<String> declared = new LinkedHashSet<>();
    Set<String> reported = new HashSet<>();
    YamlMap pm = top.map("params");
    if (pm != null) {
      for (String key : pm.keys()) {
        String path = pm.path(key);
        checkName(key, pm.keyNode(key), path);
        declared.add(key);
        Node v = pm.rawValue(key);
        String dflt = null;
        Node dfltNode = null;
        String dfltPath = path;
        boolean required = false;
        String description = null;
        if (v instanceof MappingNode) {
          YamlMap d = r.map(v, path);
          d.allowOnly(PARAM_KEYS);
          dfltNode = d.value("default");
          dfltPath = d.path("default");
          dflt = dfltNode == null ? null : r.literal(dfltNode, d.path("default"));
          Boolean req = d.bool("required", false);
          required = req != null && req;
          description =
              d.has("description")
                  ? r.literal(d.value("description"), d.path("description"))
                  : null;
          if (required && dflt != null) {
            d.problem("default", "a required param takes no default");
          }
        } else if (v instanceof ScalarNode && !v.getTag().equals(Tag.NULL)) {
          dfltNode = v;
          dflt = r.literal(v, path);
        } else if (!(v instanceof ScalarNode)) {
          problems.add(
              v,
              path,
              "expected a default value or a mapping {default, required, description}, got "
                  + NodeReader.describe(v));
        }
        if (dflt != null && dflt.contains("${")) {
          problems.add(
              dfltNode,
              dfltPath,
              "a param default is literal and cannot use '${'; use it in a field");
          dflt = null;
        }
        String value = sets.containsKey(key) ? sets.get(key) : dflt;
        if (value != null) {
          values.put(key, value);
        } else if (required) {
          problems.add(
              pm.keyNode(key),
              path,
              "required param '" + key + "' has no value; pass --set " + key + "=value");
          reported.add(key);
        }
        params.put(key, new ParamSpec(key, value, required, description));
      }
    }
    for (String key : new TreeSet<>(sets.keySet())) {
      if (!declared.contains(key)) {
        problems.add(
            0,
            "--set " + key,
            "no such param ("
                + (declared.isEmpty()
                    ? "the spec declares none"
                    : "declared: " + String.join(", ", declared))
                + ")");
      }
    }
    r.substitutor(new Substitutor(values, declared, reported, env, problems));
    return params;
  }

  // ---- options ----

  private Options options(YamlMap top) {
    YamlMap om = top.map("options");
    if (om == null) {
      return Options.DEFAULTS;
    }
    om.allowOnly(OPTION_KEYS);
    Long batch = om.integer("batch_size", 1, 100_000);
    Boolean strict = om.bool("strict", false);
    Long parallelism = om.integer("parallelism", 1, 100_000);
    return new Options(
        batch == null ? Options.DEFAULT_BATCH_SIZE : batch.intValue(),
        strict != null && strict,
        parallelism == null ? null : parallelism.intValue());
  }

  // ---- sources and targets ----

  private Map<String, SourceSpec> sources(YamlMap top) {
    Map<String, SourceSpec> out = new LinkedHashMap<>();
    YamlMap sm = namedSection(top, "sources", "source");
    if (sm == null) {
      return out;
    }
    for (String name : sm.keys()) {
      String path = sm.path(name);
      checkName(name, sm.keyNode(name), path);
      sourceTypes.put(name, null);
      YamlMap m = r.map(sm.rawValue(name), path);
      if (m == null) {
        continue;
      }
      String type = type(m, SOURCE_TYPES, "source");
      sourceTypes.put(name, type);
      if (type == null) {
        continue;
      }
      int before = problems.count();
      SourceSpec s = null;
      if (type.equals("cosmos")) {
        s = new CosmosSpecReader(r, problems).source(name, m);
      } else if (type.equals("sqlite") || type.equals("jsonl")) {
        m.allowOnly(FILE_KEYS);
        Path p = path(m, "path");
        if (p != null) {
          s =
              type.equals("sqlite")
                  ? new SourceSpec.Sqlite(name, p)
                  : new SourceSpec.Jsonl(name, p);
        }
      } else if (type.equals("chroma")) {
        m.allowOnly(CHROMA_KEYS);
        if (m.has("path") == m.has("url")) {
          problems.add(m.line(), path, "give exactly one of path (a persisted directory) or url");
        } else if (m.has("path")) {
          Path p = path(m, "path");
          s = p == null ? null : new SourceSpec.Chroma(name, p, null);
        } else {
          String url = m.requiredString("url");
          s = url == null ? null : new SourceSpec.Chroma(name, null, url);
        }
      } else if (type.equals("mongodb")) {
        m.allowOnly(MONGO_KEYS);
        String[] c = mongo(m);
        s = c == null ? null : new SourceSpec.Mongodb(name, Secret.of(c[0]), c[1], c[2]);
        if (c != null) {
          mongoCollections.put(name, c[2]);
        }
      } else {
        m.allowOnly(PG_SOURCE_KEYS);
        JdbcEndpoint e = endpoint(m);
        s = e == null ? null : new SourceSpec.Postgres(name, e);
      }
      if (s != null && problems.count() == before) {
        out.put(name, s);
      }
    }
    return out;
  }

  private Map<String, TargetSpec> targets(YamlMap top) {
    Map<String, TargetSpec> out = new LinkedHashMap<>();
    YamlMap tm = namedSection(top, "targets", "target");
    if (tm == null) {
      return out;
    }
    for (String name : tm.keys()) {
      String path = tm.path(name);
      checkName(name, tm.keyNode(name), path);
      targetCreate.put(name, null);
      YamlMap m = r.map(tm.rawValue(name), path);
      if (m == null) {
        continue;
      }
      String type = type(m, TARGET_TYPES, "target");
      targetTypes.put(name, type);
      if (type == null) {
        continue;
      }
      int before = problems.count();
      TargetSpec t = null;
      if (type.equals("cosmos")) {
        t = new CosmosSpecReader(r, problems).target(name, m);
      } else if (type.equals("sqlite")) {
        m.allowOnly(SQLITE_TARGET_KEYS);
        Path p = path(m, "path");
        Boolean views = m.bool("views", true);
        Boolean triggers = m.bool("triggers", true);
        t =
            p == null || views == null || triggers == null
                ? null
                : new TargetSpec.Sqlite(name, p, views, triggers);
      } else if (type.equals("jsonl")) {
        m.allowOnly(FILE_KEYS);
        Path p = path(m, "path");
        t = p == null ? null : new TargetSpec.Jsonl(name, p);
      } else if (type.equals("mongodb")) {
        m.allowOnly(MONGO_TARGET_KEYS);
        String[] c = mongo(m);
        Map<String, List<IndexSpec>> extra = mongoCollections(m);
        t =
            c == null || extra == null
                ? null
                : new TargetSpec.Mongodb(name, Secret.of(c[0]), c[1], c[2], extra);
      } else {
        m.allowOnly(PG_TARGET_KEYS);
        JdbcEndpoint e = endpoint(m);
        TargetSpec.Create create =
            m.has("create")
                ? m.choice("create", TargetSpec.Create.class, CREATE_WORDS)
                : TargetSpec.Create.AUTO;
        targetCreate.put(name, create);
        Path migrations = null;
        if (create == TargetSpec.Create.FLYWAY && !m.has("migrations")) {
          problems.add(m.line(), m.path("migrations"), "required when create is flyway");
        } else if (create != null && create != TargetSpec.Create.FLYWAY && m.has("migrations")) {
          m.problem("migrations", "only allowed with create: flyway");
        } else if (m.has("migrations")) {
          migrations = path(m, "migrations");
        }
        if (e != null && create != null) {
          t = new TargetSpec.Postgres(name, e, create, migrations);
        }
      }
      if (t != null && problems.count() == before) {
        out.put(name, t);
      }
    }
    return out;
  }

  private YamlMap namedSection(YamlMap top, String key, String what) {
    Node n = top.required(key);
    YamlMap m = n == null ? null : r.map(n, key);
    if (m != null && m.keys().isEmpty()) {
      problems.add(m.line(), key, "at least one " + what + " is required");
    }
    return m;
  }

  private String type(YamlMap m, List<String> types, String what) {
    String type = m.requiredString("type");
    if (type != null && !types.contains(type)) {
      m.problem(
          "type",
          "unknown " + what + " type '" + type + "' (known: " + String.join(", ", types) + ")");
      return null;
    }
    return type;
  }

  private JdbcEndpoint endpoint(YamlMap m) {
    int before = problems.count();
    String url = m.requiredString("url");
    if (url != null && !url.startsWith("jdbc:postgresql:")) {
      m.problem("url", "must start with 'jdbc:postgresql:'");
    }
    String user = m.optionalString("user");
    String password = m.has("password") ? r.string(m.value("password"), m.path("password")) : null;
    String schema = m.has("schema") ? m.optionalString("schema") : "public";
    if (problems.count() > before) {
      return null;
    }
    return new JdbcEndpoint(url, user, password == null ? null : Secret.of(password), schema);
  }

  /** The rollback section: MongoDB sides joined by key, inverse steps, target, original. */
  private RollbackSpec rollback(YamlMap top) {
    YamlMap m = top.map("rollback");
    if (m == null) {
      return null;
    }
    int before = problems.count();
    m.allowOnly(ROLLBACK_KEYS);
    List<RollbackSpec.Side> sides = new ArrayList<>();
    Node jn = m.required("join");
    List<Node> items = jn == null ? null : r.list(jn, m.path("join"));
    if (items != null && items.isEmpty()) {
      m.problem("join", "must name at least one source");
    }
    for (int i = 0; items != null && i < items.size(); i++) {
      YamlMap sm = r.map(items.get(i), m.path("join") + "[" + i + "]");
      if (sm == null) {
        continue;
      }
      sm.allowOnly(SIDE_KEYS);
      String source = mongoSource(sm, "source");
      String key = sm.requiredString("key");
      String as = sm.optionalString("as");
      if (i > 0 && as == null && sm.has("source")) {
        sm.missing("as");
      }
      if (i == 0 && sm.has("as")) {
        sm.problem("as", "not allowed on the first (primary) side: its fields are the record");
      }
      if (source != null && key != null) {
        sides.add(new RollbackSpec.Side(source, key, as));
      }
    }
    List<StepSpec> steps = steps(m);
    YamlMap to = m.map("to");
    String target = null;
    List<String> key = List.of("_id");
    if (to == null) {
      m.missing("to");
    } else {
      to.allowOnly(List.of("target", "key"));
      target = to.requiredString("target");
      if (target != null && !"mongodb".equals(targetTypes.get(target))) {
        to.problem(
            "target",
            targetTypes.containsKey(target)
                ? "target '" + target + "' is " + targetTypes.get(target) + ", not mongodb"
                : unknown("target", target, targetTypes.keySet()));
      }
      if (to.has("key")) {
        key = to.strings("key");
      }
    }
    YamlMap cmp = m.map("compare");
    String compare = null;
    if (cmp == null) {
      m.missing("compare");
    } else {
      cmp.allowOnly(List.of("source"));
      compare = mongoSource(cmp, "source");
    }
    if (problems.count() > before || target == null || compare == null || key == null) {
      return null;
    }
    return new RollbackSpec(sides, steps, target, key, compare);
  }

  private String mongoSource(YamlMap m, String field) {
    String s = m.requiredString(field);
    if (s != null && !"mongodb".equals(sourceTypes.get(s))) {
      m.problem(
          field,
          sourceTypes.containsKey(s)
              ? "source '" + s + "' is " + sourceTypes.get(s) + ", not mongodb"
              : unknown("source", s, sourceTypes.keySet()));
      return null;
    }
    return s;
  }

  /**
   * The {@code collections:} of a MongoDB target: further collections to create with their indexes
   * ({@code model_configs: { indexes: [{ columns: [model_id], unique: true }] }}), or null after a
   * problem.
   */
  private Map<String, List<IndexSpec>> mongoCollections(YamlMap m) {
    Map<String, List<IndexSpec>> out = new LinkedHashMap<>();
    if (!m.has("collections")) {
      return out;
    }
    int before = problems.count();
    YamlMap cm = m.map("collections");
    if (cm != null) {
      for (String id : cm.keys()) {
        YamlMap c = r.map(cm.rawValue(id), cm.path(id));
        if (c == null) {
          continue;
        }
        c.allowOnly(MONGO_COLLECTION_KEYS);
        if (id.isEmpty() || id.contains("$") || id.startsWith("system.")) {
          cm.problem(id, "'" + id + "' is not a valid collection name");
        }
        out.put(id, indexes(c, null));
      }
    }
    return problems.count() > before ? null : out;
  }

  /** uri, database and collection of a MongoDB source or target, or null after a problem. */
  private String[] mongo(YamlMap m) {
    int before = problems.count();
    String uri = m.requiredString("uri");
    if (uri != null && !uri.startsWith("mongodb://") && !uri.startsWith("mongodb+srv://")) {
      m.problem("uri", "must start with 'mongodb://' or 'mongodb+srv://'");
    }
    String database = m.requiredString("database");
    String collection = m.requiredString("collection");
    return problems.count() > before ? null : new String[] {uri, database, collection};
  }

  /** A required path field, resolved against the spec's directory. */
  private Path path(YamlMap m, String key) {
    String s = m.requiredString(key);
    if (s == null) {
      return null;
    }
    try {
      return directory.resolve(s).normalize();
    } catch (InvalidPathException e) {
      m.problem(key, "invalid path: " + e.getReason());
      return null;
    }
  }

  // ---- flows ----

  private List<FlowSpec> flows(YamlMap top) {
    List<FlowSpec> out = new ArrayList<>();
    Node n = top.required("flows");
    List<Node> items = n == null ? null : r.list(n, "flows");
    if (items == null) {
      return out;
    }
    if (items.isEmpty()) {
      problems.add(n, "flows", "at least one flow is required");
    }
    for (int i = 0; i < items.size(); i++) {
      FlowSpec f = flow(items.get(i), "flows[" + i + "]");
      if (f != null) {
        out.add(f);
      }
    }
    return out;
  }

  private FlowSpec flow(Node node, String path) {
    int before = problems.count();
    YamlMap m = r.map(node, path);
    if (m == null) {
      return null;
    }
    m.allowOnly(FLOW_KEYS);
    String name = name(m, "name");
    if (name != null) {
      Integer first = flowLines.putIfAbsent(name, Problems.line(m.value("name")));
      if (first != null) {
        m.problem("name", "duplicate flow name '" + name + "' (first at line " + first + ")");
      }
    }
    fromKind = null;
    FromSpec from = from(m);
    List<String> key = m.strings("key");
    List<StepSpec> steps = steps(m);
    ToSpec to = to(m, key, steps, from);
    ChecksSpec checks = checks(m, to);
    if (problems.count() > before || name == null || from == null || to == null) {
      return null;
    }
    return new FlowSpec(name, from, key, steps, to, checks);
  }

  /** A chroma source's flow reads one collection: {@code from: { source: s, collection: c }}. */
  private FromSpec chromaFrom(YamlMap f, String source, int before) {
    for (String k : FROM_KINDS) {
      if (f.has(k)) {
        f.problem(k, "not allowed with chroma source '" + source + "' (use collection)");
      }
    }
    String collection = f.requiredString("collection");
    if (problems.count() > before || collection == null) {
      return null;
    }
    fromKind = "table";
    return new FromSpec.Table(source, collection);
  }

  private FromSpec from(YamlMap flow) {
    Node n = flow.required("from");
    YamlMap f = n == null ? null : r.map(n, flow.path("from"));
    if (f == null) {
      return null;
    }
    int before = problems.count();
    fromKind = null;
    f.allowOnly(FROM_KEYS);
    String source = f.requiredString("source");
    if (source != null && !sourceTypes.containsKey(source)) {
      f.problem("source", unknown("source", source, sourceTypes.keySet()));
    }
    if ("chroma".equals(sourceTypes.get(source))) {
      return chromaFrom(f, source, before);
    }
    if (f.has("collection")) {
      f.problem("collection", "only allowed with a chroma source");
    }
    List<String> given = new ArrayList<>();
    for (String k : FROM_KINDS) {
      if (f.has(k)) {
        given.add(k);
      }
    }
    if (given.size() == 1) {
      fromKind = given.get(0);
    }
    boolean mongo = "mongodb".equals(sourceTypes.get(source));
    if (mongo && (given.contains("query") || given.contains("tables"))) {
      f.problem(
          given.contains("query") ? "query" : "tables",
          "source '" + source + "' is mongodb: give its collection, or table: for another one");
    }
    if (given.isEmpty() && !mongo) {
      problems.add(f.line(), f.path(), "one of table, query, tables is required");
    } else if (given.size() > 1) {
      problems.add(
          f.keyNode(given.get(1)),
          f.path(),
          "give only one of table, query, tables (found: " + String.join(", ", given) + ")");
    }
    if (f.has("split_by") && !given.contains("query")) {
      problems.add(f.keyNode("split_by"), f.path("split_by"), "only allowed with query");
    }
    if (f.has("exclude") && !given.contains("tables")) {
      problems.add(f.keyNode("exclude"), f.path("exclude"), "only allowed with tables");
    }
    if (given.contains("query") && "jsonl".equals(sourceTypes.get(source))) {
      f.problem("query", "source '" + source + "' is jsonl and cannot run a query");
    }
    String table = f.optionalString("table");
    String query = f.optionalString("query");
    String splitBy = f.optionalString("split_by");
    List<String> tables = f.has("tables") ? tables(f) : null;
    List<String> exclude = f.strings("exclude");
    if (problems.count() > before) {
      return null;
    }
    if (given.isEmpty()) {
      fromKind = "table";
      return new FromSpec.Table(source, mongoCollections.get(source));
    }
    switch (given.get(0)) {
      case "table":
        return new FromSpec.Table(source, table);
      case "query":
        return new FromSpec.Query(source, query, splitBy);
      default:
        return new FromSpec.Tables(source, tables, exclude == null ? List.of() : exclude);
    }
  }

  /** {@code tables: "*"} (all, as an empty list) or a non-empty list of names. */
  private List<String> tables(YamlMap f) {
    Node n = f.value("tables");
    if (n instanceof ScalarNode && n.getTag().equals(Tag.STR)) {
      if (((ScalarNode) n).getValue().equals("*")) {
        return List.of();
      }
      f.problem("tables", "expected \"*\" or a list of table names, got " + NodeReader.describe(n));
      return null;
    }
    List<String> names = r.strings(n, f.path("tables"));
    if (names != null && names.isEmpty()) {
      f.problem("tables", "must not be empty (use \"*\" for every table)");
      return null;
    }
    return names;
  }

  private List<StepSpec> steps(YamlMap flow) {
    List<StepSpec> out = new ArrayList<>();
    Node n = flow.value("steps");
    List<Node> items = n == null ? null : r.list(n, flow.path("steps"));
    if (items == null) {
      return out;
    }
    for (int j = 0; j < items.size(); j++) {
      String path = flow.path("steps") + "[" + j + "]";
      YamlMap sm = r.map(items.get(j), path);
      if (sm == null) {
        continue;
      }
      List<String> keys = sm.keys();
      if (keys.size() != 1) {
        problems.add(
            items.get(j),
            path,
            "a step is a one-key mapping {kind: {args}}, got "
                + (keys.isEmpty()
                    ? "an empty mapping"
                    : keys.size() + " keys (" + String.join(", ", keys) + ")"));
        continue;
      }
      String kind = keys.get(0);
      String kindPath = path + "." + kind;
      Node argsNode = sm.rawValue(kind);
      int before = problems.count();
      Map<String, Object> args = new LinkedHashMap<>();
      if (argsNode instanceof MappingNode) {
        @SuppressWarnings("unchecked")
        Map<String, Object> plain = (Map<String, Object>) r.plain(argsNode, kindPath);
        args = plain;
      } else if (!argsNode.getTag().equals(Tag.NULL)) {
        problems.add(
            argsNode,
            kindPath,
            "expected a mapping of arguments, got " + NodeReader.describe(argsNode));
      }
      if (problems.count() > before) {
        continue;
      }
      try {
        Steps.create(kind, args);
      } catch (IllegalArgumentException e) {
        problems.add(sm.keyNode(kind), kindPath, e.getMessage());
        continue;
      }
      out.add(new StepSpec(kind, args, Problems.line(sm.keyNode(kind))));
    }
    return out;
  }

  private ToSpec to(YamlMap flow, List<String> key, List<StepSpec> steps, FromSpec from) {
    Node n = flow.required("to");
    YamlMap t = n == null ? null : r.map(n, flow.path("to"));
    if (t == null) {
      return null;
    }
    int before = problems.count();
    t.allowOnly(TO_KEYS);
    String target = t.requiredString("target");
    if (target != null && !targetCreate.containsKey(target)) {
      t.problem("target", unknown("target", target, targetCreate.keySet()));
    }
    String table = t.optionalString("table");
    if ("query".equals(fromKind) && !t.has("table")) {
      problems.add(t.line(), t.path("table"), "required when from.query is used");
    }
    if ("tables".equals(fromKind) && t.has("table")) {
      t.problem("table", "not allowed with from.tables (each table keeps its name)");
    }
    ToSpec.Mode mode = t.choice("mode", ToSpec.Mode.class, MODE_WORDS);
    if (mode == ToSpec.Mode.UPSERT && key != null && key.isEmpty()) {
      t.problem("mode", "upsert needs a key, but key is empty");
    }
    List<ColumnSpec> columns = columns(t);
    if (columns != null
        && columns.isEmpty()
        && target != null
        && targetCreate.get(target) == TargetSpec.Create.SPEC) {
      problems.add(
          t.line(), t.path("columns"), "required because target '" + target + "' has create: spec");
    }
    Map<String, String> types = types(t);
    List<IndexSpec> indexes = indexes(t, columns);
    String prefix = t.optionalString("prefix");
    Map<String, String> rename = renames(t);
    for (String k : List.of("prefix", "rename")) {
      if (t.has(k) && !"tables".equals(fromKind)) {
        t.problem(k, "only allowed with from.tables (use table: to name one table)");
      }
    }
    if (prefix != null && !rename.isEmpty()) {
      t.problem("rename", "give prefix or rename, not both");
    }
    ToSpec.OnConflict onConflict = t.choice("on_conflict", ToSpec.OnConflict.class, CONFLICT_WORDS);
    if (t.has("on_conflict") && mode != ToSpec.Mode.APPEND) {
      t.problem("on_conflict", "only allowed with mode: append");
    }
    if (target != null && "sqlite".equals(targetTypes.get(target))) {
      String why = "target '" + target + "' is sqlite, which copies tables as they are";
      for (String k : List.of("columns", "types", "indexes")) {
        if (t.has(k)) {
          t.problem(k, "not allowed: " + why);
        }
      }
      if (!steps.isEmpty()) {
        problems.add(flow.keyNode("steps"), flow.path("steps"), "not allowed: " + why);
      }
      if ("query".equals(fromKind)) {
        t.problem("target", why + "; read a table or tables, not a query");
      }
      String sourceType = from == null ? null : sourceTypes.get(from.source());
      if (sourceType != null && !sourceType.equals("sqlite")) {
        t.problem("target", why + "; source '" + from.source() + "' is " + sourceType);
      }
    } else if (t.has("on_conflict")) {
      t.problem("on_conflict", "only allowed with a sqlite target");
    }
    ToSpec.Layout layout = t.choice("layout", ToSpec.Layout.class, List.of("langchain"));
    String collection = t.optionalString("collection");
    String fromType = from == null ? null : sourceTypes.get(from.source());
    if (t.has("layout") && from != null && !"chroma".equals(fromType)) {
      t.problem("layout", "only allowed when the flow reads a chroma source");
    }
    if (t.has("collection") && layout == null) {
      t.problem("collection", "only allowed with layout: langchain");
    }
    if (layout != null && (t.has("columns") || t.has("table"))) {
      t.problem(
          "layout",
          "layout langchain fixes the tables (langchain_pg_collection, langchain_pg_embedding);"
              + " leave out table and columns");
    }
    if (problems.count() > before) {
      return null;
    }
    return new ToSpec(
        target,
        table,
        mode,
        columns,
        types,
        indexes,
        prefix,
        rename,
        onConflict,
        layout,
        collection);
  }

  private List<ColumnSpec> columns(YamlMap to) {
    List<ColumnSpec> out = new ArrayList<>();
    YamlMap cm = to.map("columns");
    if (cm == null) {
      return to.has("columns") ? null : out;
    }
    for (String name : cm.keys()) {
      Node v = cm.rawValue(name);
      String def = r.string(v, cm.path(name));
      if (def == null) {
        continue;
      }
      try {
        out.add(ColumnSpec.parse(name, def));
      } catch (IllegalArgumentException e) {
        problems.add(v, cm.path(name), e.getMessage());
      }
    }
    return out;
  }

  private Map<String, String> renames(YamlMap to) {
    Map<String, String> out = new LinkedHashMap<>();
    YamlMap rm = to.map("rename");
    if (rm != null) {
      if (rm.keys().isEmpty()) {
        to.problem("rename", "must name at least one table");
      }
      for (String table : rm.keys()) {
        String name = r.nonBlank(rm.rawValue(table), rm.path(table));
        if (name != null) {
          out.put(table, name);
        }
      }
    }
    return out;
  }

  private Map<String, String> types(YamlMap to) {
    Map<String, String> out = new LinkedHashMap<>();
    YamlMap tm = to.map("types");
    if (tm != null) {
      for (String column : tm.keys()) {
        String type = r.nonBlank(tm.rawValue(column), tm.path(column));
        if (type != null) {
          out.put(column, type);
        }
      }
    }
    return out;
  }

  private List<IndexSpec> indexes(YamlMap to, List<ColumnSpec> columns) {
    List<IndexSpec> out = new ArrayList<>();
    Node n = to.value("indexes");
    List<Node> items = n == null ? null : r.list(n, to.path("indexes"));
    if (items == null) {
      return out;
    }
    for (int i = 0; i < items.size(); i++) {
      YamlMap im = r.map(items.get(i), to.path("indexes") + "[" + i + "]");
      if (im == null) {
        continue;
      }
      int before = problems.count();
      im.allowOnly(INDEX_KEYS);
      List<String> cols = im.has("columns") ? im.strings("columns") : null;
      if (!im.has("columns")) {
        im.missing("columns");
      } else if (cols != null && cols.isEmpty()) {
        im.problem("columns", "must list at least one column");
      } else if (cols != null) {
        checkColumns(im, "columns", cols, columns);
      }
      Boolean unique = im.bool("unique", false);
      String name = im.optionalString("name");
      if (problems.count() == before) {
        out.add(new IndexSpec(cols, unique, name));
      }
    }
    return out;
  }

  private ChecksSpec checks(YamlMap flow, ToSpec to) {
    YamlMap c = flow.map("checks");
    if (c == null) {
      return ChecksSpec.NONE;
    }
    c.allowOnly(CHECK_KEYS);
    List<String> notNull = c.strings("not_null");
    List<String> json = c.strings("json");
    List<ColumnSpec> columns = to == null ? null : to.columns();
    if (notNull != null) {
      checkColumns(c, "not_null", notNull, columns);
    }
    if (json != null) {
      checkColumns(c, "json", json, columns);
    }
    int sampleSize = 0;
    long sampleSeed = 0;
    YamlMap sm = c.map("sample");
    if (sm != null) {
      sm.allowOnly(SAMPLE_KEYS);
      Long size = sm.has("size") ? r.integer(sm.value("size"), sm.path("size")) : Long.valueOf(100);
      Long seed = sm.has("seed") ? r.integer(sm.value("seed"), sm.path("seed")) : Long.valueOf(0);
      if (size != null && size < 1) {
        sm.problem("size", "must be at least 1");
      }
      sampleSize = size == null ? 0 : size.intValue();
      sampleSeed = seed == null ? 0 : seed;
    }
    Map<String, String> nonEmpty = new LinkedHashMap<>();
    YamlMap nm = c.map("nonempty");
    if (nm != null) {
      for (String field : nm.keys()) {
        String to2 = r.nonBlank(nm.rawValue(field), nm.path(field));
        if (to2 != null) {
          nonEmpty.put(field, to2);
        }
      }
    }
    return new ChecksSpec(
        notNull == null ? List.of() : notNull,
        json == null ? List.of() : json,
        vectorChecks(c),
        sampleSize,
        sampleSeed,
        nonEmpty);
  }

  /** {@code checks.vectors}: thresholds of the vector checks, defaults where not given. */
  private VectorChecksSpec vectorChecks(YamlMap checks) {
    YamlMap v = checks.map("vectors");
    if (v == null) {
      return VectorChecksSpec.DEFAULT;
    }
    v.allowOnly(VECTOR_CHECK_KEYS);
    VectorChecksSpec d = VectorChecksSpec.DEFAULT;
    Long k = v.has("k") ? v.integer("k", 1, 1000) : Long.valueOf(d.k());
    Long samples = v.has("samples") ? v.integer("samples", 1, 100_000) : Long.valueOf(d.samples());
    Long seed =
        v.has("seed") ? v.integer("seed", Long.MIN_VALUE, Long.MAX_VALUE) : Long.valueOf(d.seed());
    Double overlap =
        v.has("min_overlap") ? number(v, "min_overlap", 0, 1) : Double.valueOf(d.minOverlap());
    Double p95 =
        v.has("max_p95_ms")
            ? number(v, "max_p95_ms", 0, 3_600_000)
            : Double.valueOf(d.maxP95Millis());
    if (k == null || samples == null || seed == null || overlap == null || p95 == null) {
      return d;
    }
    return new VectorChecksSpec(k.intValue(), samples.intValue(), seed, overlap, p95);
  }

  /** A number between min and max, or null after reporting the problem. */
  private static Double number(YamlMap m, String key, double min, double max) {
    Node n = m.value(key);
    String text = n instanceof ScalarNode s ? s.getValue() : null;
    try {
      double d = Double.parseDouble(text);
      if (d >= min && d <= max) {
        return d;
      }
      m.problem(key, "must be between " + min + " and " + max + ", got " + text);
    } catch (NumberFormatException | NullPointerException e) {
      m.problem(key, "must be a number, got " + (text == null ? "a non-scalar" : "'" + text + "'"));
    }
    return null;
  }

  /** When the flow defines its columns, every named column must be one of them. */
  private void checkColumns(YamlMap m, String key, List<String> names, List<ColumnSpec> columns) {
    if (columns == null || columns.isEmpty()) {
      return;
    }
    List<String> known = new ArrayList<>();
    for (ColumnSpec c : columns) {
      known.add(c.name());
    }
    for (String name : names) {
      if (!known.contains(name)) {
        m.problem(key, "unknown column '" + name + "' (columns: " + String.join(", ", known) + ")");
      }
    }
  }

  // ---- names ----

  private String name(YamlMap m, String key) {
    String s = m.requiredString(key);
    if (s != null && !NAME.matcher(s).matches()) {
      m.problem(key, invalidName(s));
      return null;
    }
    return s;
  }

  private void checkName(String name, Node keyNode, String path) {
    if (!NAME.matcher(name).matches()) {
      problems.add(keyNode, path, invalidName(name));
    }
  }

  private static String invalidName(String name) {
    return "invalid name '" + name + "' (use letters, digits, '_', '.', '-')";
  }

  private static String unknown(String what, String name, Set<String> known) {
    return "unknown "
        + what
        + " '"
        + name
        + "' (known: "
        + (known.isEmpty() ? "none" : String.join(", ", known))
        + ")";
  }
}
