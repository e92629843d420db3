package dev.ferry.pipeline;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import dev.ferry.io.mongodb.BsonRecords;
import dev.ferry.io.mongodb.MongoConnection;
import dev.ferry.io.schema.IndexDef;
import dev.ferry.record.Record;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.bson.Document;

/**
 * Measures, for a dry run, how fast a MongoDB target takes a flow's documents: the sampled
 * documents as the steps mapped them are written the way a run writes them (replaced by key,
 * inserted when missing, unordered bulk writes, under the flow's indexes) into a scratch collection
 * of the target's database, which is dropped afterwards; only the writes are timed. When that is
 * not possible (no mapped documents, or the server refuses), the rate is {@link
 * #FALLBACK_DOCS_PER_SECOND} and the explanation says why.
 *
 * <pre>{@code
 * MongoWriteProbe.Rate r = MongoWriteProbe.measure(plan, mappedSample, 1000);
 * double seconds = rows / (double) r.docsPerSecond();
 * }</pre>
 */
final class MongoWriteProbe {
  /**
   * The conservative rate assumed when no timed write is possible: the low end of what was measured
   * into mongo-java-server on this project's loaded 2-core machine (250-500 docs/s).
   */
  static final long FALLBACK_DOCS_PER_SECOND = 250;

  /** A write rate and how it was obtained, for the report. */
  record Rate(long docsPerSecond, String how) {}

  private MongoWriteProbe() {}

  /**
   * Times writing {@code docs} (mapped sample documents) into a scratch collection, then drops it.
   */
  static Rate measure(FlowPlan plan, List<Record> docs, int batchSize) {
    if (docs.isEmpty()) {
      return fallback("no mapped sample documents to time");
    }
    MongoConnection target = MongoFlows.target(plan);
    MongoConnection scratch =
        target.withCollection(
            "ferry_dryrun_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
    try (MongoClient client = scratch.client()) {
      MongoCollection<Document> coll = scratch.collection(client);
      try {
        for (IndexDef i : plan.targetTable().indexes()) {
          Document keys = new Document();
          i.columns().forEach(c -> keys.append(c, 1));
          coll.createIndex(keys, new IndexOptions().unique(i.unique()));
        }
        List<List<WriteModel<Document>>> batches = batches(docs, plan.key(), batchSize);
        long t0 = System.nanoTime();
        for (List<WriteModel<Document>> b : batches) {
          coll.bulkWrite(b, new BulkWriteOptions().ordered(false));
        }
        double seconds = Math.max((System.nanoTime() - t0) / 1e9, 1e-6);
        long rate = Math.max(1, Math.round(docs.size() / seconds));
        return new Rate(
            rate,
            String.format(
                Locale.ROOT,
                "timed write of %d mapped sample documents into scratch collection %s: %.2f s,"
                    + " %,d docs/s (collection dropped)",
                docs.size(),
                scratch.label(),
                seconds,
                rate));
      } finally {
        coll.drop();
      }
    } catch (RuntimeException e) {
      return fallback(
          "the timed sample write into " + scratch.label() + " failed: " + e.getMessage());
    }
  }

  private static Rate fallback(String why) {
    return new Rate(
        FALLBACK_DOCS_PER_SECOND,
        String.format(
            Locale.ROOT,
            "%s; assuming %,d docs/s (conservative constant: the low end measured into"
                + " mongo-java-server on a loaded 2-core machine)",
            why,
            FALLBACK_DOCS_PER_SECOND));
  }

  private static List<List<WriteModel<Document>>> batches(
      List<Record> docs, List<String> key, int batchSize) {
    List<List<WriteModel<Document>>> out = new ArrayList<>();
    List<WriteModel<Document>> cur = new ArrayList<>();
    ReplaceOptions upsert = new ReplaceOptions().upsert(true);
    for (Record r : docs) {
      Document d = BsonRecords.toDocument(r);
      Document filter = new Document();
      for (String k : key) {
        filter.append(k, d.get(k));
      }
      cur.add(new ReplaceOneModel<>(filter, d, upsert));
      if (cur.size() == batchSize) {
        out.add(cur);
        cur = new ArrayList<>();
      }
    }
    if (!cur.isEmpty()) {
      out.add(cur);
    }
    return out;
  }
}
