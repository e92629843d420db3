package dev.ferry.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;
import java.util.UUID;

/**
 * Writes the two SQLite databases of scenario S3, so the example and the tests have realistic data
 * without shipping binary files. The same arguments give the same rows.
 *
 * <ul>
 *   <li>The application database, as a SQLAlchemy app creates it: UUID text keys, JSON held as
 *       text, booleans as 0/1, DATETIME held as text (and, in a few rows, as an integer epoch, as
 *       old code wrote it), a foreign key, UNIQUE and CHECK constraints, indexes, a view, a trigger
 *       that must not fire during a copy, a table without a primary key whose rowids have gaps, and
 *       one message whose content Python stored as a BLOB in a TEXT column.
 *   <li>The checkpoint database with LangGraph's {@code SqliteSaver} schema ({@code checkpoints}
 *       and {@code writes} with their primary keys, BLOB checkpoints, metadata and values) in WAL
 *       mode, as {@code SqliteSaver} leaves it.
 * </ul>
 *
 * <pre>{@code
 * S3SampleData.writeApp(Path.of("langgraph_agent.db"), 50);
 * S3SampleData.writeCheckpoints(Path.of("chatbot_memory.sqlite"), 20);
 * }</pre>
 */
public final class S3SampleData {
  /** LangGraph's {@code SqliteSaver} checkpoints table, as its {@code setup()} creates it. */
  public static final String CHECKPOINTS_DDL =
      "CREATE TABLE IF NOT EXISTS checkpoints (\n"
          + "    thread_id TEXT NOT NULL,\n"
          + "    checkpoint_ns TEXT NOT NULL DEFAULT '',\n"
          + "    checkpoint_id TEXT NOT NULL,\n"
          + "    parent_checkpoint_id TEXT,\n"
          + "    type TEXT,\n"
          + "    checkpoint BLOB,\n"
          + "    metadata BLOB,\n"
          + "    PRIMARY KEY (thread_id, checkpoint_ns, checkpoint_id)\n"
          + ")";

  /** LangGraph's {@code SqliteSaver} writes table, as its {@code setup()} creates it. */
  public static final String WRITES_DDL =
      "CREATE TABLE IF NOT EXISTS writes (\n"
          + "    thread_id TEXT NOT NULL,\n"
          + "    checkpoint_ns TEXT NOT NULL DEFAULT '',\n"
          + "    checkpoint_id TEXT NOT NULL,\n"
          + "    task_id TEXT NOT NULL,\n"
          + "    idx INTEGER NOT NULL,\n"
          + "    channel TEXT NOT NULL,\n"
          + "    type TEXT,\n"
          + "    value BLOB,\n"
          + "    PRIMARY KEY (thread_id, checkpoint_ns, checkpoint_id, task_id, idx)\n"
          + ")";

  private S3SampleData() {}

  /** A stable UUID-shaped id for the n-th row of a kind. */
  public static String id(String kind, int n) {
    return UUID.nameUUIDFromBytes((kind + ":" + n).getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** Creates (replacing any existing file) the application database with {@code users} users. */
  public static void writeApp(Path db, int users) throws IOException, SQLException {
    Files.createDirectories(db.toAbsolutePath().getParent());
    Files.deleteIfExists(db);
    Random rnd = new Random(3);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute(
          "CREATE TABLE llm_providers (\n\tid VARCHAR(36) NOT NULL, \n\tname VARCHAR(100) NOT"
              + " NULL, \n\tprovider_type VARCHAR(50) NOT NULL, \n\tconfig JSON, \n\tis_active"
              + " BOOLEAN NOT NULL, \n\tcreated_at DATETIME DEFAULT (CURRENT_TIMESTAMP), \n\t"
              + "PRIMARY KEY (id), \n\tUNIQUE (name)\n)");
      s.execute("CREATE INDEX ix_llm_providers_provider_type ON llm_providers (provider_type)");
      s.execute(
          "CREATE TABLE users (\n\tid VARCHAR(36) NOT NULL, \n\temail VARCHAR(255) NOT NULL, \n\t"
              + "display_name VARCHAR(100), \n\tis_admin BOOLEAN NOT NULL, \n\tsettings JSON, \n\t"
              + "created_at DATETIME NOT NULL, \n\tPRIMARY KEY (id), \n\tCHECK (is_admin IN (0,"
              + " 1))\n)");
      s.execute("CREATE UNIQUE INDEX ix_users_email ON users (email)");
      s.execute(
          "CREATE TABLE conversations (\n\tid VARCHAR(36) NOT NULL, \n\tuser_id VARCHAR(36) NOT"
              + " NULL, \n\tprovider_id VARCHAR(36), \n\ttitle VARCHAR(200), \n\tthread_id"
              + " VARCHAR(36) NOT NULL, \n\tcreated_at DATETIME NOT NULL, \n\tPRIMARY KEY (id),"
              + " \n\tFOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE, \n\tFOREIGN"
              + " KEY(provider_id) REFERENCES llm_providers (id)\n)");
      s.execute("CREATE INDEX ix_conversations_thread_id ON conversations (thread_id)");
      s.execute(
          "CREATE TABLE messages (\n\tid INTEGER NOT NULL, \n\tconversation_id VARCHAR(36) NOT"
              + " NULL, \n\trole VARCHAR(20) NOT NULL, \n\tcontent TEXT NOT NULL, \n\ttoken_count"
              + " INTEGER, \n\tcreated_at DATETIME NOT NULL, \n\tPRIMARY KEY (id), \n\tFOREIGN"
              + " KEY(conversation_id) REFERENCES conversations (id)\n)");
      s.execute("CREATE TABLE audit_log (event TEXT, detail JSON, at DATETIME)");
      s.execute(
          "CREATE VIEW active_providers AS SELECT id, name FROM llm_providers WHERE is_active ="
              + " 1");
      s.execute(
          "CREATE TRIGGER messages_title AFTER INSERT ON messages BEGIN UPDATE conversations SET"
              + " title = 'untitled' WHERE id = NEW.conversation_id AND title IS NULL; END");

      String[] types = {"openai", "anthropic", "ollama"};
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO llm_providers (id, name, provider_type, config, is_active, created_at)"
                  + " VALUES (?, ?, ?, ?, ?, ?)")) {
        for (int i = 0; i < types.length; i++) {
          ps.setString(1, id("provider", i));
          ps.setString(2, types[i] + "-default");
          ps.setString(3, types[i]);
          ps.setString(4, "{\"model\": \"m-" + i + "\", \"temperature\": 0." + i + "}");
          ps.setInt(5, i == 2 ? 0 : 1);
          ps.setString(6, "2025-03-0" + (i + 1) + " 10:00:00.000000");
          ps.execute();
        }
      }
      try (PreparedStatement u =
              c.prepareStatement(
                  "INSERT INTO users (id, email, display_name, is_admin, settings, created_at)"
                      + " VALUES (?, ?, ?, ?, ?, ?)");
          PreparedStatement cv =
              c.prepareStatement(
                  "INSERT INTO conversations (id, user_id, provider_id, title, thread_id,"
                      + " created_at) VALUES (?, ?, ?, ?, ?, ?)");
          PreparedStatement m =
              c.prepareStatement(
                  "INSERT INTO messages (id, conversation_id, role, content, token_count,"
                      + " created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
        int message = 1;
        for (int i = 0; i < users; i++) {
          u.setString(1, id("user", i));
          u.setString(2, "user" + i + "@example.test");
          if (i % 7 == 3) {
            u.setNull(3, java.sql.Types.VARCHAR);
          } else {
            u.setString(3, "User " + i + (i % 5 == 0 ? " — Zoë" : ""));
          }
          u.setInt(4, i == 0 ? 1 : 0);
          u.setString(5, i % 3 == 0 ? null : "{\"theme\": \"dark\", \"lang\": \"en\"}");
          if (i % 10 == 9) {
            u.setLong(6, 1_700_000_000L + i); // an INTEGER in a DATETIME column
          } else {
            u.setString(6, String.format("2025-04-%02d 08:%02d:00.000000", 1 + i % 28, i % 60));
          }
          u.execute();
          for (int k = 0; k < 2; k++) {
            String conv = id("conversation", i * 2 + k);
            cv.setString(1, conv);
            cv.setString(2, id("user", i));
            cv.setString(3, id("provider", (i + k) % types.length));
            if (k == 0) {
              cv.setNull(4, java.sql.Types.VARCHAR);
            } else {
              cv.setString(4, "Chat " + i + "/" + k);
            }
            cv.setString(5, id("thread", i * 2 + k));
            cv.setString(6, "2025-05-01T12:00:00");
            cv.execute();
            // inserted with the trigger dropped below, so some titles stay NULL
          }
        }
        s.execute("DROP TRIGGER messages_title");
        for (int i = 0; i < users * 2; i++) {
          for (int k = 0; k < 3; k++) {
            m.setLong(1, message);
            m.setString(2, id("conversation", i));
            m.setString(3, k % 2 == 0 ? "user" : "assistant");
            if (message == 6) {
              m.setBytes(4, "raw bytes from python".getBytes(StandardCharsets.UTF_8));
            } else {
              m.setString(4, "message " + message + " " + Long.toHexString(rnd.nextLong()));
            }
            if (k == 2) {
              m.setNull(5, java.sql.Types.INTEGER);
            } else {
              m.setLong(5, 10 + rnd.nextInt(500));
            }
            m.setString(6, "2025-05-01 12:0" + k + ":00");
            m.execute();
            message += 1 + (message % 4 == 0 ? 1 : 0); // gaps in the ids
          }
        }
      }
      s.execute(
          "CREATE TRIGGER messages_title AFTER INSERT ON messages BEGIN UPDATE conversations SET"
              + " title = 'untitled' WHERE id = NEW.conversation_id AND title IS NULL; END");
      try (PreparedStatement a =
          c.prepareStatement("INSERT INTO audit_log (event, detail, at) VALUES (?, ?, ?)")) {
        for (int i = 0; i < 30; i++) {
          a.setString(1, "event-" + i);
          a.setString(2, "{\"n\": " + i + "}");
          a.setDouble(3, 1_700_000_000.5 + i); // a REAL in a DATETIME column
          a.execute();
        }
      }
      s.execute("DELETE FROM audit_log WHERE rowid % 4 = 0"); // rowids with gaps
      c.commit();
    }
  }

  /**
   * Creates (replacing any existing file) the checkpoint database in WAL mode, with {@code threads}
   * threads of a few checkpoints and writes each.
   */
  public static void writeCheckpoints(Path db, int threads) throws IOException, SQLException {
    Files.createDirectories(db.toAbsolutePath().getParent());
    Files.deleteIfExists(db);
    Random rnd = new Random(5);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
        Statement s = c.createStatement()) {
      s.execute("PRAGMA journal_mode=WAL");
      c.setAutoCommit(false);
      s.execute(CHECKPOINTS_DDL);
      s.execute(WRITES_DDL);
      try (PreparedStatement cp =
              c.prepareStatement("INSERT INTO checkpoints VALUES (?, ?, ?, ?, ?, ?, ?)");
          PreparedStatement w =
              c.prepareStatement("INSERT INTO writes VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
        for (int t = 0; t < threads; t++) {
          String thread = id("thread", t);
          String parent = null;
          for (int k = 0; k < 4; k++) {
            String checkpoint = id("checkpoint", t * 10 + k);
            cp.setString(1, thread);
            cp.setString(2, k == 3 ? "subgraph:" + k : "");
            cp.setString(3, checkpoint);
            cp.setString(4, parent);
            cp.setString(5, "msgpack");
            cp.setBytes(6, bytes(rnd, 200 + rnd.nextInt(3000)));
            cp.setBytes(
                7,
                ("{\"source\": \"loop\", \"step\": " + k + ", \"writes\": null}")
                    .getBytes(StandardCharsets.UTF_8));
            cp.execute();
            for (int i = 0; i < 3; i++) {
              w.setString(1, thread);
              w.setString(2, "");
              w.setString(3, checkpoint);
              w.setString(4, id("task", t * 100 + k * 10));
              w.setInt(5, i == 2 ? -1 : i); // LangGraph writes special channels with idx -1
              w.setString(6, i == 0 ? "messages" : i == 1 ? "__start__" : "__error__");
              w.setString(7, "msgpack");
              w.setBytes(8, i == 1 && k == 0 ? new byte[0] : bytes(rnd, 1 + rnd.nextInt(400)));
              w.execute();
            }
            parent = checkpoint;
          }
        }
      }
      c.commit();
    }
  }

  private static byte[] bytes(Random rnd, int n) {
    byte[] b = new byte[n];
    rnd.nextBytes(b);
    b[0] = 0; // every BLOB holds a zero byte
    return b;
  }
}
