package dev.ferry.spec;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Loads and checks a spec file. The file is composed into SnakeYAML nodes (never constructed into
 * objects, so no arbitrary types; YAML merge keys {@code <<} are applied), so every value keeps its
 * line. {@code --set} values override param defaults, {@code ${name}} and {@code ${env:NAME}} are
 * substituted in every string value, relative paths are resolved against the file's directory,
 * references and steps are checked ({@link dev.ferry.steps.Steps#create}). Any problem fails the
 * load with a {@link SpecException} listing them all.
 *
 * <pre>{@code
 * Spec spec = SpecLoader.load(Path.of("spec.yaml"), Map.of("user_id", "u1"), System.getenv());
 * }</pre>
 */
public final class SpecLoader {
  private SpecLoader() {}

  /**
   * Loads a spec with the process environment.
   *
   * @see #load(Path, Map, Map)
   */
  public static Spec load(Path file, Map<String, String> setParams) throws SpecException {
    return load(file, setParams, System.getenv());
  }

  /**
   * Loads a spec.
   *
   * @param file the spec file; messages name it as given
   * @param setParams {@code --set name=value} overrides; each must name a declared param
   * @param env the environment variables {@code ${env:NAME}} reads
   * @throws SpecException listing every problem, one {@code <file>:<line>: <path>: <problem>} a
   *     line
   */
  public static Spec load(Path file, Map<String, String> setParams, Map<String, String> env)
      throws SpecException {
    Problems problems = new Problems(file.toString());
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      problems.add(0, "", "cannot read the spec: no such file");
      throw problems.toException();
    } catch (MalformedInputException e) {
      problems.add(0, "", "cannot read the spec: not UTF-8 text");
      throw problems.toException();
    } catch (IOException e) {
      problems.add(0, "", "cannot read the spec: " + e);
      throw problems.toException();
    }
    Node root = compose(text, problems);
    if (root == null) {
      throw problems.toException();
    }
    Spec spec =
        new SpecReader(problems, file.toAbsolutePath().normalize()).read(root, setParams, env);
    if (spec == null || !problems.isEmpty()) {
      throw problems.toException();
    }
    return spec;
  }

  private static Node compose(String text, Problems problems) {
    LoaderOptions options = new LoaderOptions();
    options.setMergeOnCompose(true);
    options.setAllowRecursiveKeys(false);
    try {
      Node root = new Yaml(new SafeConstructor(options)).compose(new StringReader(text));
      if (root == null) {
        problems.add(0, "", "the spec is empty");
      }
      return root;
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark();
      problems.add(mark == null ? 0 : mark.getLine() + 1, "", "invalid YAML: " + e.getProblem());
      return null;
    } catch (YAMLException e) {
      problems.add(0, "", "invalid YAML: " + e.getMessage());
      return null;
    }
  }
}
