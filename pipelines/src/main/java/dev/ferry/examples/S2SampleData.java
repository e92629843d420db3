package dev.ferry.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import java.util.UUID;

/**
 * Writes the sample SQLite database of scenario S2 (the seed's {@code items}, {@code analyses},
 * {@code embeddings} tables, with JSON held as text and timestamps as Python writes them), so the
 * demo and the tests have realistic data without shipping a binary file. The same arguments give
 * byte-for-byte the same rows. Two rows are deliberately bad, as real exports are: analysis {@link
 * #BAD_JSON_ANALYSIS} holds truncated JSON and embedding {@link #BAD_DATE_EMBEDDING} an unparseable
 * date; a migration must reject both by key and carry everything else.
 *
 * <pre>{@code
 * S2SampleData.write(Path.of("collections.db"), 500);
 * }</pre>
 */
public final class S2SampleData {
  /** The id of the analysis whose raw_response is not valid JSON. */
  public static final String BAD_JSON_ANALYSIS = id("analysis", 7);

  /** The id of the embedding whose created_at is not a date. */
  public static final String BAD_DATE_EMBEDDING = id("embedding", 11);

  private static final DateTimeFormatter PY_STR =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
  private static final DateTimeFormatter PY_ISO =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS");
  private static final String[] TAGS = {
    "furniture", "outdoor", "food", "vintage", "nature", "portrait", "city", "interior"
  };

  private S2SampleData() {}

  /** A stable UUID-shaped id for the n-th row of a kind. */
  public static String id(String kind, int n) {
    return UUID.nameUUIDFromBytes(
            (kind + ":" + n).getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .toString();
  }

  /** Creates (replacing any existing file) a database with {@code items} rows in each table. */
  public static void write(Path db, int items) throws IOException, SQLException {
    Files.createDirectories(db.toAbsolutePath().getParent());
    Files.deleteIfExists(db);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath())) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute(
            "CREATE TABLE items (id TEXT PRIMARY KEY, filename TEXT NOT NULL, file_path TEXT NOT"
                + " NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)");
        s.execute(
            "CREATE TABLE analyses (id TEXT PRIMARY KEY, item_id TEXT NOT NULL, raw_response"
                + " TEXT, created_at TEXT NOT NULL)");
        s.execute(
            "CREATE TABLE embeddings (id TEXT PRIMARY KEY, item_id TEXT NOT NULL,"
                + " embedding_source TEXT, created_at TEXT NOT NULL)");
      }
      Random rnd = new Random(42);
      LocalDateTime base = LocalDateTime.of(2024, 5, 1, 8, 0, 0);
      try (PreparedStatement item = c.prepareStatement("INSERT INTO items VALUES (?,?,?,?,?)");
          PreparedStatement analysis = c.prepareStatement("INSERT INTO analyses VALUES (?,?,?,?)");
          PreparedStatement embedding =
              c.prepareStatement("INSERT INTO embeddings VALUES (?,?,?,?)")) {
        for (int i = 1; i <= items; i++) {
          String itemId = id("item", i);
          LocalDateTime created =
              base.plusMinutes(i * 7L).plusNanos(rnd.nextInt(1_000_000) * 1000L);
          item.setString(1, itemId);
          item.setString(2, String.format("photo_%05d.jpg", i));
          item.setString(3, String.format("/data/photos/2024/%02d/photo_%05d.jpg", i % 12 + 1, i));
          item.setString(4, PY_STR.format(created));
          item.setString(5, PY_ISO.format(created.plusHours(1)));
          item.addBatch();

          analysis.setString(1, id("analysis", i));
          analysis.setString(2, itemId);
          analysis.setString(3, analysisJson(i, rnd));
          analysis.setString(4, PY_STR.format(created.plusMinutes(1)));
          analysis.addBatch();

          embedding.setString(1, id("embedding", i));
          embedding.setString(2, itemId);
          embedding.setString(
              3,
              i % 10 == 0
                  ? null
                  : "{\"model\": \"voyage-3.5-lite\", \"dimensions\": 1024, \"fields\":"
                      + " [\"summary\", \"tags\"], \"item\": \""
                      + itemId
                      + "\"}");
          embedding.setString(
              4, i == 11 ? "yesterday afternoon" : PY_STR.format(created.plusMinutes(2)));
          embedding.addBatch();
        }
        item.executeBatch();
        analysis.executeBatch();
        embedding.executeBatch();
      }
      c.commit();
    }
  }

  private static String analysisJson(int i, Random rnd) {
    if (i == 7) {
      return "{\"summary\": \"A wooden chair by the win";
    }
    if (i % 25 == 0) {
      return null;
    }
    String a = TAGS[rnd.nextInt(TAGS.length)];
    String b = TAGS[rnd.nextInt(TAGS.length)];
    return String.format(
        java.util.Locale.ROOT,
        "{\"model\": \"claude-3-5-sonnet\", \"summary\": \"Photo %d: %s scene, \\\"%s\\\" accents\","
            + " \"tags\": [\"%s\", \"%s\"], \"confidence\": %.2f, \"objects\": {\"count\": %d}}",
        i,
        a,
        b,
        a,
        b,
        0.5 + rnd.nextInt(50) / 100.0,
        rnd.nextInt(12));
  }
}
