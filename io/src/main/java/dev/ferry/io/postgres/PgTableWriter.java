package dev.ferry.io.postgres;

import dev.ferry.io.schema.TableDef;
import dev.ferry.record.Record;
import dev.ferry.record.Values;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes batches of conformed records into one PostgreSQL table over one connection: the engine
 * behind {@link PostgresIO#write()}, usable without Beam.
 *
 * <p>With a key, each batch (or group of batches held back by {@link #add}) is one transaction:
 * {@code COPY} into a session-private {@code TEMP} staging table ({@code LIKE} the target), then
 * {@code INSERT INTO target SELECT ... FROM staging ON CONFLICT (key) DO UPDATE SET ... WHERE (row)
 * IS DISTINCT FROM (new row)} (or {@code DO NOTHING} when every column is in the key), then commit,
 * which empties the staging table (it is created {@code ON COMMIT DELETE ROWS}: truncated in place
 * at each commit, where an explicit {@code TRUNCATE} would give it a new file and update the
 * catalog for every batch). Writing the same records again changes nothing; records of one batch
 * with equal keys collapse to the last one. The table must have a primary key or unique index on
 * exactly the key columns; {@link #open} checks it.
 *
 * <p>Because {@code INSERT ... ON CONFLICT} inserts row by row while {@code COPY} inserts in bulk
 * (about three times faster), a keyed writer first tries each batch as a plain {@code COPY}
 * straight into the table: on a fresh load every key is new and that succeeds; the first batch that
 * meets an existing key fails atomically with a unique violation, is rolled back, and from then on
 * this writer merges every batch through staging. The result is the same either way.
 *
 * <p>Without a key, each batch is {@code COPY}'d straight into the target (an append, not
 * idempotent).
 *
 * <p>{@link #add} holds batches back and sends them together, as one {@code COPY} in one
 * transaction, once they reach a limit (or at {@link #flush}): every {@code COPY} statement costs
 * the server a fixed amount (a transaction, and a thousand tuple slots created and dropped), which
 * for batches of 2,000 small rows was a sixth of its work. The limit starts at {@link
 * #FIRST_HELD_BYTES}, so the server starts early, and doubles with each {@code COPY} up to {@link
 * #HELD_BYTES}. Batches are held back only while they cannot repeat a key: no key, or one integer
 * key ascending across them (a keyed read range). Any other batch is written on its own, as by
 * {@link #write}.
 *
 * <p>COPY is binary when every column type has a binary encoder ({@link PgType#binaryCopy()}), and
 * text otherwise. Transient faults (see {@link PgRetry}) roll back, reconnect and retry the batch,
 * up to 3 tries with capped exponential waits; anything else fails at once with a {@link
 * PgWriteException} naming the table and carrying PostgreSQL's message.
 *
 * <pre>{@code
 * try (PgTableWriter w = PgTableWriter.open(pg, pgItems, List.of("id"))) {
 *   long n = w.write(conformedRecords);
 * }
 * }</pre>
 */
public final class PgTableWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PgTableWriter.class);
  private static final String UNIQUE_VIOLATION = "23505";

  /** How many bytes of COPY data {@link #add} holds back before its first {@code COPY}. */
  static final int FIRST_HELD_BYTES = 256 << 10;

  /** How many bytes of COPY data {@link #add} holds back at most before sending them. */
  static final int HELD_BYTES = 4 << 20;

  private final PgConnection pg;
  private final TableDef table;
  private final List<String> key;
  private final CopyEncoder encoder;
  private final int[] keyIndex;
  private final String target;
  private final String copySql;
  private final String directCopySql;
  private final String createStagingSql;
  private final String mergeSql;
  private final CopyBuffer buffer = new CopyBuffer(1 << 16);
  private final String uniqueKeySql;
  private Connection conn;
  private long changedRows;
  private boolean direct;
  private int heldRows;
  private int heldLimit = FIRST_HELD_BYTES;
  private long lastKey;
  private boolean holdBack;

  private PgTableWriter(
      PgConnection pg, TableDef table, List<String> key, boolean forceText, boolean optimistic) {
    PgIdentifiers.checkTable(table);
    this.pg = pg;
    this.table = table;
    this.key = List.copyOf(key);
    this.encoder = CopyEncoder.forTable(table, forceText);
    this.target = PgIdentifiers.qualified(pg.schema(), table.name());
    List<String> cols = table.columnNames();
    keyIndex = new int[this.key.size()];
    for (int i = 0; i < keyIndex.length; i++) {
      keyIndex[i] = cols.indexOf(this.key.get(i));
      if (keyIndex[i] < 0) {
        throw new IllegalArgumentException(
            "key column '" + this.key.get(i) + "' is not a column of table '" + table.name() + "'");
      }
    }
    String colList = PgDdl.columnList(cols);
    String copyOptions = " FROM STDIN (FORMAT " + encoder.format() + ")";
    directCopySql = "COPY " + target + " (" + colList + ")" + copyOptions;
    direct = this.key.isEmpty() || optimistic;
    holdBack = keyIndex.length <= 1;
    if (this.key.isEmpty()) {
      copySql = directCopySql;
      createStagingSql = null;
      mergeSql = null;
      uniqueKeySql = null;
    } else {
      String staging = PgIdentifiers.quote(PgDdl.limit("ferry_stage_" + table.name()));
      copySql = "COPY pg_temp." + staging + " (" + colList + ")" + copyOptions;
      createStagingSql =
          "CREATE TEMP TABLE IF NOT EXISTS "
              + staging
              + " (LIKE "
              + target
              + " INCLUDING DEFAULTS) ON COMMIT DELETE ROWS";
      mergeSql = mergeSql(target, "pg_temp." + staging, table, this.key);
      uniqueKeySql = uniqueKeySql(pg.schema(), table.name(), this.key);
    }
  }

  /** A query returning a row if the table has a unique index on exactly the key columns. */
  private static String uniqueKeySql(String schema, String table, List<String> key) {
    List<String> sorted = new ArrayList<>();
    for (String k : key) {
      sorted.add(PgIdentifiers.truncated(k));
    }
    sorted.sort(null);
    StringBuilder arr = new StringBuilder("ARRAY[");
    for (int i = 0; i < sorted.size(); i++) {
      arr.append(i > 0 ? ", " : "").append(literal(sorted.get(i)));
    }
    arr.append("]::text[]");
    return "SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid"
        + " JOIN pg_namespace n ON n.oid = c.relnamespace"
        + " WHERE n.nspname = "
        + literal(schema)
        + " AND c.relname = "
        + literal(PgIdentifiers.truncated(table))
        + " AND i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL"
        + " AND (SELECT array_agg(a.attname::text ORDER BY a.attname::text)"
        + " FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)"
        + " JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum"
        + " WHERE k.ord <= i.indnkeyatts) = "
        + arr;
  }

  private static String literal(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  /**
   * Opens a writer (and its connection, with retries). An empty key means plain append.
   *
   * @throws PgWriteException if the table does not exist or the server cannot be reached
   */
  public static PgTableWriter open(PgConnection pg, TableDef pgTable, List<String> key) {
    return open(pg, pgTable, key, false, true);
  }

  /**
   * As {@link #open(PgConnection, TableDef, List)}, optionally forcing text COPY, and with or
   * without the direct COPY attempt of a keyed writer (benchmarks and tests).
   */
  static PgTableWriter open(
      PgConnection pg, TableDef pgTable, List<String> key, boolean forceText, boolean optimistic) {
    PgTableWriter w = new PgTableWriter(pg, pgTable, key, forceText, optimistic);
    w.withRetries(0, () -> w.connection());
    return w;
  }

  /** True while a keyed writer still COPYs batches straight into the table. */
  boolean direct() {
    return direct;
  }

  static String mergeSql(String target, String staging, TableDef table, List<String> key) {
    String cols = PgDdl.columnList(table.columnNames());
    StringBuilder sb =
        new StringBuilder("INSERT INTO ")
            .append(target)
            .append(" AS tgt (")
            .append(cols)
            .append(") SELECT ")
            .append(cols)
            .append(" FROM ")
            .append(staging)
            .append(" ON CONFLICT (")
            .append(PgDdl.columnList(key))
            .append(") DO ");
    List<String> rest = new ArrayList<>(table.columnNames());
    rest.removeAll(key);
    if (rest.isEmpty()) {
      return sb.append("NOTHING").toString();
    }
    sb.append("UPDATE SET ");
    StringBuilder mine = new StringBuilder();
    StringBuilder theirs = new StringBuilder();
    for (int i = 0; i < rest.size(); i++) {
      String q = PgIdentifiers.quote(rest.get(i));
      PgType.Kind kind = PgType.parse(table.column(rest.get(i)).get().type()).kind();
      boolean asText =
          kind == PgType.Kind.JSON || kind == PgType.Kind.ARRAY || kind == PgType.Kind.OTHER;
      if (i > 0) {
        sb.append(", ");
        mine.append(", ");
        theirs.append(", ");
      }
      sb.append(q).append(" = EXCLUDED.").append(q);
      mine.append("tgt.").append(q).append(asText ? "::text" : "");
      theirs.append("EXCLUDED.").append(q).append(asText ? "::text" : "");
    }
    return sb.append(" WHERE ROW(")
        .append(mine)
        .append(") IS DISTINCT FROM ROW(")
        .append(theirs)
        .append(')')
        .toString();
  }

  /** {@code binary} or {@code text}: the COPY format used for this table. */
  public String format() {
    return encoder.format();
  }

  /** Rows inserted or actually changed so far (unchanged rows of an upsert are not counted). */
  public long changedRows() {
    return changedRows;
  }

  /**
   * Writes one batch in one transaction (after the rows {@link #add} held back, if any, in theirs)
   * and returns the number of records written: the batch's and the held ones, all now in the table
   * (inserted, updated, or already identical).
   *
   * @throws PgWriteException on a data error, or a transient fault that outlasted the retries
   * @throws IllegalArgumentException if a record is not conformed to the table
   */
  public long write(List<Record> records) {
    long sent = flush();
    if (records.isEmpty()) {
      return sent;
    }
    // Encoded first, while checking whether a single integer key ascends (the usual case of a
    // keyed read: no key can repeat); only otherwise are repeated keys looked for, keeping the
    // last record of each, and the batch encoded again if any was dropped.
    boolean unique = encode(records);
    List<Record> rows = records;
    if (!unique) {
      rows = lastPerKey(records);
      if (rows.size() != records.size()) {
        encode(rows);
      }
    }
    int rowCount = rows.size();
    withRetries(records.size(), () -> writeOnce(rowCount));
    return sent + records.size();
  }

  /**
   * Adds one batch to the rows held back for a single {@code COPY}, and sends them once they reach
   * the limit (see the class comment). Returns the number of records written by this call
   * (held-back ones included), 0 if it only held the batch back. A batch that could repeat a held
   * key is written at once, after the held rows, as by {@link #write}.
   *
   * @throws PgWriteException on a data error, or a transient fault that outlasted the retries
   * @throws IllegalArgumentException if a record is not conformed to the table
   */
  public long add(List<Record> records) {
    if (records.isEmpty()) {
      return 0;
    }
    if (!holdBack) {
      return write(records);
    }
    if (heldRows == 0) {
      buffer.reset();
      encoder.begin(buffer);
    }
    int mark = buffer.size();
    if (!appendRows(records, heldRows > 0)) {
      buffer.truncate(mark);
      holdBack = false;
      return write(records);
    }
    heldRows += records.size();
    if (buffer.size() < heldLimit) {
      return 0;
    }
    heldLimit = Math.min(HELD_BYTES, heldLimit * 2);
    return flush();
  }

  /** Writes the rows {@link #add} held back, in one transaction; returns how many there were. */
  public long flush() {
    if (heldRows == 0) {
      return 0;
    }
    encoder.end(buffer);
    int rowCount = heldRows;
    heldRows = 0;
    withRetries(rowCount, () -> writeOnce(rowCount));
    return rowCount;
  }

  /**
   * Encodes {@code rows} into the buffer; returns true if their keys are known to be distinct (no
   * key, or one integer key in ascending order).
   */
  private boolean encode(List<Record> rows) {
    buffer.reset();
    encoder.begin(buffer);
    boolean distinct = appendRows(rows, false);
    encoder.end(buffer);
    return distinct;
  }

  /**
   * Appends {@code rows} to the buffer; true if no key can repeat among them (no key, or one
   * integer key ascending), nor, when {@code following}, with the rows appended before them.
   */
  private boolean appendRows(List<Record> rows, boolean following) {
    boolean distinct = keyIndex.length <= 1;
    boolean keyed = keyIndex.length == 1;
    long previous = lastKey;
    boolean first = !following;
    for (Record r : rows) {
      encoder.row(r, buffer);
      if (keyed && distinct) {
        Object k = r.valueAt(keyIndex[0]);
        if (k instanceof Long && (first || (Long) k > previous)) {
          previous = (Long) k;
          first = false;
        } else {
          distinct = false;
        }
      }
    }
    lastKey = previous;
    return distinct;
  }

  private void writeOnce(int rowCount) throws SQLException {
    Connection c = connection();
    if (direct && mergeSql != null) {
      try {
        long copied = copy(c, directCopySql);
        check(copied, rowCount);
        c.commit();
        changedRows += copied;
        return;
      } catch (SQLException e) {
        rollbackQuietly(c);
        if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
          throw e;
        }
        direct = false;
        LOG.info(
            "{} already holds some keys of this batch; merging through staging from now on",
            target);
      } catch (RuntimeException e) {
        rollbackQuietly(c);
        throw e;
      }
    }
    try {
      long copied = copy(c, copySql);
      check(copied, rowCount);
      long changed = copied;
      if (mergeSql != null) {
        try (Statement s = c.createStatement()) {
          changed = s.executeUpdate(mergeSql);
        }
      }
      c.commit();
      changedRows += changed;
    } catch (SQLException | RuntimeException e) {
      rollbackQuietly(c);
      throw e;
    }
  }

  private long copy(Connection c, String sql) throws SQLException {
    CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
    try {
      return copy.copyIn(sql, new ByteArrayInputStream(buffer.array(), 0, buffer.size()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void check(long copied, int rowCount) {
    if (copied != rowCount) {
      throw new IllegalStateException(
          "COPY into " + target + " took " + copied + " rows, expected " + rowCount);
    }
  }

  private interface SqlWork {
    void run() throws SQLException;
  }

  private void withRetries(int records, SqlWork work) {
    for (int attempt = 1; ; attempt++) {
      try {
        work.run();
        return;
      } catch (SQLException e) {
        String what =
            records > 0
                ? "writing " + records + " records to " + target
                : "connecting to " + PgConnection.redact(pg.url()) + " for " + target;
        if (!PgRetry.isTransient(e)) {
          if ("42P01".equals(e.getSQLState()) && records == 0) {
            throw new PgWriteException(
                "table "
                    + target
                    + " does not exist; create it first (PgDdl.createTable): "
                    + e.getMessage(),
                e);
          }
          throw new PgWriteException(
              what + " failed: " + e.getMessage() + " (SQLState " + e.getSQLState() + ")", e);
        }
        closeQuietly();
        if (attempt >= PgRetry.TRIES) {
          throw new PgWriteException(
              what
                  + " failed after "
                  + attempt
                  + " tries: "
                  + e.getMessage()
                  + " (SQLState "
                  + e.getSQLState()
                  + ")",
              e);
        }
        long wait = PgRetry.backoffMillis(attempt);
        LOG.warn(
            "{} failed (try {}/{}, SQLState {}); retrying in {} ms",
            what,
            attempt,
            PgRetry.TRIES,
            e.getSQLState(),
            wait);
        PgRetry.sleep(wait);
      }
    }
  }

  private Connection connection() throws SQLException {
    if (conn != null) {
      return conn;
    }
    Connection c = pg.open();
    try {
      c.setAutoCommit(false);
      if (createStagingSql != null) {
        try (Statement s = c.createStatement()) {
          s.execute(createStagingSql);
          try (ResultSet rs = s.executeQuery(uniqueKeySql)) {
            if (!rs.next()) {
              throw new IllegalArgumentException(
                  "table "
                      + target
                      + " has no primary key or unique index on exactly "
                      + key
                      + "; an idempotent upsert needs one (or write with an empty key to append)");
            }
          }
        }
      } else {
        try (Statement s = c.createStatement()) {
          s.execute("SELECT 1 FROM " + target + " WHERE false");
        }
      }
      c.commit();
    } catch (SQLException | RuntimeException e) {
      try {
        c.close();
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    conn = c;
    return c;
  }

  /** The server process id of the current connection (tests use it to break the connection). */
  int backendPid() throws SQLException {
    return connection().unwrap(PGConnection.class).getBackendPID();
  }

  private List<Record> lastPerKey(List<Record> records) {
    Map<Key, Record> last = new LinkedHashMap<>(records.size() * 4 / 3 + 1);
    for (Record r : records) {
      last.put(new Key(r, keyIndex), r);
    }
    return last.size() == records.size() ? records : new ArrayList<>(last.values());
  }

  /** The key values of a conformed record, compared by content. */
  private static final class Key {
    private final Object[] values;
    private final int hash;

    Key(Record r, int[] index) {
      values = new Object[index.length];
      for (int k = 0; k < index.length; k++) {
        values[k] = r.valueAt(index[k]);
      }
      int h = 1;
      for (Object v : values) {
        h = 31 * h + Values.hash(v);
      }
      hash = h;
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Key)) {
        return false;
      }
      Object[] other = ((Key) o).values;
      for (int i = 0; i < values.length; i++) {
        if (!Values.equal(values[i], other[i])) {
          return false;
        }
      }
      return true;
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public String toString() {
      return Arrays.toString(values);
    }
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // the connection is broken; the caller closes it and reconnects if it retries
    }
  }

  private void closeQuietly() {
    if (conn != null) {
      try {
        conn.close();
      } catch (SQLException ignored) {
        // closing a broken connection; nothing to keep
      }
      conn = null;
    }
  }

  /** Closes the connection. Rows still held back by {@link #add} are not written: flush first. */
  @Override
  public void close() {
    closeQuietly();
  }

  @Override
  public String toString() {
    return "PgTableWriter{" + target + ", key=" + key + ", format=" + encoder.format() + "}";
  }
}
