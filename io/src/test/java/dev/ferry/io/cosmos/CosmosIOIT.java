package dev.ferry.io.cosmos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.cosmos.CosmosClient;
import com.azure.cosmos.CosmosContainer;
import com.azure.cosmos.models.CosmosQueryRequestOptions;
import com.azure.cosmos.models.FeedRange;
import com.azure.cosmos.models.PartitionKey;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.record.FlowTags;
import dev.ferry.record.Record;
import dev.ferry.record.RecordBatch;
import dev.ferry.record.Reject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link CosmosIO} and {@link CosmosContainers} against the Cosmos DB test server. */
class CosmosIOIT {
  private static final CosmosConnection CONN = CosmosTestServer.connection("ferry_cosmos_io_it");
  private static CosmosClient client;

  @BeforeAll
  static void connect() {
    client = CONN.client();
  }

  @AfterAll
  static void dropDatabase() {
    try {
      client.getDatabase(CONN.database()).delete();
    } finally {
      client.close();
    }
  }

  private static Pipeline pipeline() {
    return Pipeline.create(PipelineOptionsFactory.fromArgs("--runner=DirectRunner").create());
  }

  private static float[] vector(Random random, int dims) {
    float[] v = new float[dims];
    for (int i = 0; i < dims; i++) {
      v[i] = (float) random.nextGaussian() / 7f;
    }
    return v;
  }

  private static List<Record> documents(int n) {
    Random random = new Random(7);
    List<Record> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Record r =
          Record.of(
              "id",
              "doc-" + i,
              "pk",
              "key-" + (i % 37),
              "n",
              (long) i,
              "score",
              i / 4.0 + 0.125,
              "meta",
              Record.of("tags", List.of("a", "t" + (i % 3)), "ok", i % 2 == 0),
              "embedding",
              vector(random, 16));
      out.add(r);
    }
    return out;
  }

  @Test
  void writesEveryDocumentRejectsWhatTheServerRefusesAndReadsBackBitExactAcrossFeedRanges() {
    CosmosContainers.prepare(
        client, CONN.database(), List.of(CosmosContainerDef.of("docs", List.of("/pk"))));
    List<Record> docs = documents(300);
    List<Record> input = new ArrayList<>(docs);
    Record oversized = Record.of("id", "too-big", "pk", "key-1", "blob", "x".repeat(2_200_000));
    Record badId = Record.of("id", "a/b", "pk", "key-2");
    input.add(oversized);
    input.add(badId);

    Pipeline p = pipeline();
    PCollectionTuple w =
        p.apply(
                Create.of(
                        RecordBatch.of(input.subList(0, 150)),
                        RecordBatch.of(input.subList(150, input.size())))
                    .withCoder(dev.ferry.record.RecordBatchCoder.of()))
            .apply(
                CosmosIO.write()
                    .withConnection(CONN)
                    .withContainer("docs")
                    .withPartitionKeyPaths(List.of("/pk"))
                    .withFlow("docs")
                    .withBulkSize(64));
    PAssert.that(w.get(CosmosIO.WRITTEN).apply(Sum.longsGlobally())).containsInAnyOrder(300L);
    PAssert.that(w.get(FlowTags.REJECTS))
        .satisfies(
            rejects -> {
              Map<String, String> reasons = new HashMap<>();
              for (Reject r : rejects) {
                assertThat(r.flow()).isEqualTo("docs");
                assertThat(r.step()).isEqualTo("write");
                reasons.put(r.key().toString(), r.reason());
              }
              assertThat(reasons.keySet())
                  .containsExactlyInAnyOrder(
                      "{id='too-big', partition_key.pk='key-1'}",
                      "{id='a/b', partition_key.pk='key-2'}");
              assertThat(reasons.get("{id='too-big', partition_key.pk='key-1'}"))
                  .startsWith(
                      "container 'docs': upsert failed with status 413 (document too large)");
              assertThat(reasons.get("{id='a/b', partition_key.pk='key-2'}"))
                  .startsWith("container 'docs': upsert failed with status 400 (bad request)");
              return null;
            });
    p.run().waitUntilFinish();

    // The layer advertises 4 ranges: each holds some documents, together each exactly once.
    CosmosContainer c = client.getDatabase(CONN.database()).getContainer("docs");
    List<FeedRange> ranges = c.getFeedRanges();
    assertThat(ranges).hasSize(4);
    Map<String, Integer> seen = new HashMap<>();
    for (FeedRange range : ranges) {
      CosmosQueryRequestOptions o = new CosmosQueryRequestOptions();
      o.setFeedRange(range);
      int inRange = 0;
      for (ObjectNode doc : c.queryItems("SELECT * FROM c", o, ObjectNode.class)) {
        seen.merge(doc.get("id").asText(), 1, Integer::sum);
        inRange++;
      }
      assertThat(inRange).as("documents in range %s", range).isPositive();
    }
    assertThat(seen).hasSize(300);
    assertThat(seen.values()).containsOnly(1);

    // Vectors come back bit for bit.
    ObjectNode first = c.readItem("doc-0", new PartitionKey("key-0"), ObjectNode.class).getItem();
    float[] back = (float[]) CosmosDocuments.toRecord(first, Set.of("embedding")).get("embedding");
    float[] sent = (float[]) docs.get(0).get("embedding");
    for (int i = 0; i < sent.length; i++) {
      assertThat(Float.floatToRawIntBits(back[i])).isEqualTo(Float.floatToRawIntBits(sent[i]));
    }

    // The parallel read returns every document once, equal to what was written.
    Pipeline read = pipeline();
    PCollectionTuple r =
        read.apply(
            CosmosIO.read()
                .withConnection(CONN)
                .withContainer("docs")
                .withVectorPaths(Set.of("embedding"))
                .withBatchSize(50));
    PAssert.that(r.get(FlowTags.RECORDS)).satisfies(CosmosTestServer.holdExactly(docs));
    PAssert.that(r.get(FlowTags.REJECTS)).empty();
    read.run().waitUntilFinish();

    // A query narrows the read.
    Pipeline narrowed = pipeline();
    PCollectionTuple q =
        narrowed.apply(
            CosmosIO.read()
                .withConnection(CONN)
                .withContainer("docs")
                .withQuery("SELECT * FROM c WHERE c.pk = 'key-5'")
                .withVectorPaths(Set.of("embedding")));
    List<Record> key5 = new ArrayList<>();
    for (Record d : docs) {
      if (d.get("pk").equals("key-5")) {
        key5.add(d);
      }
    }
    PAssert.that(q.get(FlowTags.RECORDS)).satisfies(CosmosTestServer.holdExactly(key5));
    narrowed.run().waitUntilFinish();
  }

  @Test
  void aThroughputBudgetPacesTheWritesAndEveryDocumentLands() {
    CosmosContainers.prepare(
        client, CONN.database(), List.of(CosmosContainerDef.of("paced", List.of("/pk"))));
    List<Record> docs = documents(30);
    Pipeline p = pipeline();
    PCollectionTuple w =
        p.apply(
                Create.of(List.of(RecordBatch.of(docs)))
                    .withCoder(dev.ferry.record.RecordBatchCoder.of()))
            .apply(
                CosmosIO.write()
                    .withConnection(CONN)
                    .withContainer("paced")
                    .withPartitionKeyPaths(List.of("/pk"))
                    .withFlow("paced")
                    .withBulkSize(10)
                    .withMaxDocumentsPerSecond(5));
    PAssert.that(w.get(CosmosIO.WRITTEN).apply(Sum.longsGlobally())).containsInAnyOrder(30L);
    PAssert.that(w.get(FlowTags.REJECTS)).empty();
    long started = System.nanoTime();
    org.apache.beam.sdk.PipelineResult result = p.run();
    result.waitUntilFinish();
    long elapsedMs = (System.nanoTime() - started) / 1_000_000;

    // Three chunks of 10 at 5 documents a second: the 2nd waits for the 1st's 2 s, the 3rd for
    // 4 s after the 1st. (A lower bound only: a slow machine cannot make this fail.)
    assertThat(elapsedMs).isGreaterThanOrEqualTo(3_900);
    long waits = 0;
    for (org.apache.beam.sdk.metrics.MetricResult<Long> c :
        result
            .metrics()
            .queryMetrics(
                org.apache.beam.sdk.metrics.MetricsFilter.builder()
                    .addNameFilter(
                        org.apache.beam.sdk.metrics.MetricNameFilter.named(
                            CosmosIO.class, "cosmos.write.budget_waits"))
                    .build())
            .getCounters()) {
      waits += c.getAttempted();
    }
    assertThat(waits).as("chunks that waited for the budget").isBetween(1L, 2L);
    Map<String, Integer> seen = new HashMap<>();
    for (ObjectNode doc :
        client
            .getDatabase(CONN.database())
            .getContainer("paced")
            .queryItems("SELECT * FROM c", new CosmosQueryRequestOptions(), ObjectNode.class)) {
      seen.merge(doc.get("id").asText(), 1, Integer::sum);
    }
    assertThat(seen).hasSize(30);
    assertThat(seen.values()).containsOnly(1);
  }

  @Test
  void aPointReadWithTheWrongPartitionKeyIsNotFound() {
    CosmosContainers.prepare(
        client, CONN.database(), List.of(CosmosContainerDef.of("points", List.of("/pk"))));
    CosmosContainer c = client.getDatabase(CONN.database()).getContainer("points");
    c.upsertItem(CosmosDocuments.toDocument(Record.of("id", "p1", "pk", "right")));
    assertThat(
            c.readItem("p1", new PartitionKey("right"), ObjectNode.class)
                .getItem()
                .get("pk")
                .asText())
        .isEqualTo("right");
    assertThatThrownBy(() -> c.readItem("p1", new PartitionKey("wrong"), ObjectNode.class))
        .isInstanceOf(com.azure.cosmos.CosmosException.class)
        .satisfies(
            e -> assertThat(((com.azure.cosmos.CosmosException) e).getStatusCode()).isEqualTo(404));
  }

  @Test
  void anExistingContainerWithAnotherPartitionKeyStopsPreparationBeforeAnythingIsCreated() {
    CosmosContainers.prepare(
        client, CONN.database(), List.of(CosmosContainerDef.of("sessions", List.of("/id"))));
    List<CosmosContainerDef> wanted =
        List.of(
            CosmosContainerDef.of("fresh", List.of("/user_id")),
            CosmosContainerDef.of("sessions", List.of("/user_id")).withDefaultTtl(7776000));
    assertThatThrownBy(() -> CosmosContainers.prepare(client, CONN.database(), wanted))
        .isInstanceOf(CosmosContainerMismatchException.class)
        .hasMessage(
            "container '"
                + CONN.database()
                + "/sessions' exists with partition key [/id] but the spec says [/user_id]"
                + " (a container's partition key cannot change: migrate into a new container); "
                + "container '"
                + CONN.database()
                + "/sessions' exists with default TTL null but the spec says 7776000");
    assertThat(CosmosContainers.existing(client.getDatabase(CONN.database()), "fresh")).isNull();
  }

  @Test
  void createsContainersWithHierarchicalKeysTtlAndVectorPolicyAndAcceptsThemOnTheNextRun() {
    CosmosContainerDef vectors =
        CosmosContainerDef.of("vectors", List.of("/personality_id", "/source"))
            .withVector(new CosmosContainerDef.Vector("/embedding", 768, "cosine", "diskANN"))
            .withDefaultTtl(-1)
            .withThroughput(1000);
    assertThat(CosmosContainers.prepare(client, CONN.database(), List.of(vectors)))
        .containsExactly("vectors");
    assertThat(CosmosContainers.prepare(client, CONN.database(), List.of(vectors))).isEmpty();
    var props = CosmosContainers.existing(client.getDatabase(CONN.database()), "vectors");
    assertThat(props.getPartitionKeyDefinition().getPaths())
        .containsExactly("/personality_id", "/source");
    assertThat(props.getPartitionKeyDefinition().getKind().toString()).isEqualTo("MultiHash");
    assertThat(props.getDefaultTimeToLiveInSeconds()).isEqualTo(-1);
    assertThat(
            props.getVectorEmbeddingPolicy().getVectorEmbeddings().get(0).getEmbeddingDimensions())
        .isEqualTo(768);
  }
}
