package dev.ferry.io.mongodb;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.ferry.record.FlowTags;
import dev.ferry.record.Record;
import dev.ferry.record.RecordBatch;
import dev.ferry.record.Reject;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** MongoIO against an in-process mongo-java-server speaking the wire protocol. */
class MongoIOTest {
  private MongoServer server;
  private String uri;

  @BeforeEach
  void start() {
    server = new MongoServer(new MemoryBackend());
    uri = "mongodb://" + hostPort(server.bind());
  }

  private static String hostPort(java.net.InetSocketAddress a) {
    return a.getHostString() + ":" + a.getPort();
  }

  @AfterEach
  void stop() {
    server.shutdownNow();
  }

  private static Pipeline pipeline() {
    return Pipeline.create(PipelineOptionsFactory.fromArgs("--runner=DirectRunner").create());
  }

  private MongoConnection conn(String coll) {
    return MongoConnection.of(uri, "t", coll);
  }

  private List<Document> docs(MongoConnection c) {
    try (MongoClient client = c.client()) {
      return c.collection(client).find().sort(new Document("_id", 1)).into(new ArrayList<>());
    }
  }

  @Test
  void mixedIdTypesAreSplitIntoRangesThatCoverEveryDocumentOnce() {
    MongoConnection c = conn("mixed");
    List<Document> in = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      in.add(new Document("_id", i).append("n", i));
      in.add(new Document("_id", "s" + i).append("n", 100 + i));
      in.add(
          new Document("_id", new ObjectId(String.format("%024x", 1000 + i))).append("n", 200 + i));
    }
    in.add(new Document("_id", 9_000_000_000L).append("n", 999));
    try (MongoClient client = c.client()) {
      c.collection(client).insertMany(in);
      List<IdRange> ranges = IdRanges.plan(c.collection(client), 6);
      assertThat(ranges).hasSizeGreaterThanOrEqualTo(6);
      assertThat(ranges.stream().map(IdRange::type).distinct())
          .containsExactly("int", "long", "string", "objectId");
      long sum = 0;
      for (IdRange r : ranges) {
        sum += c.collection(client).countDocuments(r.filter());
      }
      assertThat(sum).isEqualTo(121);
    }
    Pipeline p = pipeline();
    p.apply(MongoIO.read().withConnection(c).withSplits(6).withBatchSize(7))
        .apply(MongoIO.write().withConnection(conn("copy")).withFlow("copy"));
    p.run().waitUntilFinish();
    // Read and written back through records: every document, every type, byte for byte.
    assertThat(docs(conn("copy"))).isEqualTo(docs(c));
    assertThat(docs(c)).hasSize(121);
  }

  @Test
  void aDuplicateKeyUnderAUniqueIndexIsRejectedWithItsKeyAndTheOthersAreWritten() {
    MongoConnection c = conn("configs");
    MongoCollections.prepare(
        c, List.of(new MongoCollections.MongoIndex(List.of("config_id"), true, null)), false);
    List<Record> rows =
        List.of(
            Record.of("dataset_id", "a", "config_id", "a_config"),
            Record.of("dataset_id", "b", "config_id", "a_config"),
            Record.of("dataset_id", "c", "config_id", "c_config"));
    Pipeline p = pipeline();
    PCollectionTuple w =
        p.apply(
                Create.of(List.of(RecordBatch.of(new ArrayList<>(rows))))
                    .withCoder(dev.ferry.record.RecordBatchCoder.of()))
            .apply(
                MongoIO.write().withConnection(c).withFlow("split").withKey(List.of("dataset_id")));
    PAssert.that(w.get(MongoIO.WRITTEN)).containsInAnyOrder(2L);
    PAssert.that(w.get(FlowTags.REJECTS)).satisfies(MongoIOTest::oneDuplicateOfB);
    p.run().waitUntilFinish();
    List<Document> got = docs(c);
    assertThat(got).hasSize(2);
    assertThat(got.stream().map(d -> d.getString("dataset_id")))
        .containsExactlyInAnyOrder("a", "c");
    // A second identical write replaces by key: same documents, same _ids.
    Pipeline again = pipeline();
    again
        .apply(
            Create.of(List.of(RecordBatch.of(new ArrayList<>(List.of(rows.get(0), rows.get(2))))))
                .withCoder(dev.ferry.record.RecordBatchCoder.of()))
        .apply(MongoIO.write().withConnection(c).withFlow("split").withKey(List.of("dataset_id")));
    again.run().waitUntilFinish();
    assertThat(docs(c)).isEqualTo(got);
  }

  private static Void oneDuplicateOfB(Iterable<Reject> rejects) {
    List<Reject> all = new ArrayList<>();
    rejects.forEach(all::add);
    assertThat(all).hasSize(1);
    Reject r = all.get(0);
    assertThat(r.flow()).isEqualTo("split");
    assertThat(r.step()).isEqualTo("write t.configs");
    assertThat(r.key()).isEqualTo(Record.of("dataset_id", "b"));
    assertThat(r.reason())
        .startsWith("collection 't.configs': write error 11000: E11000 duplicate key error")
        .contains("config_id");
    assertThat(r.record()).isEqualTo(Record.of("dataset_id", "b", "config_id", "a_config"));
    return null;
  }
}
