package dev.ferry.io.mongodb;

import dev.ferry.io.ranges.RangeSource;
import dev.ferry.record.FlowTags;
import dev.ferry.record.RecordBatch;
import dev.ferry.record.RecordBatchCoder;
import dev.ferry.record.RejectCoder;
import java.util.List;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * MongoDB read and write transforms over record batches, built on the plain MongoDB driver.
 *
 * <p>{@link #read()} plans {@code _id} ranges at run time ({@link IdRanges}: any {@code _id} type,
 * mixed types included), makes each a split of its own ({@link IdRangePlan}: a worker that is done
 * takes the next range) and reads each range with a cursor into batches of records ({@link
 * BsonRecords} says how BSON types map). Beam's MongoDbIO is not used for this: its splits assume
 * ObjectId {@code _id}s and need server commands mongo-java-server lacks, and it emits single
 * documents with a Java-serialization coder.
 *
 * <p>{@link #write()} replaces each record's document by its key ({@code _id} unless {@link
 * Write#withKey} names other fields), inserting it when missing, in one unordered bulk write per
 * batch; a re-run leaves the collection as it was. Every write error the server reports for a
 * document (a duplicate key under a unique index, a document that is too large) becomes a reject
 * naming the collection, the key and the server's message; nothing is swallowed. Transient faults
 * (network, server selection) are retried with capped exponential backoff, then fail the run.
 *
 * <pre>{@code
 * MongoConnection users = MongoConnection.of(uri, "app", "user_data");
 * PCollection<RecordBatch> docs = p.apply(MongoIO.read().withConnection(users).withSplits(8));
 * PCollectionTuple w = docs.apply(MongoIO.write()
 *     .withConnection(users.withCollection("copy")).withFlow("copy").withKey(List.of("_id")));
 * w.get(MongoIO.WRITTEN); w.get(FlowTags.REJECTS);
 * }</pre>
 */
public final class MongoIO {
  /** Per batch, the number of documents written (inserted, replaced or already equal). */
  public static final TupleTag<Long> WRITTEN = new TupleTag<Long>("written") {};

  private MongoIO() {}

  public static Read read() {
    return new Read(null, RecordBatch.DEFAULT_SIZE, 8);
  }

  public static Write write() {
    return new Write(null, "write", List.of("_id"));
  }

  /** Reads a collection as record batches, split into {@code _id} ranges; see {@link MongoIO}. */
  public static final class Read extends PTransform<PBegin, PCollection<RecordBatch>> {
    private static final long serialVersionUID = 1L;
    private final MongoConnection connection;
    private final int batchSize;
    private final int splits;

    private Read(MongoConnection connection, int batchSize, int splits) {
      this.connection = connection;
      this.batchSize = batchSize;
      this.splits = splits;
    }

    public Read withConnection(MongoConnection c) {
      if (c == null) {
        throw new IllegalArgumentException("withConnection: connection must not be null");
      }
      return new Read(c, batchSize, splits);
    }

    /** Records per emitted batch (also the cursor's batch size). */
    public Read withBatchSize(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("withBatchSize: must be at least 1, got " + n);
      }
      return new Read(connection, n, splits);
    }

    /** About how many {@code _id} ranges to read in parallel. */
    public Read withSplits(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("withSplits: must be at least 1, got " + n);
      }
      return new Read(connection, batchSize, n);
    }

    @Override
    public PCollection<RecordBatch> expand(PBegin input) {
      if (connection == null) {
        throw new IllegalArgumentException("MongoIO.read() needs withConnection(...)");
      }
      return input
          .apply(
              "Planned _id ranges of " + connection.label(),
              RangeSource.planned(
                  new IdRangePlan(connection, splits), SerializableCoder.of(IdRange.class)))
          .apply("Read ranges", ParDo.of(new ReadRangeFn(connection, batchSize)))
          .setCoder(RecordBatchCoder.of());
    }
  }

  /** Replaces documents by key in batched bulk writes; see {@link MongoIO}. */
  public static final class Write extends PTransform<PCollection<RecordBatch>, PCollectionTuple> {
    private static final long serialVersionUID = 1L;
    private final MongoConnection connection;
    private final String flow;
    private final List<String> key;

    private Write(MongoConnection connection, String flow, List<String> key) {
      this.connection = connection;
      this.flow = flow;
      this.key = key;
    }

    public Write withConnection(MongoConnection c) {
      if (c == null) {
        throw new IllegalArgumentException("withConnection: connection must not be null");
      }
      return new Write(c, flow, key);
    }

    /** The flow name rejects carry. */
    public Write withFlow(String name) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("withFlow: name must not be empty");
      }
      return new Write(connection, name, key);
    }

    /** The fields (dotted paths allowed) a document is replaced by; default {@code _id}. */
    public Write withKey(List<String> fields) {
      if (fields == null || fields.isEmpty()) {
        throw new IllegalArgumentException("withKey: at least one key field is needed");
      }
      return new Write(connection, flow, List.copyOf(fields));
    }

    @Override
    public PCollectionTuple expand(PCollection<RecordBatch> input) {
      if (connection == null) {
        throw new IllegalArgumentException("MongoIO.write() needs withConnection(...)");
      }
      PCollectionTuple out =
          input.apply(
              "Write to " + connection.label(),
              ParDo.of(new WriteFn(connection, flow, key))
                  .withOutputTags(WRITTEN, TupleTagList.of(FlowTags.REJECTS)));
      out.get(WRITTEN).setCoder(VarLongCoder.of());
      out.get(FlowTags.REJECTS).setCoder(RejectCoder.of());
      return out;
    }
  }
}
