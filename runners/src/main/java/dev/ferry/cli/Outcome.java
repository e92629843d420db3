package dev.ferry.cli;

import dev.ferry.pipeline.RunFiles;
import dev.ferry.report.RunReport;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Prints the end of a command for a person — verdict, reasons, where the report is — and gives the
 * exit code: 0 for PASS, 1 for FAIL.
 *
 * <pre>{@code
 * return Outcome.print(report, runDir, System.out);
 * }</pre>
 */
final class Outcome {
  private Outcome() {}

  static int print(RunReport report, Path runDir, PrintStream out) {
    out.println();
    out.println("verdict: " + report.verdict());
    for (String reason : report.reasons()) {
      out.println("  - " + reason);
    }
    out.println("report:  " + RunFiles.markdownReport(runDir));
    out.println("json:    " + RunFiles.jsonReport(runDir));
    return "PASS".equals(report.verdict()) ? 0 : 1;
  }
}
