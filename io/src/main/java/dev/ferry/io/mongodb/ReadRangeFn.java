package dev.ferry.io.mongodb;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCursor;
import dev.ferry.record.Record;
import dev.ferry.record.RecordBatch;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.transforms.DoFn;
import org.bson.Document;

/**
 * Reads one {@code _id} range of a collection into record batches. The cursor's batch size is the
 * record batch size, which keeps every server reply small (mongo-java-server ignores the 16 MB
 * reply cap otherwise).
 *
 * <pre>{@code
 * ranges.apply(ParDo.of(new ReadRangeFn(connection, 2000)));
 * }</pre>
 */
final class ReadRangeFn extends DoFn<IdRange, RecordBatch> {
  private static final long serialVersionUID = 1L;
  private final MongoConnection connection;
  private final int batchSize;
  private transient MongoClient client;

  ReadRangeFn(MongoConnection connection, int batchSize) {
    this.connection = connection;
    this.batchSize = batchSize;
  }

  @Setup
  public void setup() {
    client = connection.client();
  }

  @ProcessElement
  public void process(@Element IdRange range, OutputReceiver<RecordBatch> out) {
    MongoCursor<Document> cursor =
        MongoRetry.call(
            "read " + connection.label() + " " + range,
            () ->
                connection.collection(client).find(range.filter()).batchSize(batchSize).iterator());
    try (cursor) {
      List<Record> batch = new ArrayList<>(batchSize);
      while (cursor.hasNext()) {
        batch.add(BsonRecords.toRecord(cursor.next()));
        if (batch.size() == batchSize) {
          out.output(RecordBatch.of(batch));
          batch = new ArrayList<>(batchSize);
        }
      }
      if (!batch.isEmpty()) {
        out.output(RecordBatch.of(batch));
      }
    }
  }

  @Teardown
  public void teardown() {
    if (client != null) {
      client.close();
      client = null;
    }
  }
}
