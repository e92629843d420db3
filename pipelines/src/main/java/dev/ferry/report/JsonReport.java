package dev.ferry.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Renders a {@link RunReport} as JSON for machines: the same facts as the Markdown report, with
 * stable field names ({@code verdict}, {@code reasons}, {@code flows[].read/written/rejected},
 * {@code flows[].checks[]}).
 *
 * <pre>{@code
 * Files.writeString(dir.resolve("report.json"), JsonReport.render(report));
 * }</pre>
 */
public final class JsonReport {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonReport() {}

  public static String render(RunReport r) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("spec", r.spec());
    root.put("command", r.command());
    root.put("runner", r.runner());
    root.put("started", r.started().toString());
    root.put("finished", r.finished() == null ? null : r.finished().toString());
    root.put("duration_ms", r.duration().toMillis());
    if (r.pipelineDuration() != null) {
      root.put("pipeline_ms", r.pipelineDuration().toMillis());
    }
    root.put("run_directory", r.runDirectory());
    root.put("verdict", r.verdict());
    root.put("backup", r.backup());
    ArrayNode reasons = root.putArray("reasons");
    r.reasons().forEach(reasons::add);
    ObjectNode params = root.putObject("params");
    for (Map.Entry<String, String> p : r.params().entrySet()) {
      params.put(p.getKey(), p.getValue());
    }
    ArrayNode flows = root.putArray("flows");
    for (FlowReport f : r.flows()) {
      ObjectNode fn = flows.addObject();
      fn.put("name", f.name());
      fn.put("source", f.source());
      fn.put("target", f.target());
      fn.put("read", f.read());
      fn.put("written", f.written());
      fn.put("rejected", f.rejected());
      fn.put("routed", f.routed());
      fn.put("rejects_file", f.rejectsFile());
      fn.put("passed", f.passed());
      checks(fn.putArray("checks"), f.checks());
    }
    checks(root.putArray("checks"), r.checks());
    ArrayNode notes = root.putArray("notes");
    r.notes().forEach(notes::add);
    try {
      return MAPPER.writeValueAsString(root) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot render report as JSON", e);
    }
  }

  private static void checks(ArrayNode out, Iterable<Check> checks) {
    for (Check c : checks) {
      ObjectNode cn = out.addObject();
      cn.put("name", c.name());
      cn.put("passed", c.passed());
      cn.put("detail", c.detail());
    }
  }
}
