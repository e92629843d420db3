package dev.ferry.io.sqlite;

import dev.ferry.io.ranges.RangeSource;
import dev.ferry.record.FlowTags;
import dev.ferry.record.Record;
import dev.ferry.record.RecordBatch;
import dev.ferry.record.RecordBatchCoder;
import dev.ferry.record.RecordCoder;
import dev.ferry.record.RejectCoder;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
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
 * Reads SQLite tables and queries into record batches. The database is opened read-only.
 *
 * <p>{@link #read()} plans its ranges while the pipeline is built, hands them to the workers one at
 * a time (each range is a split of its own, {@link RangeSource}), and reads each range with one
 * connection per DoFn instance. A rowid table is split by its rowid (or {@code INTEGER PRIMARY
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

  /** How long a SQLite writer waits for another writer's transaction before failing. */
  public static final int BUSY_TIMEOUT_MS = 60_000;

  /** The rows a write counted as written, one count per batch. */
  public static final TupleTag<Long> WRITTEN = new TupleTag<Long>("written") {};

  /**
   * The key conflicts a write met: records {@code {table, key, action}} with action {@code
   * skipped}, {@code replaced} or {@code failed}.
   */
  public static final TupleTag<Record> CONFLICTS = new TupleTag<Record>("conflicts") {};

  /** What a write does with a row whose key is already in the table with other values. */
  public enum OnConflict {
    /** Update it silently: the table belongs to this write (a re-run after a source change). */
    UPDATE,
    /** Fail the batch (nothing of it is committed), naming the keys. */
    FAIL,
    /** Keep the existing row; report the key. */
    SKIP,
    /** Overwrite the existing row; report the key. */
    REPLACE
  }

  /**
   * A write of record batches into an existing SQLite table (see {@link Write}).
   *
   * <pre>{@code
   * PCollectionTuple w = batches.apply(SqliteIO.write()
   *     .withDatabase("unified.db").withTable("users").withKey(List.of("rowid")));
   * w.get(SqliteIO.WRITTEN);     // rows written per batch
   * w.get(SqliteIO.CONFLICTS);   // key conflicts met
   * }</pre>
   */
  public static Write write() {
    return new Write(null, null, null, OnConflict.UPDATE);
  }

  /**
   * An immutable SQLite write. Every record's fields are columns of the table, except a field named
   * {@code rowid}, which sets the row's rowid (so rowids are preserved). Rows are matched by {@link
   * #withKey} (the primary key, or {@code rowid}): a new key is inserted, an identical row is left
   * untouched (a re-run rewrites nothing), another row with the same key is handled by {@link
   * #withOnConflict}. Values keep their storage class. One batch is one transaction, and writers of
   * one file take turns (see {@link SqliteWriteFn}).
   */
  public static final class Write extends PTransform<PCollection<RecordBatch>, PCollectionTuple> {
    private static final long serialVersionUID = 1L;
    private final String database;
    private final String table;
    private final List<String> key;
    private final OnConflict onConflict;

    private Write(String database, String table, List<String> key, OnConflict onConflict) {
      this.database = database;
      this.table = table;
      this.key = key;
      this.onConflict = onConflict;
    }

    /** The path of the SQLite database file; created if missing. Required. */
    public Write withDatabase(String path) {
      return new Write(Read.text(path, "withDatabase"), table, key, onConflict);
    }

    /** The table written; it must exist. Required. */
    public Write withTable(String name) {
      return new Write(database, Read.text(name, "withTable"), key, onConflict);
    }

    /** The fields that identify a row: the primary key, or {@code rowid}. Required, not empty. */
    public Write withKey(List<String> fields) {
      Objects.requireNonNull(fields, "withKey: fields");
      if (fields.isEmpty()) {
        throw new IllegalArgumentException("withKey: must name at least one field");
      }
      fields.forEach(f -> Read.text(f, "withKey"));
      return new Write(database, table, List.copyOf(fields), onConflict);
    }

    /**
     * What to do with a row whose key exists with other values. Default {@link OnConflict#UPDATE}.
     */
    public Write withOnConflict(OnConflict policy) {
      return new Write(database, table, key, Objects.requireNonNull(policy, "withOnConflict"));
    }

    @Override
    public PCollectionTuple expand(PCollection<RecordBatch> input) {
      if (database == null) {
        throw new IllegalStateException("SqliteIO.write() needs withDatabase(path)");
      }
      if (table == null) {
        throw new IllegalStateException("SqliteIO.write() needs withTable(name)");
      }
      if (key == null) {
        throw new IllegalStateException("SqliteIO.write() needs withKey(fields)");
      }
      PCollectionTuple out =
          input.apply(
              "Write batches",
              ParDo.of(new SqliteWriteFn(database, table, key, onConflict))
                  .withOutputTags(WRITTEN, TupleTagList.of(CONFLICTS)));
      out.get(WRITTEN).setCoder(VarLongCoder.of());
      out.get(CONFLICTS).setCoder(RecordCoder.of());
      return out;
    }
  }

  /** A read to configure with a database, a table or query, and a flow name. */
  public static Read read() {
    return new Read(null, null, null, null, null, null, 0, RecordBatch.DEFAULT_SIZE, false, false);
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
    private final boolean exact;

    private Read(
        String database,
        String table,
        String query,
        String splitColumn,
        String flow,
        List<String> keyFields,
        int splits,
        int batchSize,
        boolean rowid,
        boolean exact) {
      this.exact = exact;
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
          rowid,
          exact);
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
          rowid,
          exact);
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
          rowid,
          exact);
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
          rowid,
          exact);
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
          rowid,
          exact);
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
          database,
          table,
          query,
          splitColumn,
          flow,
          List.copyOf(fields),
          splits,
          batchSize,
          rowid,
          exact);
    }

    /**
     * How many ranges to read in parallel. Default: one per 50,000 rows, at least 1, at most 64.
     * Fewer ranges are read when the key has fewer values.
     */
    public Read withSplits(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("withSplits: must be at least 1, was " + n);
      }
      return new Read(
          database, table, query, splitColumn, flow, keyFields, n, batchSize, rowid, exact);
    }

    /** Records per output batch. Default {@link RecordBatch#DEFAULT_SIZE}. */
    public Read withBatchSize(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("withBatchSize: must be at least 1, was " + n);
      }
      return new Read(
          database, table, query, splitColumn, flow, keyFields, splits, n, rowid, exact);
    }

    /** Adds the rowid as a last field named {@code rowid} (tables with a rowid only). */
    public Read withRowid(boolean add) {
      return new Read(
          database, table, query, splitColumn, flow, keyFields, splits, batchSize, add, exact);
    }

    /**
     * Keeps every cell's storage class exactly: a BLOB stays bytes even in a column with TEXT
     * affinity (by default such a BLOB is decoded as the UTF-8 text the application meant). For
     * copies into SQLite.
     */
    public Read withExactValues(boolean on) {
      return new Read(
          database, table, query, splitColumn, flow, keyFields, splits, batchSize, rowid, on);
    }

    @Override
    public PCollectionTuple expand(PBegin input) {
      PCollection<ReadTask> tasks = input.apply("Ranges", ranges());
      PCollectionTuple out =
          tasks.apply(
              "Read ranges",
              ParDo.of(new ReadRangeFn(database, flow, batchSize, exact))
                  .withOutputTags(FlowTags.RECORDS, TupleTagList.of(FlowTags.REJECTS)));
      out.get(FlowTags.RECORDS).setCoder(RecordBatchCoder.of());
      out.get(FlowTags.REJECTS).setCoder(RejectCoder.of());
      return out;
    }

    /**
     * The read's planned pieces, for a DoFn that executes them itself with {@link
     * SqliteRangeReader} (a fused flow); the settings are checked as in {@link #expand}. The ranges
     * are planned here, while the pipeline is built, and each is a split of its own ({@link
     * RangeSource}), so a runner hands the next one to whichever worker is free.
     */
    public PTransform<PBegin, PCollection<ReadTask>> ranges() {
      check();
      ReadSpec spec =
          new ReadSpec(
              database, table, query, splitColumn, flow, keyFields, splits, batchSize, rowid);
      return new PTransform<>() {
        @Override
        public PCollection<ReadTask> expand(PBegin input) {
          return input.apply(
              "Planned ranges", RangeSource.read(plan(spec), SerializableCoder.of(ReadTask.class)));
        }
      };
    }

    private static List<ReadTask> plan(ReadSpec spec) {
      try (Connection c = SqliteConnections.openReadOnly(spec.database())) {
        return ReadPlanner.plan(c, spec);
      } catch (SQLException e) {
        throw new IllegalStateException(
            "cannot plan the read of " + spec.database() + ": " + e.getMessage(), e);
      }
    }

    private void check() {
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
    }

    /** The database file this read opens. */
    public String database() {
      return database;
    }

    /** Whether BLOBs stay bytes whatever the column's affinity. */
    public boolean exactValues() {
      return exact;
    }

    static String text(String value, String setting) {
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
