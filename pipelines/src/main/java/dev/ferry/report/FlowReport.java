package dev.ferry.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What happened to one flow: where it read and wrote, its counts, and the checks made on it. The
 * conservation check ({@code read = written + rejected + routed}) is always present.
 *
 * <pre>{@code
 * FlowReport f = new FlowReport("items", "sqlite app.items", "postgres pg.public.items");
 * f.setCounts(120, 118, 2, 0);
 * f.addCheck(Check.of("not null user_id", true, "0 rows with NULL or empty user_id"));
 * }</pre>
 */
public final class FlowReport {
  private final String name;
  private final String source;
  private final String target;
  private long read;
  private long written;
  private long rejected;
  private long routed;
  private String rejectsFile;
  private final List<Check> checks = new ArrayList<>();

  public FlowReport(String name, String source, String target) {
    this.name = name;
    this.source = source;
    this.target = target;
  }

  public String name() {
    return name;
  }

  public String source() {
    return source;
  }

  public String target() {
    return target;
  }

  public long read() {
    return read;
  }

  public long written() {
    return written;
  }

  public long rejected() {
    return rejected;
  }

  public long routed() {
    return routed;
  }

  public String rejectsFile() {
    return rejectsFile;
  }

  public void setRejectsFile(String path) {
    this.rejectsFile = path;
  }

  /** Sets the counts and (re)computes the conservation check. */
  public void setCounts(long read, long written, long rejected, long routed) {
    this.read = read;
    this.written = written;
    this.rejected = rejected;
    this.routed = routed;
    checks.removeIf(c -> c.name().equals("conservation"));
    boolean ok = read == written + rejected + routed;
    String detail =
        "read "
            + read
            + (ok ? " = " : " != ")
            + "written "
            + written
            + " + rejected "
            + rejected
            + (routed == 0 ? "" : " + routed " + routed);
    checks.add(0, Check.of("conservation", ok, detail));
  }

  public void addCheck(Check c) {
    checks.add(c);
  }

  public List<Check> checks() {
    return Collections.unmodifiableList(checks);
  }

  public boolean passed() {
    return checks.stream().allMatch(Check::passed);
  }
}
