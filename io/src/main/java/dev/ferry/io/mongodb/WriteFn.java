package dev.ferry.io.mongodb;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import dev.ferry.record.FlowTags;
import dev.ferry.record.Record;
import dev.ferry.record.RecordBatch;
import dev.ferry.record.Reject;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.bson.Document;

/**
 * Writes each record batch as one unordered bulk of replace-by-key upserts and turns every write
 * error into a reject carrying the key and the server's message. It counts, in namespace {@code
 * ferry}, {@code <flow>.mongo.inserted}, {@code <flow>.mongo.modified} and {@code
 * <flow>.mongo.unchanged} (matched but already equal), so a report can show that a re-run changed
 * nothing.
 *
 * <pre>{@code
 * batches.apply(ParDo.of(new WriteFn(connection, "split", List.of("dataset_id")))
 *     .withOutputTags(MongoIO.WRITTEN, TupleTagList.of(FlowTags.REJECTS)));
 * }</pre>
 */
final class WriteFn extends DoFn<RecordBatch, Long> {
  private static final long serialVersionUID = 1L;
  private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);
  private static final BulkWriteOptions UNORDERED = new BulkWriteOptions().ordered(false);

  private final MongoConnection connection;
  private final String flow;
  private final List<String> key;
  private final Counter inserted;
  private final Counter modified;
  private final Counter unchanged;
  private transient MongoClient client;
  private transient MongoCollection<Document> collection;

  WriteFn(MongoConnection connection, String flow, List<String> key) {
    this.connection = connection;
    this.flow = flow;
    this.key = key;
    this.inserted = Metrics.counter("ferry", flow + ".mongo.inserted");
    this.modified = Metrics.counter("ferry", flow + ".mongo.modified");
    this.unchanged = Metrics.counter("ferry", flow + ".mongo.unchanged");
  }

  @Setup
  public void setup() {
    client = connection.client();
    collection = connection.collection(client);
  }

  @ProcessElement
  public void process(@Element RecordBatch batch, MultiOutputReceiver out) {
    List<WriteModel<Document>> models = new ArrayList<>(batch.size());
    List<Record> sent = new ArrayList<>(batch.size());
    String step = "write " + connection.label();
    for (Record r : batch) {
      Record keyValues = keyOf(r);
      try {
        Document filter = new Document();
        for (String k : key) {
          Object v = r.getPath(k);
          if (v == null) {
            throw new IllegalArgumentException("key field '" + k + "' is missing or null");
          }
          filter.append(k, BsonRecords.toBson(v));
        }
        models.add(new ReplaceOneModel<>(filter, BsonRecords.toDocument(r), UPSERT));
        sent.add(r);
      } catch (IllegalArgumentException e) {
        out.get(FlowTags.REJECTS)
            .output(
                Reject.of(
                    flow,
                    step,
                    "collection '" + connection.label() + "': " + e.getMessage(),
                    keyValues,
                    r));
      }
    }
    if (models.isEmpty()) {
      out.get(MongoIO.WRITTEN).output(0L);
      return;
    }
    long failed = 0;
    BulkWriteResult result;
    try {
      result =
          MongoRetry.call(
              "write to " + connection.label(), () -> collection.bulkWrite(models, UNORDERED));
    } catch (MongoBulkWriteException e) {
      if (e.getWriteConcernError() != null) {
        throw new IllegalStateException(
            "collection '"
                + connection.label()
                + "': write concern error: "
                + e.getWriteConcernError().getMessage(),
            e);
      }
      for (BulkWriteError err : e.getWriteErrors()) {
        Record r = sent.get(err.getIndex());
        out.get(FlowTags.REJECTS)
            .output(
                Reject.of(
                    flow,
                    step,
                    "collection '"
                        + connection.label()
                        + "': write error "
                        + err.getCode()
                        + ": "
                        + err.getMessage(),
                    keyOf(r),
                    r));
      }
      failed = e.getWriteErrors().size();
      result = e.getWriteResult();
    }
    long upserted = result.getUpserts().size();
    inserted.inc(upserted + result.getInsertedCount());
    modified.inc(result.getModifiedCount());
    unchanged.inc(Math.max(0, result.getMatchedCount() - result.getModifiedCount()));
    out.get(MongoIO.WRITTEN).output(models.size() - failed);
  }

  private Record keyOf(Record r) {
    Record k = Record.withCapacity(key.size());
    for (String f : key) {
      k.put(f, r.getPath(f));
    }
    return k;
  }

  @Teardown
  public void teardown() {
    if (client != null) {
      client.close();
      client = null;
    }
  }
}
