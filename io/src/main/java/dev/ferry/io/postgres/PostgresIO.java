package dev.ferry.io.postgres;

import dev.ferry.io.ranges.RangeSource;
import dev.ferry.io.schema.TableDef;
import dev.ferry.record.Record;
import dev.ferry.record.RecordBatch;
import dev.ferry.record.RecordBatchCoder;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/**
 * PostgreSQL read and write transforms over record batches.
 *
 * <p>{@link #write()} takes batches of records already conformed to the target table ({@link
 * PgConform}) and writes each batch in one transaction with {@link PgTableWriter}: binary COPY into
 * a temporary staging table and an {@code INSERT ... ON CONFLICT} merge on the key, so re-runs and
 * retried bundles leave the table as one run would (while no key repeats, as on a fresh load,
 * batches are COPY'd straight into the table, about three times faster). It outputs, per batch, the
 * number of records written, for counting and for {@code Wait.on}. Tables with a column type that
 * has no binary encoder (arrays, {@code interval}, ...) are written with text COPY instead; their
 * values are the text PostgreSQL parses.
 *
 * <p>{@link #read()} runs a query (or reads a table) through a server-side cursor and emits batches
 * of records, field names and order as the result's columns; with {@link Read#withPartitions} or
 * {@link Read#withSplitColumn} the rows are split into ranges of an integer column, each a split of
 * its own that the runner hands to whichever worker is free ({@link RangeQueries}).
 *
 * <pre>{@code
 * PgConnection pg = PgConnection.of(url, user, password).withSchema("app");
 * PCollection<Long> written = conformed.apply(PostgresIO.write()
 *     .withConnection(pg).withTable(pgItems).withKey(List.of("id")));
 * PCollection<RecordBatch> rows = pipeline.apply(PostgresIO.read()
 *     .withConnection(pg).withTable("items").withBatchSize(5000));
 * }</pre>
 */
public final class PostgresIO {
  private PostgresIO() {}

  public static Write write() {
    return new Write(null, null, null);
  }

  public static Read read() {
    return new Read(null, null, null, null, RecordBatch.DEFAULT_SIZE, null, 0);
  }

  /** Writes conformed record batches into one table; see {@link PostgresIO}. */
  public static final class Write extends PTransform<PCollection<RecordBatch>, PCollection<Long>> {
    private static final long serialVersionUID = 1L;
    private final PgConnection connection;
    private final TableDef table;
    private final List<String> key;

    private Write(PgConnection connection, TableDef table, List<String> key) {
      this.connection = connection;
      this.table = table;
      this.key = key;
    }

    public Write withConnection(PgConnection c) {
      if (c == null) {
        throw new IllegalArgumentException("withConnection: connection must not be null");
      }
      return new Write(c, table, key);
    }

    /** The target table, with PostgreSQL types; records must be conformed to it. */
    public Write withTable(TableDef pgTable) {
      if (pgTable == null) {
        throw new IllegalArgumentException("withTable: table must not be null");
      }
      PgIdentifiers.checkTable(pgTable);
      return new Write(connection, pgTable, key);
    }

    /**
     * The key for the idempotent upsert; an empty list means plain append. Without this call the
     * table's primary key is used.
     */
    public Write withKey(List<String> keyColumns) {
      if (keyColumns == null) {
        throw new IllegalArgumentException("withKey: key must not be null (use an empty list)");
      }
      return new Write(connection, table, List.copyOf(keyColumns));
    }

    @Override
    public PCollection<Long> expand(PCollection<RecordBatch> input) {
      if (connection == null) {
        throw new IllegalArgumentException("PostgresIO.write() needs withConnection(...)");
      }
      if (table == null) {
        throw new IllegalArgumentException("PostgresIO.write() needs withTable(...)");
      }
      List<String> k = key == null ? table.primaryKey() : key;
      checkKey(table, k);
      return input
          .apply("Write to " + table.name(), ParDo.of(new WriteFn(connection, table, k)))
          .setCoder(VarLongCoder.of());
    }
  }

  /**
   * Checks that every key column is a column of {@code table}, before anything runs: the check
   * {@link Write} makes, for writers built elsewhere (fused flows).
   *
   * @throws IllegalArgumentException naming the column and the table's columns
   */
  public static void checkKey(TableDef table, List<String> key) {
    for (String c : key) {
      if (table.column(c).isEmpty()) {
        throw new IllegalArgumentException(
            "PostgresIO.write() withKey: '"
                + c
                + "' is not a column of table '"
                + table.name()
                + "' (columns: "
                + table.columnNames()
                + ")");
      }
    }
  }

  /** Holds a {@link PgTableWriter} per DoFn instance; one transaction per batch. */
  static final class WriteFn extends DoFn<RecordBatch, Long> {
    private static final long serialVersionUID = 1L;
    private final PgConnection connection;
    private final TableDef table;
    private final List<String> key;
    private final Counter written;
    private final Counter changed;
    private transient PgTableWriter writer;

    WriteFn(PgConnection connection, TableDef table, List<String> key) {
      this.connection = connection;
      this.table = table;
      this.key = key;
      this.written = Metrics.counter(PostgresIO.class, "records_written_" + table.name());
      this.changed = Metrics.counter(PostgresIO.class, "rows_changed_" + table.name());
    }

    @Setup
    public void setup() {
      writer = PgTableWriter.open(connection, table, key);
    }

    @ProcessElement
    public void process(@Element RecordBatch batch, OutputReceiver<Long> out) {
      long before = writer.changedRows();
      long n = writer.write(batch.records());
      written.inc(n);
      changed.inc(writer.changedRows() - before);
      out.output(n);
    }

    @Teardown
    public void teardown() {
      if (writer != null) {
        writer.close();
        writer = null;
      }
    }
  }

  /** Reads a query or table as record batches; see {@link PostgresIO}. */
  public static final class Read extends PTransform<PBegin, PCollection<RecordBatch>> {
    private static final long serialVersionUID = 1L;
    private final PgConnection connection;
    private final String query;
    private final String schema;
    private final String table;
    private final int batchSize;
    private final String partitionColumn;
    private final int partitions;

    private Read(
        PgConnection connection,
        String query,
        String schema,
        String table,
        int batchSize,
        String partitionColumn,
        int partitions) {
      this.connection = connection;
      this.query = query;
      this.schema = schema;
      this.table = table;
      this.batchSize = batchSize;
      this.partitionColumn = partitionColumn;
      this.partitions = partitions;
    }

    public Read withConnection(PgConnection c) {
      if (c == null) {
        throw new IllegalArgumentException("withConnection: connection must not be null");
      }
      return new Read(c, query, schema, table, batchSize, partitionColumn, partitions);
    }

    /** A SQL query whose rows become records (fields named as its result columns). */
    public Read withQuery(String sql) {
      if (sql == null || sql.isBlank()) {
        throw new IllegalArgumentException("withQuery: query must not be empty");
      }
      return new Read(connection, sql, null, null, batchSize, partitionColumn, partitions);
    }

    /** Every row of a table in the connection's schema. */
    public Read withTable(String tableName) {
      return withTable(null, tableName);
    }

    /** Every row of a table in a schema (null: the connection's schema). */
    public Read withTable(String schemaName, String tableName) {
      if (tableName == null || tableName.isEmpty()) {
        throw new IllegalArgumentException("withTable: table must not be empty");
      }
      return new Read(
          connection, null, schemaName, tableName, batchSize, partitionColumn, partitions);
    }

    /** Records per emitted batch, also the cursor's fetch size (default 2000). */
    public Read withBatchSize(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("withBatchSize: must be at least 1, got " + n);
      }
      return new Read(connection, query, schema, table, n, partitionColumn, partitions);
    }

    /**
     * Splits the rows into {@code count} ranges of an integer column (between its minimum and
     * maximum, plus one part for NULLs) read in parallel.
     */
    public Read withPartitions(String integerColumn, int count) {
      if (integerColumn == null || integerColumn.isEmpty()) {
        throw new IllegalArgumentException("withPartitions: column must not be empty");
      }
      if (count < 1) {
        throw new IllegalArgumentException(
            "withPartitions: count must be at least 1, got " + count);
      }
      return new Read(connection, query, schema, table, batchSize, integerColumn, count);
    }

    /**
     * Splits the rows into ranges of an integer column of about {@link RangeQueries#KEYS_PER_RANGE}
     * values each (at most {@link RangeQueries#MAX_RANGES}, plus one part for NULLs), as SQLite
     * reads split a table; each range is a split of its own.
     */
    public Read withSplitColumn(String integerColumn) {
      if (integerColumn == null || integerColumn.isEmpty()) {
        throw new IllegalArgumentException("withSplitColumn: column must not be empty");
      }
      return new Read(connection, query, schema, table, batchSize, integerColumn, 0);
    }

    /** The integer column the read is split on, or null when it is read in one piece. */
    public String splitColumn() {
      return partitionColumn;
    }

    String sql() {
      if (query != null) {
        return query;
      }
      String s = schema == null ? connection.schema() : schema;
      return "SELECT * FROM " + PgIdentifiers.qualified(s, table);
    }

    @Override
    public PCollection<RecordBatch> expand(PBegin input) {
      if (connection == null) {
        throw new IllegalArgumentException("PostgresIO.read() needs withConnection(...)");
      }
      if (query == null && table == null) {
        throw new IllegalArgumentException(
            "PostgresIO.read() needs withQuery(...) or withTable(...)");
      }
      PCollection<String> queries;
      if (partitionColumn == null) {
        queries = input.apply("Query", Create.of(sql()).withCoder(StringUtf8Coder.of()));
      } else {
        queries =
            input.apply(
                "Ranges of " + partitionColumn,
                RangeSource.planned(
                    new RangeQueries(connection, sql(), partitionColumn, partitions),
                    StringUtf8Coder.of()));
      }
      return queries
          .apply("Read", ParDo.of(new ReadFn(connection, batchSize)))
          .setCoder(RecordBatchCoder.of());
    }
  }

  /**
   * Turns a query into range queries over an integer column, between its minimum and maximum, plus
   * one for its NULLs: {@code count} ranges, or with {@code count} 0 ranges of about {@link
   * #KEYS_PER_RANGE} values (at most {@link #MAX_RANGES}). Runs when the runner splits the read
   * ({@link RangeSource#planned}), so each range is a split of its own.
   */
  record RangeQueries(PgConnection connection, String sql, String column, int count)
      implements RangeSource.Plan<String> {
    /** Key values per range when no count is given. */
    static final long KEYS_PER_RANGE = 50_000;

    /** Ranges per read at most when no count is given. */
    static final int MAX_RANGES = 64;

    @Override
    public List<String> ranges() throws SQLException {
      try {
        return plan();
      } catch (SQLException e) {
        String what = sql.length() <= 200 ? sql : sql.substring(0, 200) + "...";
        throw new SQLException(
            "cannot split the read of '"
                + what
                + "' on the integer column '"
                + column
                + "': "
                + e.getMessage(),
            e.getSQLState(),
            e);
      }
    }

    private List<String> plan() throws SQLException {
      String col = "ferry_q." + PgIdentifiers.quote(column);
      String from = " FROM (" + sql + ") AS ferry_q";
      long min;
      long max;
      try (Connection c = connection.open();
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT min(" + col + "), max(" + col + ")" + from)) {
        rs.next();
        min = rs.getLong(1);
        boolean empty = rs.wasNull();
        max = rs.getLong(2);
        if (empty) {
          return List.of("SELECT ferry_q.*" + from);
        }
      }
      List<String> out = new ArrayList<>();
      for (String range : ranges(min, max, count > 0 ? count : parts(min, max))) {
        out.add("SELECT ferry_q.*" + from + " WHERE " + range.replace("$c", col));
      }
      out.add("SELECT ferry_q.*" + from + " WHERE " + col + " IS NULL");
      return out;
    }

    /** How many ranges of about {@link #KEYS_PER_RANGE} values cover [min, max], 1 to 64. */
    static int parts(long min, long max) {
      BigInteger span =
          BigInteger.valueOf(max).subtract(BigInteger.valueOf(min)).add(BigInteger.ONE);
      BigInteger per = BigInteger.valueOf(KEYS_PER_RANGE);
      BigInteger n = span.add(per).subtract(BigInteger.ONE).divide(per);
      return n.min(BigInteger.valueOf(MAX_RANGES)).max(BigInteger.ONE).intValueExact();
    }

    /** Conditions on {@code $c} covering [min, max] in at most {@code count} parts. */
    static List<String> ranges(long min, long max, int count) {
      BigInteger first = BigInteger.valueOf(min);
      BigInteger span = BigInteger.valueOf(max).subtract(first).add(BigInteger.ONE);
      int n = span.compareTo(BigInteger.valueOf(count)) < 0 ? span.intValueExact() : count;
      List<String> out = new ArrayList<>();
      long lo = min;
      for (int i = 1; i < n; i++) {
        long hi =
            first
                .add(span.multiply(BigInteger.valueOf(i)).divide(BigInteger.valueOf(n)))
                .longValueExact();
        out.add("$c >= " + lo + " AND $c < " + hi);
        lo = hi;
      }
      out.add("$c >= " + lo + " AND $c <= " + max);
      return out;
    }
  }

  /** Runs one query through a server-side cursor, emitting batches of records. */
  static final class ReadFn extends DoFn<String, RecordBatch> {
    private static final long serialVersionUID = 1L;
    private final PgConnection connection;
    private final int batchSize;
    private transient Connection conn;

    ReadFn(PgConnection connection, int batchSize) {
      this.connection = connection;
      this.batchSize = batchSize;
    }

    @Setup
    public void setup() throws SQLException {
      conn = connection.open();
      conn.setAutoCommit(false);
      conn.setReadOnly(true);
    }

    @ProcessElement
    public void process(@Element String sql, OutputReceiver<RecordBatch> out) throws SQLException {
      try (PreparedStatement ps =
          conn.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
        ps.setFetchSize(batchSize);
        try (ResultSet rs = ps.executeQuery()) {
          PgRowReader reader = PgRowReader.of(rs.getMetaData());
          List<Record> batch = new ArrayList<>(batchSize);
          while (rs.next()) {
            batch.add(reader.read(rs));
            if (batch.size() == batchSize) {
              out.output(RecordBatch.of(batch));
              batch = new ArrayList<>(batchSize);
            }
          }
          if (!batch.isEmpty()) {
            out.output(RecordBatch.of(batch));
          }
        }
      } finally {
        conn.rollback();
      }
    }

    @Teardown
    public void teardown() throws SQLException {
      if (conn != null) {
        conn.close();
        conn = null;
      }
    }
  }
}
