package dev.ferry.io.cosmos;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.cosmos.CosmosClient;
import com.azure.cosmos.models.CosmosQueryRequestOptions;
import com.azure.cosmos.models.FeedRange;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.record.FlowTags;
import dev.ferry.record.Record;
import dev.ferry.record.RecordBatch;
import dev.ferry.record.RecordBatchCoder;
import dev.ferry.record.Reject;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The 429 path of {@link CosmosIO#write()} against the test server's throttling mode (the layer
 * answers every N-th write operation of a container with 429 and a retry-after): throttled
 * operations are retried, counted, and every document lands exactly once; when the retries run out
 * the documents become rejects with id, partition key and status 429, never lost.
 */
class CosmosThrottleIT {
  private static final CosmosConnection CONN = CosmosTestServer.connection("ferry_cosmos_429_it");
  private static final ObjectMapper JSON = new ObjectMapper();
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

  /** Calls the layer's throttle endpoint (POST with a body, or GET); returns its JSON answer. */
  static ObjectNode throttle(String method, String query, String body) throws Exception {
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(
        null,
        new TrustManager[] {
          new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] c, String a) {}

            @Override
            public void checkServerTrusted(X509Certificate[] c, String a) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
              return new X509Certificate[0];
            }
          }
        },
        null);
    HttpsURLConnection c =
        (HttpsURLConnection)
            URI.create(CONN.endpoint() + "_ferry/throttle" + query).toURL().openConnection();
    c.setSSLSocketFactory(tls.getSocketFactory());
    c.setHostnameVerifier((h, s) -> true);
    c.setRequestMethod(method);
    if (body != null) {
      c.setDoOutput(true);
      try (OutputStream out = c.getOutputStream()) {
        out.write(body.getBytes(StandardCharsets.UTF_8));
      }
    }
    assertThat(c.getResponseCode()).as("throttle endpoint").isEqualTo(200);
    try (InputStream in = c.getInputStream()) {
      return (ObjectNode) JSON.readTree(in);
    }
  }

  static void setThrottle(String container, int every, int retryAfterMs) throws Exception {
    throttle(
        "POST",
        "",
        "{\"database\":\""
            + CONN.database()
            + "\",\"container\":\""
            + container
            + "\",\"every\":"
            + every
            + ",\"retryAfterMs\":"
            + retryAfterMs
            + "}");
  }

  static ObjectNode stats(String container) throws Exception {
    return throttle("GET", "?database=" + CONN.database() + "&container=" + container, null);
  }

  private static List<Record> documents(int n) {
    List<Record> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(Record.of("id", "doc-" + i, "pk", "key-" + (i % 7), "n", (long) i));
    }
    return out;
  }

  private static long counter(PipelineResult result, String namespace, String name) {
    long sum = 0;
    for (MetricResult<Long> c :
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.named(namespace, name))
                    .build())
            .getCounters()) {
      sum += c.getAttempted();
    }
    return sum;
  }

  /** Every document of a container by id, with how many times each was seen. */
  private static Map<String, String> landed(String container) {
    Map<String, String> out = new TreeMap<>();
    var c = client.getDatabase(CONN.database()).getContainer(container);
    for (FeedRange r : c.getFeedRanges()) {
      CosmosQueryRequestOptions o = new CosmosQueryRequestOptions();
      o.setFeedRange(r);
      for (ObjectNode doc : c.queryItems("SELECT * FROM c", o, ObjectNode.class)) {
        Record rec = CosmosDocuments.toRecord(doc, java.util.Set.of());
        String prev = out.put((String) rec.get("id"), rec.toString());
        assertThat(prev).as("document %s read twice", rec.get("id")).isNull();
      }
    }
    return out;
  }

  @Test
  void throttledOperationsAreRetriedAfterTheRetryAfterCountedAndLandExactlyOnce() throws Exception {
    CosmosContainers.prepare(
        client, CONN.database(), List.of(CosmosContainerDef.of("throttled", List.of("/pk"))));
    setThrottle("throttled", 3, 25);
    List<Record> docs = documents(200);
    Pipeline p = Pipeline.create(PipelineOptionsFactory.fromArgs("--runner=DirectRunner").create());
    PCollectionTuple w =
        p.apply(
                Create.of(
                        RecordBatch.of(docs.subList(0, 100)),
                        RecordBatch.of(docs.subList(100, 200)))
                    .withCoder(RecordBatchCoder.of()))
            .apply(
                CosmosIO.write()
                    .withConnection(CONN)
                    .withContainer("throttled")
                    .withPartitionKeyPaths(List.of("/pk"))
                    .withFlow("throttled")
                    .withBulkSize(50));
    PAssert.that(w.get(CosmosIO.WRITTEN).apply(Sum.longsGlobally())).containsInAnyOrder(200L);
    PAssert.that(w.get(FlowTags.REJECTS)).empty();
    PipelineResult result = p.run();
    result.waitUntilFinish();
    ObjectNode stats = stats("throttled");
    setThrottle("throttled", 0, 0);

    // The server throttled every third write operation; each was retried by CosmosIO (the flow's
    // counter says how many), and every document was carried out exactly once.
    long throttled = stats.get("throttled").asLong();
    assertThat(throttled).isGreaterThanOrEqualTo(66);
    assertThat(stats.get("writes").asLong()).isEqualTo(200 + throttled);
    assertThat(stats.get("applied").asLong()).isEqualTo(200);
    assertThat(counter(result, "ferry", CosmosIO.retriesCounter("throttled"))).isEqualTo(throttled);
    Map<String, String> want = new TreeMap<>();
    docs.forEach(d -> want.put((String) d.get("id"), d.toString()));
    assertThat(landed("throttled")).isEqualTo(want);
  }

  @Test
  void whenTheRetriesRunOutEveryThrottledDocumentIsARejectWithIdPartitionKeyAndStatus()
      throws Exception {
    CosmosContainers.prepare(
        client, CONN.database(), List.of(CosmosContainerDef.of("always", List.of("/pk"))));
    setThrottle("always", 1, 250);
    List<Record> docs = documents(5);
    Pipeline p = Pipeline.create(PipelineOptionsFactory.fromArgs("--runner=DirectRunner").create());
    PCollectionTuple w =
        p.apply(Create.of(List.of(RecordBatch.of(docs))).withCoder(RecordBatchCoder.of()))
            .apply(
                CosmosIO.write()
                    .withConnection(CONN)
                    .withContainer("always")
                    .withPartitionKeyPaths(List.of("/pk"))
                    .withFlow("always")
                    .withMaxRetries(2));
    PAssert.that(w.get(CosmosIO.WRITTEN)).empty();
    // The reject carries the whole document, so it can be written again later.
    TreeMap<String, String> want = new TreeMap<>();
    for (int i = 0; i < 5; i++) {
      want.put(
          "{id='doc-"
              + i
              + "', partition_key.pk='key-"
              + i
              + "'} container 'always': upsert failed with status 429 (throttled), sub-status"
              + " 3200 after 2 retries",
          docs.get(i).toString());
    }
    PAssert.that(w.get(FlowTags.REJECTS))
        .satisfies(
            rejects -> {
              Map<String, String> got = new TreeMap<>();
              for (Reject r : rejects) {
                assertThat(r.flow()).isEqualTo("always");
                assertThat(r.step()).isEqualTo("write");
                got.put(r.key() + " " + r.reason(), r.record().toString());
              }
              assertThat(got).isEqualTo(want);
              return null;
            });
    PipelineResult result = p.run();
    result.waitUntilFinish();
    ObjectNode stats = stats("always");
    setThrottle("always", 0, 0);

    // 5 documents x (1 try + 2 retries), all throttled, none carried out; 10 retries counted.
    assertThat(stats.get("writes").asLong()).isEqualTo(15);
    assertThat(stats.get("throttled").asLong()).isEqualTo(15);
    assertThat(stats.get("applied").asLong()).isZero();
    assertThat(counter(result, "ferry", CosmosIO.retriesCounter("always"))).isEqualTo(10);
    // Each of the 2 retry rounds waited for the server's retry-after (250 ms), which is longer
    // than the backoff (100 ms, then 200 ms).
    assertThat(counter(result, CosmosIO.class.getName(), "cosmos.write.retry_wait_ms"))
        .isEqualTo(500);
    assertThat(landed("always")).isEmpty();
  }
}
