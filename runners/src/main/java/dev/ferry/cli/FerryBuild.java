package dev.ferry.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * This build of Ferry: the time Maven built it, written into {@code ferry-build.properties} by
 * {@code runners/pom.xml}. A job that ships no jar runs on the Ferry classes of the cluster's own
 * class path; {@link SameBuildSource} checks that those are this build.
 *
 * <pre>{@code
 * String build = FerryBuild.id();   // 20261122T160512.123Z
 * }</pre>
 */
final class FerryBuild {
  private static final String ID = load();

  private FerryBuild() {}

  /** This build's identity, for example {@code 20261122T160512.123Z}. */
  static String id() {
    return ID;
  }

  private static String load() {
    try (InputStream in = FerryBuild.class.getResourceAsStream("ferry-build.properties")) {
      if (in == null) {
        throw new IllegalStateException("ferry-build.properties is missing from the class path");
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("build");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read ferry-build.properties", e);
    }
  }
}
