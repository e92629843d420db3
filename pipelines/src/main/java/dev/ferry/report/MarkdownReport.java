package dev.ferry.report;

import java.util.List;
import java.util.Map;

/**
 * Renders a {@link RunReport} as Markdown for people: the verdict and its reasons first, then a
 * table of flows with their counts, then every check.
 *
 * <pre>{@code
 * Files.writeString(dir.resolve("report.md"), MarkdownReport.render(report));
 * }</pre>
 */
public final class MarkdownReport {
  private MarkdownReport() {}

  public static String render(RunReport r) {
    StringBuilder sb = new StringBuilder();
    sb.append("# Ferry ").append(r.command()).append(": ").append(r.spec()).append("\n\n");
    sb.append("**Verdict: ").append(r.verdict()).append("**");
    List<String> reasons = r.reasons();
    if (reasons.isEmpty()) {
      sb.append(" — all checks passed.\n\n");
    } else {
      sb.append("\n\n");
      for (String reason : reasons) {
        sb.append("- ").append(escape(reason)).append('\n');
      }
      sb.append('\n');
    }
    sb.append("| | |\n|---|---|\n");
    sb.append("| runner | ").append(r.runner()).append(" |\n");
    sb.append("| started | ").append(r.started()).append(" |\n");
    sb.append("| duration | ")
        .append(String.format("%.1f s", r.duration().toMillis() / 1000.0))
        .append(" |\n");
    if (r.pipelineDuration() != null) {
      sb.append("| pipeline | ")
          .append(String.format("%.1f s", r.pipelineDuration().toMillis() / 1000.0))
          .append(" |\n");
    }
    if (r.runDirectory() != null) {
      sb.append("| run directory | `").append(r.runDirectory()).append("` |\n");
    }
    if (r.backup() != null) {
      sb.append("| backup | `").append(r.backup()).append("` |\n");
    }
    for (Map.Entry<String, String> p : r.params().entrySet()) {
      sb.append("| param `")
          .append(p.getKey())
          .append("` | ")
          .append(escape(p.getValue()))
          .append(" |\n");
    }
    sb.append('\n');
    if (!r.flows().isEmpty()) {
      sb.append("## Flows\n\n");
      sb.append("| flow | source | target | read | written | rejected | routed | conservation |\n");
      sb.append("|---|---|---|---:|---:|---:|---:|---|\n");
      for (FlowReport f : r.flows()) {
        boolean conserved =
            f.checks().stream()
                .filter(c -> c.name().equals("conservation"))
                .allMatch(Check::passed);
        sb.append("| ")
            .append(escape(f.name()))
            .append(" | ")
            .append(escape(f.source()))
            .append(" | ")
            .append(escape(f.target()))
            .append(" | ")
            .append(f.read())
            .append(" | ")
            .append(f.written())
            .append(" | ")
            .append(f.rejected())
            .append(" | ")
            .append(f.routed())
            .append(" | ")
            .append(conserved ? "ok" : "**BROKEN**")
            .append(" |\n");
      }
      sb.append("\n## Checks\n\n| flow | check | result | detail |\n|---|---|---|---|\n");
      for (FlowReport f : r.flows()) {
        for (Check c : f.checks()) {
          row(sb, f.name(), c);
        }
      }
      for (Check c : r.checks()) {
        row(sb, "(run)", c);
      }
      sb.append('\n');
      boolean anyRejects = r.flows().stream().anyMatch(f -> f.rejected() > 0);
      if (anyRejects) {
        sb.append("## Rejects\n\n");
        for (FlowReport f : r.flows()) {
          if (f.rejected() > 0) {
            sb.append("- ")
                .append(escape(f.name()))
                .append(": ")
                .append(f.rejected())
                .append(" in `")
                .append(f.rejectsFile())
                .append("`\n");
          }
        }
        sb.append('\n');
      }
    } else if (!r.checks().isEmpty()) {
      sb.append("## Checks\n\n| check | result | detail |\n|---|---|---|\n");
      for (Check c : r.checks()) {
        sb.append("| ")
            .append(escape(c.name()))
            .append(" | ")
            .append(c.passed() ? "PASS" : "FAIL")
            .append(" | ")
            .append(escape(c.detail()))
            .append(" |\n");
      }
      sb.append('\n');
    }
    if (!r.notes().isEmpty()) {
      sb.append("## Notes\n\n");
      for (String n : r.notes()) {
        sb.append("- ").append(escape(n)).append('\n');
      }
    }
    return sb.toString();
  }

  private static void row(StringBuilder sb, String flow, Check c) {
    sb.append("| ")
        .append(escape(flow))
        .append(" | ")
        .append(escape(c.name()))
        .append(" | ")
        .append(c.passed() ? "PASS" : "**FAIL**")
        .append(" | ")
        .append(escape(c.detail()))
        .append(" |\n");
  }

  private static String escape(String s) {
    return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
  }
}
