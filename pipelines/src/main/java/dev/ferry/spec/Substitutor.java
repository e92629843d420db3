package dev.ferry.spec;

import java.util.Map;
import java.util.Set;

/**
 * Replaces {@code ${name}} with a param's value and {@code ${env:NAME}} with an environment
 * variable in one scalar string; {@code $${} stands for a literal {@code ${}. One pass: substituted
 * text is not scanned again. Problems (unknown param, param without a value, unset variable,
 * unterminated reference) are recorded against the field being read.
 *
 * <pre>{@code
 * Substitutor s = new Substitutor(values, declared, Set.of(), System.getenv(), problems);
 * String url = s.apply("${env:FERRY_PG_URL}", 12, "targets.pg.url");   // null if unset
 * }</pre>
 */
final class Substitutor {
  private final Map<String, String> values;
  private final Set<String> declared;
  private final Set<String> reported;
  private final Map<String, String> env;
  private final Problems problems;

  /**
   * @param values the value of each param that has one
   * @param declared every declared param
   * @param reported params already reported as missing a required value (not reported again)
   * @param env the environment variables
   * @param problems where problems go
   */
  Substitutor(
      Map<String, String> values,
      Set<String> declared,
      Set<String> reported,
      Map<String, String> env,
      Problems problems) {
    this.values = values;
    this.declared = declared;
    this.reported = reported;
    this.env = env;
    this.problems = problems;
  }

  /** The substituted text, or null if a problem was recorded. */
  String apply(String text, int line, String path) {
    if (text.indexOf('$') < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    boolean ok = true;
    int i = 0;
    while (i < text.length()) {
      if (text.startsWith("$${", i)) {
        out.append("${");
        i += 3;
      } else if (text.startsWith("${", i)) {
        int end = text.indexOf('}', i + 2);
        if (end < 0) {
          problems.add(line, path, "unterminated '${' (write '$${' for a literal '${')");
          return null;
        }
        String value = resolve(text.substring(i + 2, end), line, path);
        if (value == null) {
          ok = false;
        } else {
          out.append(value);
        }
        i = end + 1;
      } else {
        out.append(text.charAt(i++));
      }
    }
    return ok ? out.toString() : null;
  }

  private String resolve(String ref, int line, String path) {
    if (ref.startsWith("env:")) {
      String name = ref.substring(4);
      String value = name.isEmpty() ? null : env.get(name);
      if (name.isEmpty()) {
        problems.add(line, path, "'${env:}' names no environment variable");
      } else if (value == null) {
        problems.add(line, path, "environment variable '" + name + "' is not set");
      }
      return value;
    }
    if (ref.isEmpty()) {
      problems.add(line, path, "'${}' names no param (write '$${' for a literal '${')");
      return null;
    }
    if (!declared.contains(ref)) {
      problems.add(
          line,
          path,
          "unknown param '"
              + ref
              + "' (declared: "
              + (declared.isEmpty() ? "none" : String.join(", ", declared))
              + ")");
      return null;
    }
    String value = values.get(ref);
    if (value == null && !reported.contains(ref)) {
      problems.add(
          line,
          path,
          "param '" + ref + "' has no value; give it a default or pass --set " + ref + "=value");
    }
    return value;
  }
}
