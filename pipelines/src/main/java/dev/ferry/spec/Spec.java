package dev.ferry.spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A loaded, checked migration spec: everything one YAML file says, with params and environment
 * variables substituted and relative paths resolved against the file's directory. Build one with
 * {@link SpecLoader#load}; {@link #toString()} and {@link #describe()} never show a password.
 *
 * <pre>{@code
 * Spec spec = SpecLoader.load(Path.of("spec.yaml"), Map.of("user_id", "u1"), System.getenv());
 * for (FlowSpec flow : spec.flows()) {
 *   SourceSpec source = spec.source(flow.from().source());
 * }
 * System.out.println(spec.describe());
 * }</pre>
 *
 * @param version the spec format version (1)
 * @param name the spec's name
 * @param description what the spec does, or null
 * @param params the declared params with the values they took, in the order written
 * @param options run-wide settings
 * @param sources the sources by name, in the order written
 * @param targets the targets by name, in the order written
 * @param flows the flows, in order
 * @param file the absolute, normalized path of the spec file
 */
public record Spec(
    int version,
    String name,
    String description,
    Map<String, ParamSpec> params,
    Options options,
    Map<String, SourceSpec> sources,
    Map<String, TargetSpec> targets,
    List<FlowSpec> flows,
    Path file,
    RollbackSpec rollback) {
  /** A spec without a rollback section. */
  public Spec(
      int version,
      String name,
      String description,
      Map<String, ParamSpec> params,
      Options options,
      Map<String, SourceSpec> sources,
      Map<String, TargetSpec> targets,
      List<FlowSpec> flows,
      Path file) {
    this(version, name, description, params, options, sources, targets, flows, file, null);
  }

  public Spec {
    Objects.requireNonNull(name, "name");
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    Objects.requireNonNull(options, "options");
    sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
    targets = Collections.unmodifiableMap(new LinkedHashMap<>(targets));
    flows = List.copyOf(flows);
    Objects.requireNonNull(file, "file");
  }

  /** The directory holding the spec file, against which relative paths were resolved. */
  public Path directory() {
    return file.getParent();
  }

  /**
   * The source with this name.
   *
   * @throws IllegalArgumentException if there is none
   */
  public SourceSpec source(String sourceName) {
    SourceSpec s = sources.get(sourceName);
    if (s == null) {
      throw new IllegalArgumentException("no source '" + sourceName + "' in spec " + name);
    }
    return s;
  }

  /**
   * The target with this name.
   *
   * @throws IllegalArgumentException if there is none
   */
  public TargetSpec target(String targetName) {
    TargetSpec t = targets.get(targetName);
    if (t == null) {
      throw new IllegalArgumentException("no target '" + targetName + "' in spec " + name);
    }
    return t;
  }

  /**
   * A short, human-readable summary for dry runs: params, options, sources, targets and one line
   * per flow. Passwords are never shown.
   */
  public String describe() {
    StringBuilder b = new StringBuilder();
    b.append("spec ").append(name).append(" (").append(file).append(")\n");
    if (description != null) {
      b.append("  ").append(description).append('\n');
    }
    if (!params.isEmpty()) {
      List<String> ps = new ArrayList<>();
      for (ParamSpec p : params.values()) {
        ps.add(p.name() + "=" + (p.value() == null ? "(unset)" : p.value()));
      }
      b.append("params: ").append(String.join(", ", ps)).append('\n');
    }
    b.append("options: batch_size=")
        .append(options.batchSize())
        .append(", strict=")
        .append(options.strict());
    if (options.parallelism() != null) {
      b.append(", parallelism=").append(options.parallelism());
    }
    b.append('\n');
    b.append("sources:\n");
    for (SourceSpec s : sources.values()) {
      b.append("  ").append(s.name()).append(": ").append(s.type()).append(' ');
      if (s instanceof SourceSpec.Sqlite sqlite) {
        b.append(sqlite.path());
      } else if (s instanceof SourceSpec.Postgres pg) {
        b.append(pg.endpoint().safeUrl()).append(" schema ").append(pg.endpoint().schema());
      } else if (s instanceof SourceSpec.Jsonl jsonl) {
        b.append(jsonl.path());
      } else if (s instanceof SourceSpec.Mongodb m) {
        b.append(m.database()).append('.').append(m.collection());
      }
      b.append('\n');
    }
    b.append("targets:\n");
    for (TargetSpec t : targets.values()) {
      b.append("  ").append(t.name()).append(": ").append(t.type()).append(' ');
      if (t instanceof TargetSpec.Postgres pg) {
        b.append(pg.endpoint().safeUrl())
            .append(" schema ")
            .append(pg.endpoint().schema())
            .append(", create ")
            .append(pg.create().yamlName());
        if (pg.migrations() != null) {
          b.append(' ').append(pg.migrations());
        }
      } else if (t instanceof TargetSpec.Jsonl jsonl) {
        b.append(jsonl.directory());
      } else if (t instanceof TargetSpec.Mongodb m) {
        b.append(m.database()).append('.').append(m.collection());
      }
      b.append('\n');
    }
    b.append("flows:\n");
    for (FlowSpec f : flows) {
      b.append("  ").append(f.name()).append(": ").append(describe(f.from())).append(" -> ");
      b.append(f.to().target());
      if (f.to().table() != null) {
        b.append('.').append(f.to().table());
      }
      b.append(", mode ").append(f.to().mode() == null ? "default" : f.to().mode().yamlName());
      if (f.key() != null) {
        b.append(", key ").append(f.key());
      }
      b.append(", ").append(f.steps().size()).append(f.steps().size() == 1 ? " step" : " steps");
      if (!f.to().columns().isEmpty()) {
        b.append(", ").append(f.to().columns().size()).append(" columns");
      }
      b.append('\n');
    }
    return b.toString();
  }

  private static String describe(FromSpec from) {
    if (from instanceof FromSpec.Table t) {
      return t.source() + "." + t.table();
    }
    if (from instanceof FromSpec.Query q) {
      return q.source() + " query" + (q.splitBy() == null ? "" : " split by " + q.splitBy());
    }
    FromSpec.Tables ts = (FromSpec.Tables) from;
    String names = ts.all() ? "*" : String.join(", ", ts.names());
    String except = ts.exclude().isEmpty() ? "" : " except " + String.join(", ", ts.exclude());
    return ts.source() + " tables " + names + except;
  }
}
