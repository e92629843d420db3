package dev.ferry.io.sqlite;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the shared test corpora in place: the system property {@code ferry.testdata} if set, else
 * the first {@code shared/testdata} found walking up from the working directory.
 */
final class TestData {
  private TestData() {}

  static Path root() {
    String prop = System.getProperty("ferry.testdata");
    if (prop != null) {
      return Path.of(prop);
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared").resolve("testdata");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "shared/testdata not found above "
            + Path.of("").toAbsolutePath()
            + "; set -Dferry.testdata");
  }

  static Path path(String relative) {
    Path p = root().resolve(relative);
    if (!Files.exists(p)) {
      throw new IllegalStateException("test corpus missing: " + p);
    }
    return p;
  }

  static Path chinook() {
    return path("pgloader/test/sqlite/Chinook_Sqlite.sqlite");
  }

  static Path northwind() {
    return path("northwind_jpwhite3/northwind.db");
  }

  static Path pgloaderSqlite() {
    return path("pgloader/test/sqlite/sqlite.db");
  }

  static Path badUtf8() {
    return path("pgloader/test/sqlite/bad-utf8.db");
  }
}
