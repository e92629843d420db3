package dev.ferry.io.cosmos;

import com.azure.cosmos.CosmosClient;
import com.azure.cosmos.CosmosContainer;
import com.azure.cosmos.models.CosmosBulkItemResponse;
import com.azure.cosmos.models.CosmosBulkOperationResponse;
import com.azure.cosmos.models.CosmosBulkOperations;
import com.azure.cosmos.models.CosmosItemOperation;
import com.azure.cosmos.models.CosmosQueryRequestOptions;
import com.azure.cosmos.models.FeedRange;
import com.azure.cosmos.models.FeedResponse;
import com.azure.cosmos.models.PartitionKey;
import com.azure.cosmos.models.PartitionKeyBuilder;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.io.ranges.RangeSource;
import dev.ferry.record.FlowTags;
import dev.ferry.record.Record;
import dev.ferry.record.RecordBatch;
import dev.ferry.record.RecordBatchCoder;
import dev.ferry.record.Reject;
import dev.ferry.record.RejectCoder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Reads and writes Azure Cosmos DB containers with the Azure Cosmos Java SDK.
 *
 * <pre>{@code
 * PCollectionTuple read = p.apply(CosmosIO.read().withConnection(conn).withContainer("users"));
 * PCollection<RecordBatch> users = read.get(FlowTags.RECORDS);
 * PCollectionTuple w = users.apply(CosmosIO.write().withConnection(conn).withContainer("users_v2")
 *     .withPartitionKeyPaths(List.of("/user_id")).withFlow("users"));
 * w.get(CosmosIO.WRITTEN);  // documents written, per bundle
 * w.get(FlowTags.REJECTS);  // every failed operation: id, partition key, status and reason
 * }</pre>
 *
 * <p>A read lists the container's feed ranges when the runner splits it, makes each a split of its
 * own (a worker that is done takes the next) and queries each range page by page (the SDK passes
 * continuation tokens), so N ranges keep N workers busy. A write upserts through the SDK's bulk
 * executor; throttled operations (429) are retried after the server's retry-after with capped
 * exponential backoff, and an operation that still fails is a reject, never a silent loss.
 */
public final class CosmosIO {
  /**
   * The Beam counter (namespace {@code ferry}) of a flow's write operations that were throttled
   * (429) or timed out and retried: {@code <flow>.cosmos.write_retries}.
   */
  public static String retriesCounter(String flow) {
    return flow + ".cosmos.write_retries";
  }

  /** Documents written, one count per flushed batch. */
  public static final TupleTag<Long> WRITTEN = new TupleTag<Long>("written") {};

  private CosmosIO() {}

  public static Read read() {
    return new Read(null, null, "SELECT * FROM c", Set.of(), RecordBatch.DEFAULT_SIZE, "read");
  }

  public static Write write() {
    return new Write(null, null, List.of(), "write", 500, 0, 8);
  }

  /** Reads a container (or a query over it) as record batches, split by feed ranges. */
  public static final class Read extends PTransform<PBegin, PCollectionTuple> {
    private static final long serialVersionUID = 1L;
    private final CosmosConnection connection;
    private final String container;
    private final String query;
    private final Set<String> vectorPaths;
    private final int batchSize;
    private final String flow;

    private Read(
        CosmosConnection connection,
        String container,
        String query,
        Set<String> vectorPaths,
        int batchSize,
        String flow) {
      this.connection = connection;
      this.container = container;
      this.query = query;
      this.vectorPaths = vectorPaths;
      this.batchSize = batchSize;
      this.flow = flow;
    }

    public Read withConnection(CosmosConnection c) {
      if (c == null) {
        throw new IllegalArgumentException("CosmosIO.read(): connection must not be null");
      }
      return new Read(c, container, query, vectorPaths, batchSize, flow);
    }

    public Read withContainer(String id) {
      if (id == null || id.isBlank()) {
        throw new IllegalArgumentException("CosmosIO.read(): container must not be empty");
      }
      return new Read(connection, id, query, vectorPaths, batchSize, flow);
    }

    /** A SQL query over the container ({@code SELECT * FROM c WHERE ...}); default all. */
    public Read withQuery(String sql) {
      if (sql == null || sql.isBlank()) {
        throw new IllegalArgumentException("CosmosIO.read(): query must not be empty");
      }
      return new Read(connection, container, sql, vectorPaths, batchSize, flow);
    }

    /** Dotted paths of arrays to read as {@code float[]} vectors, such as {@code embedding}. */
    public Read withVectorPaths(Set<String> paths) {
      return new Read(connection, container, query, Set.copyOf(paths), batchSize, flow);
    }

    public Read withBatchSize(int n) {
      if (n <= 0) {
        throw new IllegalArgumentException("CosmosIO.read(): batch size must be positive");
      }
      return new Read(connection, container, query, vectorPaths, n, flow);
    }

    /** The flow name that rejects carry. */
    public Read withFlow(String name) {
      return new Read(connection, container, query, vectorPaths, batchSize, name);
    }

    @Override
    public PCollectionTuple expand(PBegin input) {
      if (connection == null) {
        throw new IllegalArgumentException("CosmosIO.read(): withConnection(...) is required");
      }
      if (container == null) {
        throw new IllegalArgumentException("CosmosIO.read(): withContainer(...) is required");
      }
      PCollection<String> ranges =
          input.apply(
              "feed ranges",
              RangeSource.planned(new FeedRangePlan(connection, container), StringUtf8Coder.of()));
      PCollectionTuple out =
          ranges.apply(
              "query ranges",
              ParDo.of(
                      new ReadFeedRangeFn(
                          connection, container, query, vectorPaths, batchSize, flow))
                  .withOutputTags(FlowTags.RECORDS, TupleTagList.of(FlowTags.REJECTS)));
      out.get(FlowTags.RECORDS).setCoder(RecordBatchCoder.of());
      out.get(FlowTags.REJECTS).setCoder(RejectCoder.of());
      return out;
    }
  }

  /**
   * The container's feed ranges (their JSON form), listed when the runner splits the read: each is
   * a split of its own, read by whichever worker is free.
   */
  record FeedRangePlan(CosmosConnection connection, String container)
      implements RangeSource.Plan<String> {
    @Override
    public List<String> ranges() {
      List<String> out = new ArrayList<>();
      try (CosmosClient client = connection.client()) {
        for (FeedRange r :
            client.getDatabase(connection.database()).getContainer(container).getFeedRanges()) {
          out.add(r.toString());
        }
      }
      return out;
    }
  }

  /** Queries one feed range page by page into record batches. */
  static final class ReadFeedRangeFn extends DoFn<String, RecordBatch> {
    private static final long serialVersionUID = 1L;
    private final CosmosConnection connection;
    private final String container;
    private final String query;
    private final Set<String> vectorPaths;
    private final int batchSize;
    private final String flow;
    private final Counter pages = Metrics.counter(CosmosIO.class, "cosmos.read.pages");
    private transient CosmosClient client;

    ReadFeedRangeFn(
        CosmosConnection connection,
        String container,
        String query,
        Set<String> vectorPaths,
        int batchSize,
        String flow) {
      this.connection = connection;
      this.container = container;
      this.query = query;
      this.vectorPaths = vectorPaths;
      this.batchSize = batchSize;
      this.flow = flow;
    }

    @Setup
    public void setup() {
      client = connection.client();
    }

    @ProcessElement
    public void process(@Element String range, MultiOutputReceiver out) {
      CosmosContainer c = client.getDatabase(connection.database()).getContainer(container);
      CosmosQueryRequestOptions options = new CosmosQueryRequestOptions();
      options.setFeedRange(FeedRange.fromString(range));
      List<Record> batch = new ArrayList<>(batchSize);
      String continuation = null;
      do {
        FeedResponse<ObjectNode> page = null;
        for (FeedResponse<ObjectNode> p :
            c.queryItems(query, options, ObjectNode.class)
                .iterableByPage(continuation, Math.min(batchSize, 1000))) {
          page = p;
          break;
        }
        if (page == null) {
          break;
        }
        pages.inc();
        for (ObjectNode doc : page.getResults()) {
          try {
            batch.add(CosmosDocuments.toRecord(doc, vectorPaths));
          } catch (IllegalArgumentException e) {
            Record key = Record.of("id", doc.path("id").asText(null));
            out.get(FlowTags.REJECTS)
                .output(
                    Reject.of(
                        flow,
                        "read",
                        "container '" + container + "': " + e.getMessage(),
                        key,
                        key));
          }
          if (batch.size() >= batchSize) {
            out.get(FlowTags.RECORDS).output(RecordBatch.of(batch));
            batch = new ArrayList<>(batchSize);
          }
        }
        continuation = page.getContinuationToken();
      } while (continuation != null);
      if (!batch.isEmpty()) {
        out.get(FlowTags.RECORDS).output(RecordBatch.of(batch));
      }
    }

    @Teardown
    public void teardown() {
      if (client != null) {
        client.close();
      }
    }
  }

  /** Upserts record batches into a container with the SDK's bulk executor. */
  public static final class Write extends PTransform<PCollection<RecordBatch>, PCollectionTuple> {
    private static final long serialVersionUID = 1L;
    private final CosmosConnection connection;
    private final String container;
    private final List<String> partitionKeyPaths;
    private final String flow;
    private final int bulkSize;
    private final int maxDocsPerSecond;
    private final int maxRetries;

    private Write(
        CosmosConnection connection,
        String container,
        List<String> partitionKeyPaths,
        String flow,
        int bulkSize,
        int maxDocsPerSecond,
        int maxRetries) {
      this.connection = connection;
      this.container = container;
      this.partitionKeyPaths = partitionKeyPaths;
      this.flow = flow;
      this.bulkSize = bulkSize;
      this.maxDocsPerSecond = maxDocsPerSecond;
      this.maxRetries = maxRetries;
    }

    public Write withConnection(CosmosConnection c) {
      if (c == null) {
        throw new IllegalArgumentException("CosmosIO.write(): connection must not be null");
      }
      return new Write(
          c, container, partitionKeyPaths, flow, bulkSize, maxDocsPerSecond, maxRetries);
    }

    public Write withContainer(String id) {
      if (id == null || id.isBlank()) {
        throw new IllegalArgumentException("CosmosIO.write(): container must not be empty");
      }
      return new Write(
          connection, id, partitionKeyPaths, flow, bulkSize, maxDocsPerSecond, maxRetries);
    }

    /** The container's partition key paths ({@code /user_id}; several for MultiHash). */
    public Write withPartitionKeyPaths(List<String> paths) {
      if (paths == null || paths.isEmpty()) {
        throw new IllegalArgumentException("CosmosIO.write(): partition key paths are required");
      }
      return new Write(
          connection, container, List.copyOf(paths), flow, bulkSize, maxDocsPerSecond, maxRetries);
    }

    public Write withFlow(String name) {
      return new Write(
          connection, container, partitionKeyPaths, name, bulkSize, maxDocsPerSecond, maxRetries);
    }

    /** Operations handed to the bulk executor at once (default 500). */
    public Write withBulkSize(int n) {
      if (n <= 0) {
        throw new IllegalArgumentException("CosmosIO.write(): bulk size must be positive");
      }
      return new Write(
          connection, container, partitionKeyPaths, flow, n, maxDocsPerSecond, maxRetries);
    }

    /**
     * A throughput budget: at most this many documents per second into the container, shared by all
     * its writers in one worker process (0: none).
     */
    public Write withMaxDocumentsPerSecond(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("CosmosIO.write(): budget must not be negative");
      }
      return new Write(connection, container, partitionKeyPaths, flow, bulkSize, n, maxRetries);
    }

    /** The throughput budget in documents per second (0: none). */
    public int maxDocumentsPerSecond() {
      return maxDocsPerSecond;
    }

    /** Retries of a throttled (429) or timed-out operation before it is rejected (default 8). */
    public Write withMaxRetries(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("CosmosIO.write(): retries must not be negative");
      }
      return new Write(
          connection, container, partitionKeyPaths, flow, bulkSize, maxDocsPerSecond, n);
    }

    @Override
    public PCollectionTuple expand(PCollection<RecordBatch> input) {
      if (connection == null) {
        throw new IllegalArgumentException("CosmosIO.write(): withConnection(...) is required");
      }
      if (container == null) {
        throw new IllegalArgumentException("CosmosIO.write(): withContainer(...) is required");
      }
      if (partitionKeyPaths.isEmpty()) {
        throw new IllegalArgumentException(
            "CosmosIO.write(): withPartitionKeyPaths(...) is required");
      }
      PCollectionTuple out =
          input.apply(
              "bulk upsert",
              ParDo.of(new BulkUpsertFn(this))
                  .withOutputTags(WRITTEN, TupleTagList.of(FlowTags.REJECTS)));
      out.get(WRITTEN).setCoder(VarLongCoder.of());
      out.get(FlowTags.REJECTS).setCoder(RejectCoder.of());
      return out;
    }
  }

  /** Bulk-upserts each record batch; retries what the server throttled, rejects the rest. */
  static final class BulkUpsertFn extends DoFn<RecordBatch, Long> {
    private static final long serialVersionUID = 1L;
    private static final long MAX_BACKOFF_MS = 10_000;
    private final Write spec;
    private final Counter retried = Metrics.counter(CosmosIO.class, "cosmos.write.retried");
    private final Counter serverNanos = Metrics.counter(CosmosIO.class, "cosmos.write.server_ns");
    private final Counter budgetWaits =
        Metrics.counter(CosmosIO.class, "cosmos.write.budget_waits");
    private final Counter flowRetries;
    private final Counter retryWaitMs =
        Metrics.counter(CosmosIO.class, "cosmos.write.retry_wait_ms");
    private transient CosmosClient client;
    private transient CosmosContainer container;
    private transient CosmosWriteBudget budget;

    BulkUpsertFn(Write spec) {
      this.spec = spec;
      this.flowRetries = Metrics.counter("ferry", retriesCounter(spec.flow));
    }

    @Setup
    public void setup() {
      client = spec.connection.writeClient();
      container = client.getDatabase(spec.connection.database()).getContainer(spec.container);
      if (spec.maxDocsPerSecond > 0) {
        budget =
            CosmosWriteBudget.shared(
                spec.connection.endpoint()
                    + "|"
                    + spec.connection.database()
                    + "|"
                    + spec.container,
                spec.maxDocsPerSecond);
      }
    }

    @ProcessElement
    public void process(@Element RecordBatch batch, MultiOutputReceiver out)
        throws InterruptedException {
      List<Record> records = batch.records();
      for (int from = 0; from < records.size(); from += spec.bulkSize) {
        List<Record> chunk = records.subList(from, Math.min(records.size(), from + spec.bulkSize));
        awaitBudget(chunk.size());
        long written = upsert(chunk, out);
        if (written > 0) {
          out.get(WRITTEN).output(written);
        }
      }
    }

    /** Upserts a chunk; returns how many documents were written. */
    private long upsert(List<Record> chunk, MultiOutputReceiver out) throws InterruptedException {
      Map<String, Record> byOperation = new HashMap<>();
      List<CosmosItemOperation> pending = new ArrayList<>(chunk.size());
      for (Record r : chunk) {
        Object id = r.get("id");
        List<Object> pk = CosmosDocuments.partitionKeyValues(r, spec.partitionKeyPaths);
        if (!(id instanceof String) || ((String) id).isEmpty()) {
          reject(out, r, pk, "document has no string 'id' field (found " + describe(id) + ")");
          continue;
        }
        ObjectNode doc;
        try {
          doc = CosmosDocuments.toDocument(r);
        } catch (IllegalArgumentException e) {
          reject(out, r, pk, e.getMessage());
          continue;
        }
        CosmosItemOperation op =
            CosmosBulkOperations.getUpsertItemOperation(doc, partitionKey(pk), r);
        pending.add(op);
      }
      long written = 0;
      long backoff = 100;
      for (int attempt = 0; !pending.isEmpty(); attempt++) {
        List<CosmosItemOperation> retry = new ArrayList<>();
        long waitMs = 0;
        long started = System.nanoTime();
        Iterable<CosmosBulkOperationResponse<Object>> responses =
            container.executeBulkOperations(pending);
        List<CosmosBulkOperationResponse<Object>> all = new ArrayList<>();
        responses.forEach(all::add);
        serverNanos.inc(System.nanoTime() - started);
        for (CosmosBulkOperationResponse<Object> resp : all) {
          CosmosItemOperation op = resp.getOperation();
          Record r = op.getContext();
          CosmosBulkItemResponse item = resp.getResponse();
          if (item != null && item.isSuccessStatusCode()) {
            written++;
            continue;
          }
          int status = item != null ? item.getStatusCode() : statusOf(resp.getException());
          boolean transientFault = status == 429 || status == 408 || status == 503 || status == 449;
          if (transientFault && attempt < spec.maxRetries) {
            retry.add(op);
            if (item != null && item.getRetryAfterDuration() != null) {
              waitMs = Math.max(waitMs, item.getRetryAfterDuration().toMillis());
            }
            continue;
          }
          List<Object> pk = CosmosDocuments.partitionKeyValues(r, spec.partitionKeyPaths);
          reject(out, r, pk, reason(status, item, resp.getException(), transientFault));
        }
        if (!retry.isEmpty()) {
          retried.inc(retry.size());
          flowRetries.inc(retry.size());
          long sleepMs = Math.min(MAX_BACKOFF_MS, Math.max(waitMs, backoff));
          retryWaitMs.inc(sleepMs);
          Thread.sleep(sleepMs);
          backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
        }
        pending = retry;
      }
      return written;
    }

    private String reason(
        int status, CosmosBulkItemResponse item, Exception error, boolean transientFault) {
      StringBuilder sb = new StringBuilder();
      sb.append("container '").append(spec.container).append("': upsert failed with status ");
      sb.append(status).append(" (").append(statusName(status)).append(")");
      if (item != null && item.getSubStatusCode() != 0) {
        sb.append(", sub-status ").append(item.getSubStatusCode());
      }
      if (transientFault) {
        sb.append(" after ").append(spec.maxRetries).append(" retries");
      }
      if (error != null && error.getMessage() != null) {
        String m = error.getMessage();
        sb.append(": ").append(m.length() > 300 ? m.substring(0, 300) + "..." : m);
      }
      return sb.toString();
    }

    private void reject(MultiOutputReceiver out, Record r, List<Object> pk, String reason) {
      Record key = Record.of("id", r.get("id"));
      for (int i = 0; i < spec.partitionKeyPaths.size(); i++) {
        key.put("partition_key" + spec.partitionKeyPaths.get(i).replace('/', '.'), pk.get(i));
      }
      out.get(FlowTags.REJECTS).output(Reject.of(spec.flow, "write", reason, key, r));
    }

    private void awaitBudget(int docs) throws InterruptedException {
      if (budget == null) {
        return;
      }
      long waitNs = budget.reserve(docs, System.nanoTime());
      if (waitNs > 0) {
        budgetWaits.inc();
        Thread.sleep(waitNs / 1_000_000L, (int) (waitNs % 1_000_000L));
      }
    }

    @Teardown
    public void teardown() {
      if (client != null) {
        client.close();
      }
    }
  }

  /** The SDK partition key of these values (one per path; null is a missing value). */
  public static PartitionKey partitionKeyOf(List<Object> values) {
    return partitionKey(values);
  }

  /** The SDK partition key of these values (one per path; null is a missing value). */
  static PartitionKey partitionKey(List<Object> values) {
    if (values.size() == 1) {
      Object v = values.get(0);
      return v == null ? PartitionKey.NONE : new PartitionKey(keyValue(v));
    }
    PartitionKeyBuilder b = new PartitionKeyBuilder();
    for (Object v : values) {
      if (v == null) {
        b.addNoneValue();
      } else {
        Object k = keyValue(v);
        if (k instanceof String) {
          b.add((String) k);
        } else if (k instanceof Boolean) {
          b.add((Boolean) k);
        } else {
          b.add(((Number) k).doubleValue());
        }
      }
    }
    return b.build();
  }

  private static Object keyValue(Object v) {
    if (v instanceof String || v instanceof Boolean) {
      return v;
    }
    if (v instanceof Long || v instanceof Double) {
      return v;
    }
    return String.valueOf(v);
  }

  private static int statusOf(Exception e) {
    return e instanceof com.azure.cosmos.CosmosException
        ? ((com.azure.cosmos.CosmosException) e).getStatusCode()
        : 0;
  }

  private static String describe(Object v) {
    return v == null ? "nothing" : v.getClass().getSimpleName() + " " + v;
  }

  static String statusName(int status) {
    switch (status) {
      case 400:
        return "bad request";
      case 403:
        return "forbidden";
      case 404:
        return "not found";
      case 408:
        return "timeout";
      case 409:
        return "conflict";
      case 413:
        return "document too large";
      case 429:
        return "throttled";
      case 449:
        return "retry with";
      case 503:
        return "unavailable";
      case 0:
        return "no response";
      default:
        return "error";
    }
  }
}
