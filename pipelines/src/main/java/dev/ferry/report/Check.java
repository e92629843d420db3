package dev.ferry.report;

import java.util.Objects;

/**
 * One verified statement in a report: what was checked, whether it held, and the figures behind it.
 *
 * <pre>{@code
 * Check c = Check.of("conservation", true, "read 120 = written 118 + rejected 2");
 * }</pre>
 */
public final class Check {
  private final String name;
  private final boolean passed;
  private final String detail;

  private Check(String name, boolean passed, String detail) {
    this.name = Objects.requireNonNull(name, "name");
    this.passed = passed;
    this.detail = detail == null ? "" : detail;
  }

  public static Check of(String name, boolean passed, String detail) {
    return new Check(name, passed, detail);
  }

  public String name() {
    return name;
  }

  public boolean passed() {
    return passed;
  }

  public String detail() {
    return detail;
  }

  @Override
  public String toString() {
    return (passed ? "PASS " : "FAIL ") + name + ": " + detail;
  }
}
