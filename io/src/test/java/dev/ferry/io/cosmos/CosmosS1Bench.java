package dev.ferry.io.cosmos;

import com.azure.cosmos.CosmosClient;
import com.azure.cosmos.CosmosContainer;
import com.azure.cosmos.models.CosmosBulkOperationResponse;
import com.azure.cosmos.models.CosmosBulkOperations;
import com.azure.cosmos.models.CosmosItemOperation;
import com.azure.cosmos.models.PartitionKey;
import dev.ferry.record.FlowTags;
import dev.ferry.record.Record;
import dev.ferry.record.RecordBatch;
import dev.ferry.record.RecordBatchCoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a test: the S1 vector step measured on the Cosmos DB test server. It writes N documents of
 * 768 floats (default 6,514, the seed's volume) three ways side by side: the SDK's bulk executor
 * called directly (the floor), {@link CosmosIO#write()} on the DirectRunner, then reads them back
 * with {@link CosmosIO#read()} over the container's feed ranges; it prints documents/s and the
 * share of the write's time spent waiting on the server. Run it with {@code bench/cosmos-s1/run.sh}
 * or
 *
 * <pre>
 * mvn -o -pl io test-compile surefire:test -Dtest=CosmosS1Bench -Dferry.bench=true \
 *     [-Dferry.bench.docs=6514] [-Dferry.bench.workers=2]
 * </pre>
 */
class CosmosS1Bench {
  @Test
  @EnabledIfSystemProperty(named = "ferry.bench", matches = "true")
  void vectorDocuments() throws Exception {
    int docs = Integer.getInteger("ferry.bench.docs", 6514);
    int workers = Integer.getInteger("ferry.bench.workers", 2);
    CosmosConnection conn = CosmosTestServer.connection("ferry_bench_s1");
    List<Record> records = new ArrayList<>(docs);
    Random random = new Random(42);
    for (int i = 0; i < docs; i++) {
      float[] v = new float[768];
      for (int d = 0; d < v.length; d++) {
        v[d] = (float) (random.nextGaussian() / 9.0);
      }
      records.add(
          Record.of(
              "id",
              String.format("vec-%05d", i),
              "partition_key",
              "p" + (i % 13) + "::source-" + (i % 3),
              "content",
              "Passage " + i + " on duty, patience and practice.",
              "embedding",
              v));
    }
    try (CosmosClient client = conn.client()) {
      CosmosContainers.prepare(
          client,
          conn.database(),
          List.of(
              CosmosContainerDef.of("direct", List.of("/partition_key")),
              CosmosContainerDef.of("ferry", List.of("/partition_key"))));
      CosmosContainer direct = client.getDatabase(conn.database()).getContainer("direct");
      long t0 = System.nanoTime();
      List<CosmosItemOperation> ops = new ArrayList<>();
      for (Record r : records) {
        ops.add(
            CosmosBulkOperations.getUpsertItemOperation(
                CosmosDocuments.toDocument(r), new PartitionKey(r.get("partition_key"))));
      }
      int ok = 0;
      for (CosmosBulkOperationResponse<Object> resp : direct.executeBulkOperations(ops)) {
        if (resp.getResponse() != null && resp.getResponse().isSuccessStatusCode()) {
          ok++;
        }
      }
      double directS = (System.nanoTime() - t0) / 1e9;

      List<RecordBatch> batches = new ArrayList<>();
      for (int from = 0; from < docs; from += 500) {
        batches.add(RecordBatch.of(records.subList(from, Math.min(docs, from + 500))));
      }
      Pipeline p =
          Pipeline.create(
              PipelineOptionsFactory.fromArgs(
                      "--runner=DirectRunner",
                      "--targetParallelism=" + workers,
                      "--enforceEncodability=false",
                      "--enforceImmutability=false")
                  .create());
      p.apply(Create.of(batches).withCoder(RecordBatchCoder.of()))
          .apply(
              CosmosIO.write()
                  .withConnection(conn)
                  .withContainer("ferry")
                  .withPartitionKeyPaths(List.of("/partition_key"))
                  .withFlow("bench"));
      long t1 = System.nanoTime();
      PipelineResult result = p.run();
      result.waitUntilFinish();
      double ferryS = (System.nanoTime() - t1) / 1e9;
      long serverNs = counter(result, "cosmos.write.server_ns");

      Pipeline read =
          Pipeline.create(
              PipelineOptionsFactory.fromArgs(
                      "--runner=DirectRunner",
                      "--targetParallelism=" + workers,
                      "--enforceEncodability=false",
                      "--enforceImmutability=false")
                  .create());
      read.apply(
              CosmosIO.read()
                  .withConnection(conn)
                  .withContainer("ferry")
                  .withVectorPaths(Set.of("embedding")))
          .get(FlowTags.RECORDS);
      long t2 = System.nanoTime();
      PipelineResult readResult = read.run();
      readResult.waitUntilFinish();
      double readS = (System.nanoTime() - t2) / 1e9;

      System.out.printf(
          Locale.ROOT,
          "cosmos-s1: %d documents of 768 floats, %d workers, %d feed ranges%n",
          docs,
          workers,
          client.getDatabase(conn.database()).getContainer("ferry").getFeedRanges().size());
      System.out.printf(
          Locale.ROOT,
          "  SDK bulk upsert, direct      %7.2f s  %8.0f docs/s  (%d ok)%n",
          directS,
          docs / directS,
          ok);
      System.out.printf(
          Locale.ROOT,
          "  CosmosIO.write (DirectRunner) %7.2f s  %8.0f docs/s  ratio to direct %.2f;"
              + " waiting on the server %.0f%% of worker time (%.2f s summed over workers)%n",
          ferryS,
          docs / ferryS,
          directS / ferryS,
          100.0 * serverNs / 1e9 / (ferryS * workers),
          serverNs / 1e9);
      System.out.printf(
          Locale.ROOT,
          "  CosmosIO.read (feed ranges)   %7.2f s  %8.0f docs/s%n",
          readS,
          docs / readS);
      client.getDatabase(conn.database()).delete();
    }
  }

  private static long counter(PipelineResult result, String name) {
    long sum = 0;
    for (MetricResult<Long> c :
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.named(CosmosIO.class, name))
                    .build())
            .getCounters()) {
      sum += c.getAttempted();
    }
    return sum;
  }
}
