package dev.ferry.examples;

import com.azure.cosmos.CosmosClient;
import com.azure.cosmos.CosmosContainer;
import com.azure.cosmos.models.CosmosBulkOperationResponse;
import com.azure.cosmos.models.CosmosBulkOperations;
import com.azure.cosmos.models.CosmosItemOperation;
import dev.ferry.io.cosmos.CosmosConnection;
import dev.ferry.io.cosmos.CosmosContainerDef;
import dev.ferry.io.cosmos.CosmosContainers;
import dev.ferry.io.cosmos.CosmosDocuments;
import dev.ferry.record.Record;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes the source containers of scenario S1 into a Cosmos DB database: {@code
 * personality-vectors} (6,514 documents by default, each with a 768-float embedding, across {@link
 * #PERSONALITIES} and their sources; some lack {@code personality}, {@code source}, {@code
 * language} or hold null fields, as real exports do), {@code users} (18) and {@code user_activity}
 * (121 sessions and interactions plus {@link #UNROUTED_ACTIVITIES} documents that fit neither). The
 * same arguments give the same documents; upserts make it re-runnable.
 *
 * <pre>{@code
 * try (CosmosClient client = conn.client()) { S1SampleData.write(client, conn.database(), 6514); }
 * }</pre>
 */
public final class S1SampleData {
  /** The personalities the vector documents belong to. */
  public static final List<String> PERSONALITIES =
      List.of(
          "krishna",
          "buddha",
          "jesus",
          "rumi",
          "lao_tzu",
          "einstein",
          "lincoln",
          "marcus_aurelius",
          "tesla",
          "newton",
          "chanakya",
          "confucius",
          "socrates");

  /** Vector documents at the seed's volume. */
  public static final int VECTOR_DOCS = 6514;

  public static final int USERS = 18;
  public static final int ACTIVITIES = 121;

  /** Activity documents that are neither a session nor an interaction. */
  public static final int UNROUTED_ACTIVITIES = 4;

  public static final int DIMENSIONS = 768;

  private S1SampleData() {}

  /** The source containers and their partition keys. */
  public static List<CosmosContainerDef> containers() {
    return List.of(
        CosmosContainerDef.of("personality-vectors", List.of("/id")),
        CosmosContainerDef.of("users", List.of("/id")),
        CosmosContainerDef.of("user_activity", List.of("/user_id")));
  }

  /** The sources of a personality (one longer than 50 characters, so keys get cut). */
  public static List<String> sources(String personality) {
    int i = PERSONALITIES.indexOf(personality);
    List<String> out = new ArrayList<>();
    out.add(personality + "_primary_text");
    out.add(personality + "_letters_and_sayings");
    if (i % 2 == 0) {
      out.add(personality + "_collected_commentaries_and_translations_of_later_schools");
    }
    return out;
  }

  /** The n-th vector document (n from 0). */
  public static Record vectorDoc(int n) {
    Random random = new Random(1_000_003L * n + 17);
    String personality = PERSONALITIES.get(n % PERSONALITIES.size());
    List<String> sources = sources(personality);
    String source = sources.get((n / PERSONALITIES.size()) % sources.size());
    Record r = Record.of("id", String.format("vec-%05d", n));
    if (n % 97 != 5) {
      r.put("personality", personality);
    }
    if (n % 89 != 7) {
      r.put("source", source);
    }
    r.put("content", "Passage " + n + " of " + source + ": on duty, patience and practice.");
    if (n % 3 == 0) {
      r.put("content_type", n % 2 == 0 ? "verse" : "prose");
    }
    if (n % 4 == 0) {
      r.put("title", "Chapter title " + (n % 40));
    }
    r.put("chapter", n % 11 == 0 ? null : (long) (1 + n % 18));
    r.put("verse", n % 13 == 0 ? null : (long) (1 + n % 72));
    if (personality.equals("krishna")) {
      r.put("sanskrit", "karmany evadhikaras te " + n);
      r.put("translation", "You have a right to your actions " + n);
    }
    r.put("citation", n % 5 == 0 ? null : source + " " + (1 + n % 18) + "." + (1 + n % 72));
    if (n % 6 == 0) {
      r.put("category", "teaching");
    }
    if (n % 7 == 0) {
      r.put("language", n % 14 == 0 ? "Sanskrit" : "Hindi");
    }
    float[] embedding = new float[DIMENSIONS];
    for (int i = 0; i < DIMENSIONS; i++) {
      embedding[i] = (float) (random.nextGaussian() / 9.0);
    }
    r.put("embedding", embedding);
    if (n % 10 != 0) {
      r.put("embedding_model", "text-embedding-004");
    }
    Record metadata = Record.of("ingested_by", "loader-v" + (1 + n % 3));
    if (n % 8 != 3) {
      metadata.put("topic_tags", List.of("dharma", "practice-" + (n % 5)));
    }
    r.put("metadata", metadata);
    r.put("created_at", String.format("2025-07-%02dT10:%02d:00Z", 1 + n % 28, n % 60));
    if (n % 9 != 0) {
      r.put("updated_at", String.format("2025-08-%02dT09:%02d:00Z", 1 + n % 4, n % 60));
    }
    return r;
  }

  /** The n-th user (n from 0). */
  public static Record user(int n) {
    Record r =
        Record.of(
            "id", String.format("user-%02d", n + 1),
            "email", "user" + (n + 1) + "@example.org",
            "name", "User " + (n + 1),
            "preferences", Record.of("language", n % 2 == 0 ? "en" : "hi", "theme", "light"),
            "stats",
                Record.of("questions", (long) (n * 7), "favourite", PERSONALITIES.get(n % 13)));
    if (n % 4 == 0) {
      r.put("subscription_tier", "premium");
    }
    if (n == 3) {
      r.put("profile_version", "0.9");
    }
    return r;
  }

  /** The n-th activity document (n from 0; the last {@link #UNROUTED_ACTIVITIES} fit nothing). */
  public static Record activity(int n) {
    String user = String.format("user-%02d", 1 + n % USERS);
    Record r = Record.of("id", String.format("act-%03d", n), "user_id", user);
    if (n >= ACTIVITIES) {
      int k = n - ACTIVITIES;
      if (k == 0 || k == 1) {
        r.put("document_type", "feedback");
        r.put("feedback", "great answers " + k);
      } else if (k == 2) {
        r.put("note", "no document_type at all");
      } else {
        r.put("document_type", "session"); // a session without session_data fits neither
      }
      return r;
    }
    if (n % 2 == 0) {
      r.put("document_type", "session");
      r.put(
          "session_data",
          Record.of(
              "started_at",
              String.format("2025-08-01T%02d:00:00Z", n % 24),
              "questions",
              (long) (n % 9)));
    } else {
      r.put("document_type", "interaction");
      r.put(
          "interaction_data",
          Record.of(
              "personality",
              PERSONALITIES.get(n % 13),
              "question",
              "What is duty? (" + n + ")",
              "rating",
              (long) (1 + n % 5)));
    }
    return r;
  }

  /** Creates the source containers and upserts every document. */
  public static void write(CosmosClient client, String database, int vectorDocs) {
    CosmosContainers.prepare(client, database, containers());
    List<Record> vectors = new ArrayList<>();
    for (int i = 0; i < vectorDocs; i++) {
      vectors.add(vectorDoc(i));
    }
    upsert(client.getDatabase(database).getContainer("personality-vectors"), vectors, "/id");
    List<Record> users = new ArrayList<>();
    for (int i = 0; i < USERS; i++) {
      users.add(user(i));
    }
    upsert(client.getDatabase(database).getContainer("users"), users, "/id");
    List<Record> activity = new ArrayList<>();
    for (int i = 0; i < ACTIVITIES + UNROUTED_ACTIVITIES; i++) {
      activity.add(activity(i));
    }
    upsert(client.getDatabase(database).getContainer("user_activity"), activity, "/user_id");
  }

  /** Writes the sample into a database reached through {@code connection}. */
  public static void write(CosmosConnection connection, int vectorDocs) {
    try (CosmosClient client = connection.client()) {
      write(client, connection.database(), vectorDocs);
    }
  }

  private static void upsert(CosmosContainer c, List<Record> docs, String pkPath) {
    for (int from = 0; from < docs.size(); from += 500) {
      List<CosmosItemOperation> ops = new ArrayList<>();
      for (Record r : docs.subList(from, Math.min(docs.size(), from + 500))) {
        Object pk = r.get(pkPath.substring(1));
        ops.add(
            CosmosBulkOperations.getUpsertItemOperation(
                CosmosDocuments.toDocument(r), new com.azure.cosmos.models.PartitionKey(pk)));
      }
      for (CosmosBulkOperationResponse<Object> resp : c.executeBulkOperations(ops)) {
        if (resp.getResponse() == null || !resp.getResponse().isSuccessStatusCode()) {
          throw new IllegalStateException(
              "sample: upsert of '"
                  + resp.getOperation().getId()
                  + "' into "
                  + c.getId()
                  + " failed: "
                  + (resp.getResponse() != null
                      ? "status " + resp.getResponse().getStatusCode()
                      : String.valueOf(resp.getException())));
        }
      }
    }
  }
}
