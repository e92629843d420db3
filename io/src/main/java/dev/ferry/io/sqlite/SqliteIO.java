package dev.ferry.io.sqlite;

import dev.ferry.record.FlowTags;
import dev.ferry.record.RecordBatch;
import dev.ferry.record.RecordBatchCoder;
import dev.ferry.record.RejectCoder;
import java.util.List;
import java.util.Objects;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Reads SQLite tables and queries into record batches. The database is opened read-only.
 *
 * <p>{@link #read()} plans its work in a DoFn (the one configuration element becomes range tasks),
 * reshuffles the tasks so a parallel runner spreads them over workers, and reads each range with
 * one connection per DoFn instance. A rowid table is split by its rowid (or {@code INTEGER PRIMARY
 * KEY}), a {@code WITHOUT ROWID} table by an integer single-column primary key if it has one, a
 * query only by {@link Read#withSplitColumn}; otherwise it is read as one range. Records keep the
 * table's column order and each cell's storage class (see {@link RowDecoder}); a row with text that
 * is not valid UTF-8 goes to {@link FlowTags#REJECTS} with its key, the bad cell as bytes.
 *
 * <pre>{@code
 * PCollectionTuple read = p.apply(SqliteIO.read()
 *     .withDatabase("chinook.sqlite")
 *     .withTable("Track")
 *     .withFlow("tracks"));
 * PCollection<RecordBatch> tracks = read.get(FlowTags.RECORDS);
 * PCollection<Reject> rejects = read.get(FlowTags.REJECTS);
 * }</pre>
 */
public final class SqliteIO {
  private SqliteIO() {}

  /** A read to configure with a database, a table or query, and a flow name. */
  public static Read read() {
    return new Read(null, null, null, null, null, null, 0, RecordBatch.DEFAULT_SIZE, false);
  }

  /** An immutable SQLite read; every {@code withX} returns a new one. */
  public static final class Read extends PTransform<PBegin, PCollectionTuple> {
    private static final long serialVersionUID = 1L;
    private final String database;
    private final String table;
    private final String query;
    private final String splitColumn;
    private final String flow;
    private final List<String> keyFields;
    private final int splits;
    private final int batchSize;
    private final boolean rowid;

    private Read(
        String database,
        String table,
        String query,
        String splitColumn,
        String flow,
        List<String> keyFields,
        int splits,
        int batchSize,
        boolean rowid) {
      this.database = database;
      this.table = table;
      this.query = query;
      this.splitColumn = splitColumn;
      this.flow = flow;
      this.keyFields = keyFields;
      this.splits = splits;
      this.batchSize = batchSize;
      this.rowid = rowid;
    }

    /** The path of the SQLite database file. Required. */
    public Read withDatabase(String path) {
      return new Read(
          text(path, "withDatabase"),
          table,
          query,
          splitColumn,
          flow,
          keyFields,
          splits,
          batchSize,
          rowid);
    }

    /** The table to read (any name: spaces, quotes, reserved words). Or {@link #withQuery}. */
    public Read withTable(String name) {
      return new Read(
          database,
          text(name, "withTable"),
          query,
          splitColumn,
          flow,
          keyFields,
          splits,
          batchSize,
          rowid);
    }

    /** A SELECT to read instead of a table; read as one range unless a split column is given. */
    public Read withQuery(String sql) {
      return new Read(
          database,
          table,
          text(sql, "withQuery"),
          splitColumn,
          flow,
          keyFields,
          splits,
          batchSize,
          rowid);
    }

    /** A result column of the query whose integer values split it into ranges. */
    public Read withSplitColumn(String column) {
      return new Read(
          database,
          table,
          query,
          text(column, "withSplitColumn"),
          flow,
          keyFields,
          splits,
          batchSize,
          rowid);
    }

    /** The flow named in rejects. Required. */
    public Read withFlow(String name) {
      return new Read(
          database,
          table,
          query,
          splitColumn,
          text(name, "withFlow"),
          keyFields,
          splits,
          batchSize,
          rowid);
    }

    /**
     * The fields that identify a record in rejects. Default: the table's primary key, else {@code
     * rowid}; none for a query.
     */
    public Read withKeyFields(List<String> fields) {
      Objects.requireNonNull(fields, "withKeyFields: fields");
      for (String f : fields) {
        text(f, "withKeyFields");
      }
      return new Read(
          database, table, query, splitColumn, flow, List.copyOf(fields), splits, batchSize, rowid);
    }

    /**
     * How many ranges to read in parallel. Default: one per 50,000 rows, at least 1, at most 64.
     * Fewer ranges are read when the key has fewer values.
     */
    public Read withSplits(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("withSplits: must be at least 1, was " + n);
      }
      return new Read(database, table, query, splitColumn, flow, keyFields, n, batchSize, rowid);
    }

    /** Records per output batch. Default {@link RecordBatch#DEFAULT_SIZE}. */
    public Read withBatchSize(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("withBatchSize: must be at least 1, was " + n);
      }
      return new Read(database, table, query, splitColumn, flow, keyFields, splits, n, rowid);
    }

    /** Adds the rowid as a last field named {@code rowid} (tables with a rowid only). */
    public Read withRowid(boolean add) {
      return new Read(database, table, query, splitColumn, flow, keyFields, splits, batchSize, add);
    }

    @Override
    public PCollectionTuple expand(PBegin input) {
      require(database != null, "withDatabase(path): the SQLite database file");
      require(table != null || query != null, "withTable(name) or withQuery(sql): what to read");
      if (table != null && query != null) {
        throw new IllegalStateException(
            "SqliteIO.read() takes withTable(name) or withQuery(sql), not both");
      }
      require(flow != null, "withFlow(name): the flow named in rejects");
      if (splitColumn != null && query == null) {
        throw new IllegalStateException(
            "SqliteIO.read(): withSplitColumn(column) applies to withQuery(sql) only;"
                + " a table is split by its rowid or integer key");
      }
      if (rowid && table == null) {
        throw new IllegalStateException(
            "SqliteIO.read(): withRowid(true) applies to withTable(name) only");
      }
      ReadSpec spec =
          new ReadSpec(
              database, table, query, splitColumn, flow, keyFields, splits, batchSize, rowid);

      PCollection<ReadTask> tasks =
          input
              .apply("Configure", Create.of(spec).withCoder(SerializableCoder.of(ReadSpec.class)))
              .apply("Plan ranges", ParDo.of(new PlanReadFn(database)))
              .setCoder(SerializableCoder.of(ReadTask.class))
              .apply("Spread ranges", Reshuffle.viaRandomKey());
      PCollectionTuple out =
          tasks.apply(
              "Read ranges",
              ParDo.of(new ReadRangeFn(database, flow, batchSize))
                  .withOutputTags(FlowTags.RECORDS, TupleTagList.of(FlowTags.REJECTS)));
      out.get(FlowTags.RECORDS).setCoder(RecordBatchCoder.of());
      out.get(FlowTags.REJECTS).setCoder(RejectCoder.of());
      return out;
    }

    private static String text(String value, String setting) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(setting + ": must not be null or blank");
      }
      return value;
    }

    private static void require(boolean ok, String setting) {
      if (!ok) {
        throw new IllegalStateException("SqliteIO.read() needs " + setting);
      }
    }
  }
}
