package dev.ferry.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.cosmos.CosmosClient;
import com.azure.cosmos.CosmosDatabase;
import com.azure.cosmos.models.CosmosContainerProperties;
import dev.ferry.examples.S1SampleData;
import dev.ferry.io.cosmos.CosmosConnection;
import dev.ferry.io.cosmos.CosmosContainerDef;
import dev.ferry.io.cosmos.CosmosContainers;
import dev.ferry.record.Record;
import dev.ferry.record.RecordJson;
import dev.ferry.record.Reject;
import dev.ferry.report.FlowReport;
import dev.ferry.report.RunReport;
import dev.ferry.spec.Spec;
import dev.ferry.spec.SpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario S1 on the Cosmos DB test server at the seed's volumes: the example spec restructures 3
 * containers into 11; every target container holds exactly the mapped documents (embeddings bit for
 * bit), the split conserves every activity document, the originals are untouched, and a second run
 * changes nothing. A target container with another partition key stops the run before any write.
 */
class S1CosmosIT {
  private static final Path SPEC =
      TestDb.repoRoot().resolve("examples/s1-cosmos-restructure/spec.yaml");
  private static final List<String> EMPTY_CONTAINERS =
      List.of(
          "user_analytics",
          "content_analytics",
          "daily_metrics",
          "abuse_incidents",
          "engagement_summary",
          "content_popularity",
          "incidents_by_content");

  @TempDir Path tmp;
  private CosmosConnection conn;
  private CosmosClient client;

  @BeforeEach
  void setUp() {
    conn = CosmosTestEnv.connection(CosmosTestEnv.database("s1_it"));
    client = conn.client();
  }

  @AfterEach
  void tearDown() {
    try {
      client.getDatabase(conn.database()).delete();
    } catch (RuntimeException e) {
      // the database may not exist
    } finally {
      client.close();
    }
  }

  private Spec spec() throws Exception {
    return SpecLoader.load(
        SPEC,
        Map.of("database", conn.database(), "unrouted_dir", tmp.resolve("out").toString()),
        CosmosTestEnv.env());
  }

  private Map<String, String> container(String id) {
    return CosmosTestEnv.documents(
        client.getDatabase(conn.database()).getContainer(id), Set.of("embedding"));
  }

  // ---- the mapping of the seed, written out independently of the spec ----

  private static Record expectedVector(Record src) {
    String personality = (String) src.get("personality");
    String source = (String) src.get("source");
    String cut = source == null ? "unknown" : source.substring(0, Math.min(50, source.length()));
    Record out = Record.of("id", src.get("id"));
    out.put("partition_key", (personality == null ? "unknown" : personality) + "::" + cut);
    out.put("personality_id", personality == null ? "unknown" : personality);
    out.put("source", source == null ? "" : source);
    out.put("content", src.get("content"));
    out.put("content_type", src.has("content_type") ? src.get("content_type") : "verse");
    for (String f : List.of("title", "chapter", "verse", "sanskrit", "translation", "citation")) {
      if (src.get(f) != null) {
        out.put(f, src.get(f));
      }
    }
    out.put("category", src.has("category") ? src.get("category") : "general");
    out.put("language", src.has("language") ? src.get("language") : "English");
    out.put("embedding", src.get("embedding"));
    out.put("embedding_model", src.has("embedding_model") ? src.get("embedding_model") : "unknown");
    Record meta = (Record) src.get("metadata");
    out.put("topic_tags", meta.has("topic_tags") ? meta.get("topic_tags") : List.of());
    out.put(
        "foundational_text_ref",
        Record.of(
            "source", source == null ? "" : source,
            "chapter", src.get("chapter"),
            "verse", src.get("verse")));
    for (String f : List.of("created_at", "updated_at")) {
      if (src.get(f) != null) {
        out.put(f, src.get(f));
      }
    }
    return out;
  }

  private static Map<String, String> expectedVectors() {
    Map<String, String> out = new TreeMap<>();
    for (int i = 0; i < S1SampleData.VECTOR_DOCS; i++) {
      Record r = expectedVector(S1SampleData.vectorDoc(i));
      out.put((String) r.get("id"), CosmosTestEnv.canonical(r));
    }
    return out;
  }

  private static Map<String, String> expectedPersonalities() {
    Map<String, TreeSet<String>> sources = new TreeMap<>();
    Map<String, Long> counts = new TreeMap<>();
    for (int i = 0; i < S1SampleData.VECTOR_DOCS; i++) {
      Record v = S1SampleData.vectorDoc(i);
      String p = v.has("personality") ? (String) v.get("personality") : "unknown";
      TreeSet<String> set = sources.computeIfAbsent(p, k -> new TreeSet<>());
      if (v.get("source") != null) {
        set.add((String) v.get("source"));
      }
      counts.merge(p, 1L, Long::sum);
    }
    Map<String, String> out = new TreeMap<>();
    for (String p : sources.keySet()) {
      Record r =
          Record.of(
              "id",
              "personality_" + p,
              "personality_id",
              p,
              "associated_sources",
              new ArrayList<Object>(sources.get(p)),
              "vector_count",
              counts.get(p),
              "partition_key",
              p,
              "document_type",
              "personality_config",
              "is_active",
              true);
      out.put("personality_" + p, CosmosTestEnv.canonical(r));
    }
    return out;
  }

  private static Map<String, String> expectedUsers() {
    Map<String, String> out = new TreeMap<>();
    for (int i = 0; i < S1SampleData.USERS; i++) {
      Record r = S1SampleData.user(i).copy();
      r.put("user_id", r.get("id"));
      if (!r.has("subscription_tier")) {
        r.put("subscription_tier", "free");
      }
      if (!r.has("profile_version")) {
        r.put("profile_version", "1.0");
      }
      out.put((String) r.get("id"), CosmosTestEnv.canonical(r));
    }
    return out;
  }

  private static Map<String, String> expectedActivities(String type, String dataField) {
    Map<String, String> out = new TreeMap<>();
    for (int i = 0; i < S1SampleData.ACTIVITIES + S1SampleData.UNROUTED_ACTIVITIES; i++) {
      Record r = S1SampleData.activity(i);
      if (type.equals(r.get("document_type")) && r.get(dataField) != null) {
        out.put((String) r.get("id"), CosmosTestEnv.canonical(r));
      }
    }
    return out;
  }

  private static Map<String, String> sourceDocs(int n, java.util.function.IntFunction<Record> f) {
    Map<String, String> out = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      Record r = f.apply(i);
      out.put((String) r.get("id"), CosmosTestEnv.canonical(r));
    }
    return out;
  }

  private static void assertCounts(
      FlowReport f, long read, long written, long rejected, long routed) {
    assertThat(List.of(f.read(), f.written(), f.rejected(), f.routed()))
        .as(f.name())
        .containsExactly(read, written, rejected, routed);
  }

  /** A check of a flow's report as "PASS detail" / "FAIL detail", or null when absent. */
  private static String check(FlowReport f, String name) {
    for (dev.ferry.report.Check c : f.checks()) {
      if (c.name().equals(name)) {
        return (c.passed() ? "PASS " : "FAIL ") + c.detail();
      }
    }
    return null;
  }

  @Test
  void restructuresThreeContainersIntoElevenExactlyAndASecondRunChangesNothing() throws Exception {
    S1SampleData.write(client, conn.database(), S1SampleData.VECTOR_DOCS);
    RunReport r = Runs.run(spec(), tmp.resolve("run1"));

    assertThat(r.reasons()).isEmpty();
    assertThat(r.verdict()).isEqualTo("PASS");
    int activities = S1SampleData.ACTIVITIES + S1SampleData.UNROUTED_ACTIVITIES;
    Map<String, String> sessions = expectedActivities("session", "session_data");
    Map<String, String> interactions = expectedActivities("interaction", "interaction_data");
    Map<String, String> personalities = expectedPersonalities();
    assertCounts(r.flow("personality_vectors"), 6514, 6514, 0, 0);
    assertCounts(r.flow("personalities"), 6514, personalities.size(), 0, 6514 - 14);
    assertCounts(r.flow("users"), 18, 18, 0, 0);
    assertCounts(
        r.flow("user_sessions"), activities, sessions.size(), 0, activities - sessions.size());
    assertCounts(
        r.flow("user_interactions"),
        activities,
        interactions.size(),
        0,
        activities - interactions.size());
    assertCounts(r.flow("user_activity_unrouted"), activities, 0, 4, activities - 4);
    // The split conserves the source: sessions + interactions + unrouted = user_activity.
    assertThat(sessions.size() + interactions.size() + 4).isEqualTo(activities);
    assertThat(sessions).hasSize(61);
    assertThat(interactions).hasSize(60);
    assertThat(personalities).hasSize(14);
    assertThat(r.flow("personality_vectors").checks())
        .anySatisfy(
            c -> {
              assertThat(c.name()).isEqualTo("target documents");
              assertThat(c.passed()).isTrue();
              assertThat(c.detail())
                  .isEqualTo(
                      "container 'personality_vectors' has 6514 documents; this run wrote 6514");
            });

    assertThat(r.flow("personality_vectors").checks())
        .anySatisfy(
            c -> {
              assertThat(c.name()).isEqualTo("embeddings present");
              assertThat(c.passed()).isTrue();
              assertThat(c.detail())
                  .isEqualTo(
                      "6514 of 6514 documents hold embedding as a non-empty list of the declared"
                          + " dimensions");
            })
        .anySatisfy(
            c -> {
              assertThat(c.name()).isEqualTo("embeddings bit-exact");
              assertThat(c.passed()).isTrue();
              assertThat(c.detail())
                  .startsWith(
                      "6514 vectors read back, 6514 written; xxHash64 fingerprint sum equal");
            });

    // The report: each flow's seeded sample re-mapped and compared field by field with what
    // landed (routed documents counted apart), and the source containers' counts unchanged.
    assertThat(check(r.flow("personality_vectors"), "field mapping"))
        .isEqualTo("PASS sampled 200 of 6514 documents (seed 42): 200 equal");
    assertThat(check(r.flow("users"), "field mapping"))
        .isEqualTo("PASS sampled 18 of 18 documents (seed 42): 18 equal");
    assertThat(check(r.flow("user_sessions"), "field mapping"))
        .isEqualTo(
            "PASS sampled 125 of 125 documents (seed 42): 61 equal, 64 routed to other flows");
    assertThat(check(r.flow("user_interactions"), "field mapping"))
        .isEqualTo(
            "PASS sampled 125 of 125 documents (seed 42): 60 equal, 65 routed to other flows");
    assertThat(check(r.flow("personalities"), "field mapping")).isNull();
    assertThat(check(r.flow("personality_vectors"), "source documents"))
        .isEqualTo(
            "PASS source container 'personality-vectors' has 6514 documents; this run read 6514");
    assertThat(check(r.flow("personalities"), "source documents"))
        .isEqualTo(
            "PASS source container 'personality-vectors' has 6514 documents; this run read 6514");
    assertThat(check(r.flow("users"), "source documents"))
        .isEqualTo("PASS source container 'users' has 18 documents; this run read 18");
    for (String flow : List.of("user_sessions", "user_interactions", "user_activity_unrouted")) {
      assertThat(check(r.flow(flow), "source documents"))
          .as(flow)
          .isEqualTo("PASS source container 'user_activity' has 125 documents; this run read 125");
    }

    // Every target container holds exactly the mapped documents (embeddings bit for bit).
    Map<String, String> vectors = expectedVectors();
    Map<String, String> users = expectedUsers();
    assertThat(container("personality_vectors")).isEqualTo(vectors);
    assertThat(container("personalities")).isEqualTo(personalities);
    assertThat(container("users")).isEqualTo(users);
    assertThat(container("user_sessions")).isEqualTo(sessions);
    assertThat(container("user_interactions")).isEqualTo(interactions);
    for (String empty : EMPTY_CONTAINERS) {
      assertThat(container(empty)).as(empty).isEmpty();
    }

    // The containers are defined as the spec says.
    CosmosDatabase db = client.getDatabase(conn.database());
    CosmosContainerProperties sessionsProps = CosmosContainers.existing(db, "user_sessions");
    assertThat(sessionsProps.getPartitionKeyDefinition().getPaths()).containsExactly("/user_id");
    assertThat(sessionsProps.getDefaultTimeToLiveInSeconds()).isEqualTo(7776000);
    assertThat(CosmosContainers.existing(db, "user_interactions").getDefaultTimeToLiveInSeconds())
        .isEqualTo(15552000);
    CosmosContainerProperties vectorProps = CosmosContainers.existing(db, "personality_vectors");
    assertThat(vectorProps.getPartitionKeyDefinition().getPaths())
        .containsExactly("/partition_key");
    assertThat(vectorProps.getVectorEmbeddingPolicy().getVectorEmbeddings().get(0).getPath())
        .isEqualTo("/embedding");
    assertThat(
            vectorProps
                .getVectorEmbeddingPolicy()
                .getVectorEmbeddings()
                .get(0)
                .getEmbeddingDimensions())
        .isEqualTo(768);
    assertThat(
            CosmosContainers.existing(db, "daily_metrics").getPartitionKeyDefinition().getPaths())
        .containsExactly("/date");

    // The unrouted activity documents are rejects, each with its id and reason.
    List<String> rejects =
        Files.readAllLines(RunFiles.rejects(tmp.resolve("run1"), "user_activity_unrouted"));
    Map<String, String> reasons = new TreeMap<>();
    for (String line : rejects) {
      Reject j = Reject.fromRecord(RecordJson.read(line));
      reasons.put(String.valueOf(j.record().get("id")), j.reason());
    }
    Map<String, String> wantReasons = new LinkedHashMap<>();
    wantReasons.put(
        "act-121",
        "user_activity document fits neither user_sessions nor user_interactions (document_type"
            + " feedback, session_data missing, interaction_data missing)");
    wantReasons.put(
        "act-122",
        "user_activity document fits neither user_sessions nor user_interactions (document_type"
            + " feedback, session_data missing, interaction_data missing)");
    wantReasons.put(
        "act-123",
        "user_activity document fits neither user_sessions nor user_interactions (document_type"
            + " missing, session_data missing, interaction_data missing)");
    wantReasons.put(
        "act-124",
        "user_activity document fits neither user_sessions nor user_interactions (document_type"
            + " session, session_data missing, interaction_data missing)");
    assertThat(reasons).isEqualTo(wantReasons);

    // The originals are untouched.
    assertThat(container("personality-vectors"))
        .isEqualTo(sourceDocs(S1SampleData.VECTOR_DOCS, S1SampleData::vectorDoc));
    assertThat(container("user_activity"))
        .isEqualTo(sourceDocs(activities, S1SampleData::activity));

    // A second run writes the same documents again: nothing changes.
    RunReport again = Runs.run(spec(), tmp.resolve("run2"));
    assertThat(again.reasons()).isEmpty();
    assertThat(again.verdict()).isEqualTo("PASS");
    assertThat(container("personality_vectors")).isEqualTo(vectors);
    assertThat(container("personalities")).isEqualTo(personalities);
    assertThat(container("users")).isEqualTo(users);
    assertThat(container("user_sessions")).isEqualTo(sessions);
    assertThat(container("user_interactions")).isEqualTo(interactions);
  }

  /** Reads a landed document by id (any partition), changes it and writes it back. */
  private void alter(
      String containerId,
      String id,
      String pkField,
      java.util.function.Consumer<com.fasterxml.jackson.databind.node.ObjectNode> change) {
    com.azure.cosmos.CosmosContainer c =
        client.getDatabase(conn.database()).getContainer(containerId);
    com.azure.cosmos.models.SqlQuerySpec q =
        new com.azure.cosmos.models.SqlQuerySpec(
            "SELECT * FROM c WHERE c.id = @id",
            new com.azure.cosmos.models.SqlParameter("@id", id));
    com.fasterxml.jackson.databind.node.ObjectNode doc = null;
    for (com.azure.cosmos.models.FeedRange range : c.getFeedRanges()) {
      com.azure.cosmos.models.CosmosQueryRequestOptions o =
          new com.azure.cosmos.models.CosmosQueryRequestOptions();
      o.setFeedRange(range);
      for (com.fasterxml.jackson.databind.node.ObjectNode d :
          c.queryItems(q, o, com.fasterxml.jackson.databind.node.ObjectNode.class)) {
        doc = d;
      }
    }
    assertThat(doc).as(containerId + "/" + id).isNotNull();
    change.accept(doc);
    c.upsertItem(
        doc,
        new com.azure.cosmos.models.PartitionKey(doc.path(pkField).asText()),
        new com.azure.cosmos.models.CosmosItemRequestOptions());
  }

  private FlowPlan plan(String flow) throws Exception {
    return Planner.plan(spec()).stream()
        .filter(p -> p.name().equals(flow))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void theSampleCheckNamesTheIdAndFieldsOfALandedDocumentThatWasAlteredOrLost() throws Exception {
    S1SampleData.write(client, conn.database(), 40);
    RunReport r = Runs.run(spec(), tmp.resolve("run"));
    assertThat(r.verdict()).isEqualTo("PASS");
    assertThat(check(r.flow("personality_vectors"), "field mapping"))
        .isEqualTo("PASS sampled 40 of 40 documents (seed 42): 40 equal");

    // After the run, one session is changed (a nested value and an added field), one is deleted,
    // and one vector loses the last bit of one number of its embedding.
    alter(
        "user_sessions",
        "act-000",
        "user_id",
        d -> {
          ((com.fasterxml.jackson.databind.node.ObjectNode) d.get("session_data"))
              .put("questions", 99);
          d.put("extra", "x");
        });
    client
        .getDatabase(conn.database())
        .getContainer("user_sessions")
        .deleteItem(
            "act-002",
            new com.azure.cosmos.models.PartitionKey("user-03"),
            new com.azure.cosmos.models.CosmosItemRequestOptions());
    String vectorId = (String) S1SampleData.vectorDoc(7).get("id");
    alter(
        "personality_vectors",
        vectorId,
        "partition_key",
        d -> {
          com.fasterxml.jackson.databind.node.ArrayNode e =
              (com.fasterxml.jackson.databind.node.ArrayNode) d.get("embedding");
          float f = e.get(3).floatValue();
          e.set(3, Float.intBitsToFloat(Float.floatToRawIntBits(f) ^ 1));
        });

    dev.ferry.report.Check sessions = CosmosChecks.sampleCheck(plan("user_sessions"), Set.of());
    assertThat(sessions.passed()).isFalse();
    assertThat(sessions.detail())
        .isEqualTo(
            "sampled 125 of 125 documents (seed 42): 59 equal, 2 different, 64 routed to other"
                + " flows: act-000 (session_data.questions, extra); act-002 (missing)");
    dev.ferry.report.Check vectors =
        CosmosChecks.sampleCheck(plan("personality_vectors"), Set.of());
    assertThat(vectors.passed()).isFalse();
    assertThat(vectors.detail())
        .isEqualTo(
            "sampled 40 of 40 documents (seed 42): 39 equal, 1 different: "
                + vectorId
                + " (embedding)");
    // A document the write rejected is accounted for, not counted as a difference.
    dev.ferry.report.Check withReject =
        CosmosChecks.sampleCheck(plan("user_sessions"), Set.of("act-002"));
    assertThat(withReject.detail())
        .isEqualTo(
            "sampled 125 of 125 documents (seed 42): 59 equal, 1 different, 64 routed to other"
                + " flows, 1 rejected by the write: act-000 (session_data.questions, extra)");
  }

  @Test
  void throttledWritesAreRetriedAndReportedAndWritesThatRunOutOfRetriesAreAccountedRejects()
      throws Exception {
    S1SampleData.write(client, conn.database(), 40);
    // The server throttles every 4th write into user_sessions, and every write into
    // user_interactions (so its 8 retries run out).
    CosmosThrottle.set(conn, "user_sessions", 4, 10);
    CosmosThrottle.set(conn, "user_interactions", 1, 1);
    RunReport r;
    com.fasterxml.jackson.databind.node.ObjectNode sessionStats;
    com.fasterxml.jackson.databind.node.ObjectNode interactionStats;
    try {
      r = Runs.run(spec(), tmp.resolve("run"));
      sessionStats = CosmosThrottle.stats(conn, "user_sessions");
      interactionStats = CosmosThrottle.stats(conn, "user_interactions");
    } finally {
      CosmosThrottle.set(conn, "user_sessions", 0, 0);
      CosmosThrottle.set(conn, "user_interactions", 0, 0);
    }
    int activities = S1SampleData.ACTIVITIES + S1SampleData.UNROUTED_ACTIVITIES;

    // Sessions: every throttled operation was retried (the report says how many), and each of the
    // 61 sessions was carried out exactly once.
    long throttled = sessionStats.get("throttled").asLong();
    assertThat(throttled).isGreaterThanOrEqualTo(15);
    assertThat(sessionStats.get("applied").asLong()).isEqualTo(61);
    assertCounts(r.flow("user_sessions"), activities, 61, 0, 64);
    assertThat(check(r.flow("user_sessions"), "write retries"))
        .isEqualTo(
            "PASS "
                + throttled
                + " throttled (429) or timed-out write operations retried after the server's"
                + " retry-after; what still failed is in the rejects");
    assertThat(check(r.flow("user_sessions"), "field mapping"))
        .isEqualTo(
            "PASS sampled 125 of 125 documents (seed 42): 61 equal, 64 routed to other flows");
    assertThat(container("user_sessions")).isEqualTo(expectedActivities("session", "session_data"));

    // Interactions: 60 documents x (1 try + 8 retries), none carried out; each is a reject with
    // its id, partition key and status 429, and the sample counts them apart.
    assertThat(interactionStats.get("throttled").asLong()).isEqualTo(60 * 9);
    assertThat(interactionStats.get("applied").asLong()).isZero();
    assertCounts(r.flow("user_interactions"), activities, 0, 60, 65);
    assertThat(check(r.flow("user_interactions"), "write retries"))
        .startsWith("PASS 480 throttled (429)");
    assertThat(check(r.flow("user_interactions"), "field mapping"))
        .isEqualTo(
            "PASS sampled 125 of 125 documents (seed 42): 0 equal, 65 routed to other flows, 60"
                + " rejected by the write");
    Map<String, String> rejects = new TreeMap<>();
    for (String line :
        Files.readAllLines(RunFiles.rejects(tmp.resolve("run"), "user_interactions"))) {
      Reject j = Reject.fromRecord(RecordJson.read(line));
      rejects.put(String.valueOf(j.key()), j.reason());
    }
    Map<String, String> want = new TreeMap<>();
    for (String id : expectedActivities("interaction", "interaction_data").keySet()) {
      int n = Integer.parseInt(id.substring(4));
      want.put(
          "{id='"
              + id
              + "', partition_key.user_id='"
              + S1SampleData.activity(n).get("user_id")
              + "'}",
          "container 'user_interactions': upsert failed with status 429 (throttled), sub-status"
              + " 3200 after 8 retries");
    }
    assertThat(rejects).isEqualTo(want);
    assertThat(container("user_interactions")).isEmpty();
    assertThat(r.reasons()).isEqualTo(List.of());
  }

  @Test
  void aTargetContainerWithAnotherPartitionKeyStopsTheRunBeforeAnyWrite() throws Exception {
    S1SampleData.write(client, conn.database(), 30);
    CosmosContainers.prepare(
        client, conn.database(), List.of(CosmosContainerDef.of("user_sessions", List.of("/id"))));

    assertThatThrownBy(() -> Runs.run(spec(), tmp.resolve("run")))
        .isInstanceOf(PlanException.class)
        .hasMessage(
            "target 'new': container '"
                + conn.database()
                + "/user_sessions' exists with partition key [/id] but the spec says [/user_id]"
                + " (a container's partition key cannot change: migrate into a new container);"
                + " target 'new': container '"
                + conn.database()
                + "/user_sessions' exists with default TTL null but the spec says 7776000"
                + " — nothing was written");
    CosmosDatabase db = client.getDatabase(conn.database());
    for (String id : List.of("personality_vectors", "personalities", "user_interactions")) {
      assertThat(CosmosContainers.existing(db, id)).as(id).isNull();
    }
    assertThat(container("user_sessions")).isEmpty();
    assertThat(container("users")).isEqualTo(sourceDocs(18, S1SampleData::user));
  }

  @Test
  void aDryRunSamplesTheContainersAndCreatesNothing() throws Exception {
    S1SampleData.write(client, conn.database(), 40);
    RunReport r =
        Migration.dryRun(spec(), new RunSettings(tmp.resolve("dry"), false, "DirectRunner"));

    assertThat(r.notes())
        .contains(
            "target 'new': would create container(s) user_sessions, user_interactions,"
                + " personalities, personality_vectors, user_analytics, content_analytics,"
                + " daily_metrics, abuse_incidents, engagement_summary, content_popularity,"
                + " incidents_by_content");
    assertThat(r.flow("personality_vectors").checks().get(0).detail()).isEqualTo("40 rows");
    assertThat(r.flow("personality_vectors").checks().get(1).detail())
        .isEqualTo("40 records through 15 steps: 40 pass, 0 would be rejected");
    assertThat(r.flow("user_sessions").checks().get(1).detail())
        .isEqualTo(
            "125 records through 1 steps: 61 pass, 64 belong to other flows, 0 would be rejected");
    assertThat(r.flow("user_activity_unrouted").checks().get(1).detail())
        .startsWith(
            "125 records through 2 steps: 0 pass, 121 belong to other flows, 4 would be rejected"
                + " — first: reject: user_activity document fits neither");
    List<String> containers = new ArrayList<>();
    client.getDatabase(conn.database()).readAllContainers().forEach(p -> containers.add(p.getId()));
    assertThat(containers)
        .containsExactlyInAnyOrder("personality-vectors", "users", "user_activity");
  }
}
