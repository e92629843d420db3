package dev.ferry.io.sqlite;

import dev.ferry.record.Record;
import dev.ferry.record.RecordBatch;
import dev.ferry.validate.Fingerprint;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.beam.sdk.transforms.DoFn;

/**
 * Writes record batches into one SQLite table, one batch per transaction, as {@link SqliteIO.Write}
 * describes. Each row is looked up by its key first: a missing row is inserted, an identical row is
 * left alone (so a re-run writes no page), and a row with the same key and other values is a
 * conflict handled by the {@link SqliteIO.OnConflict} policy.
 *
 * <p>SQLite allows one writer at a time. Within a JVM, every instance writing the same database
 * file takes the same lock ({@link #LOCKS}) around its {@code BEGIN IMMEDIATE ... COMMIT}, so
 * parallel bundles queue instead of failing with {@code SQLITE_BUSY}; across processes, the
 * connection's busy timeout makes a writer wait for the other's transaction.
 *
 * <pre>{@code
 * batches.apply(ParDo.of(new SqliteWriteFn(spec)).withOutputTags(SqliteIO.WRITTEN, ...));
 * }</pre>
 */
final class SqliteWriteFn extends DoFn<RecordBatch, Long> {
  /** One lock per database file (absolute, normalized path) in this JVM. */
  static final Map<String, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

  private static final int LISTED_CONFLICTS = 20;

  private final String database;
  private final String table;
  private final List<String> key;
  private final SqliteIO.OnConflict onConflict;
  private transient Connection connection;
  private transient ReentrantLock lock;
  private transient List<String> fields;
  private transient PreparedStatement lookup;
  private transient PreparedStatement insert;
  private transient PreparedStatement update;

  SqliteWriteFn(String database, String table, List<String> key, SqliteIO.OnConflict onConflict) {
    this.database = database;
    this.table = table;
    this.key = List.copyOf(key);
    this.onConflict = onConflict;
  }

  @Setup
  public void setup() throws SQLException {
    Path p = Path.of(database).toAbsolutePath().normalize();
    lock = LOCKS.computeIfAbsent(p.toString(), k -> new ReentrantLock());
    connection = SqliteDdl.openWritable(p);
    connection.setAutoCommit(true);
  }

  @ProcessElement
  public void process(@Element RecordBatch batch, MultiOutputReceiver out) throws SQLException {
    if (batch.records().isEmpty()) {
      return;
    }
    long written = 0;
    List<Record> conflicts = new ArrayList<>();
    lock.lock();
    try (Statement s = connection.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
      boolean ok = false;
      try {
        for (Record r : batch.records()) {
          prepare(r);
          int n = 1;
          for (String k : key) {
            bind(lookup, n++, r.get(k));
          }
          for (String f : fields) {
            if (!key.contains(f)) {
              bind(lookup, n++, r.get(f));
            }
          }
          Boolean differs = null;
          try (ResultSet rs = lookup.executeQuery()) {
            if (rs.next()) {
              differs = rs.getInt(1) != 0;
            }
          }
          if (differs == null) {
            bindAll(insert, r, fields);
            insert.executeUpdate();
            written++;
          } else if (!differs) {
            written++;
          } else if (onConflict == SqliteIO.OnConflict.UPDATE) {
            runUpdate(r);
            written++;
          } else {
            String k = Fingerprint.keyString(r.project(key));
            String action =
                onConflict == SqliteIO.OnConflict.SKIP
                    ? "skipped"
                    : onConflict == SqliteIO.OnConflict.REPLACE ? "replaced" : "failed";
            conflicts.add(Record.of("table", table, "key", k, "action", action));
            if (onConflict == SqliteIO.OnConflict.REPLACE) {
              runUpdate(r);
              written++;
            }
          }
        }
        if (onConflict == SqliteIO.OnConflict.FAIL && !conflicts.isEmpty()) {
          List<String> keys = new ArrayList<>();
          for (Record c : conflicts.subList(0, Math.min(LISTED_CONFLICTS, conflicts.size()))) {
            keys.add((String) c.get("key"));
          }
          throw new IllegalStateException(
              "table '"
                  + table
                  + "': "
                  + conflicts.size()
                  + " row(s) have the key of an existing row with other values (on_conflict:"
                  + " fail): "
                  + String.join("; ", keys)
                  + (conflicts.size() > LISTED_CONFLICTS ? "; ..." : ""));
        }
        s.execute("COMMIT");
        ok = true;
      } finally {
        if (!ok) {
          s.execute("ROLLBACK");
        }
      }
    } finally {
      lock.unlock();
    }
    out.get(SqliteIO.WRITTEN).output(written);
    for (Record c : conflicts) {
      out.get(SqliteIO.CONFLICTS).output(c);
    }
  }

  private void runUpdate(Record r) throws SQLException {
    if (update == null) {
      return;
    }
    int n = 1;
    for (String f : fields) {
      if (!key.contains(f)) {
        bind(update, n++, r.get(f));
      }
    }
    for (String k : key) {
      bind(update, n++, r.get(k));
    }
    update.executeUpdate();
  }

  /** (Re)builds the statements for the record's field names. */
  private void prepare(Record r) throws SQLException {
    List<String> names = new ArrayList<>(r.names());
    if (names.equals(fields)) {
      return;
    }
    for (String k : key) {
      if (!names.contains(k)) {
        throw new IllegalArgumentException(
            "table '" + table + "': key field '" + k + "' is missing from record " + names);
      }
    }
    closeStatements();
    fields = names;
    String t = SqliteIdentifiers.quote(table);
    StringBuilder where = new StringBuilder();
    for (String k : key) {
      where.append(where.length() == 0 ? " WHERE " : " AND ").append(column(k)).append(" IS ?");
    }
    List<String> values = new ArrayList<>();
    for (String f : names) {
      if (!key.contains(f)) {
        values.add(f);
      }
    }
    // Parameters of the lookup are bound key first, then values: SQLite numbers '?' in text order,
    // so the comparison (which comes first in the text) uses numbered parameters.
    int k = key.size();
    StringBuilder numbered = new StringBuilder();
    if (values.isEmpty()) {
      numbered.append("0");
    } else {
      StringBuilder a = new StringBuilder("(");
      StringBuilder b = new StringBuilder("(");
      for (int i = 0; i < values.size(); i++) {
        a.append(i == 0 ? "" : ", ").append(column(values.get(i)));
        b.append(i == 0 ? "" : ", ").append("?").append(k + i + 1);
      }
      numbered.append(a).append(") IS NOT ").append(b).append(")");
    }
    StringBuilder numberedWhere = new StringBuilder();
    for (int i = 0; i < key.size(); i++) {
      numberedWhere
          .append(i == 0 ? " WHERE " : " AND ")
          .append(column(key.get(i)))
          .append(" IS ?")
          .append(i + 1);
    }
    lookup = connection.prepareStatement("SELECT " + numbered + " FROM " + t + numberedWhere);
    StringBuilder cols = new StringBuilder();
    StringBuilder qs = new StringBuilder();
    for (int i = 0; i < names.size(); i++) {
      cols.append(i == 0 ? "" : ", ").append(column(names.get(i)));
      qs.append(i == 0 ? "?" : ", ?");
    }
    insert =
        connection.prepareStatement("INSERT INTO " + t + " (" + cols + ") VALUES (" + qs + ")");
    if (!values.isEmpty()) {
      StringBuilder set = new StringBuilder();
      for (String v : values) {
        set.append(set.length() == 0 ? "" : ", ").append(column(v)).append(" = ?");
      }
      update = connection.prepareStatement("UPDATE " + t + " SET " + set + where);
    }
  }

  /**
   * A column in SQL; {@code rowid} is the rowid itself (tables that carry it have no such column).
   */
  private static String column(String name) {
    return name.equals("rowid") ? "rowid" : SqliteIdentifiers.quote(name);
  }

  private static void bindAll(PreparedStatement ps, Record r, List<String> names)
      throws SQLException {
    for (int i = 0; i < names.size(); i++) {
      bind(ps, i + 1, r.get(names.get(i)));
    }
  }

  /**
   * Binds a value keeping its storage class: Long INTEGER, Double REAL, String TEXT, bytes BLOB.
   */
  static void bind(PreparedStatement ps, int i, Object v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.NULL);
    } else if (v instanceof Long) {
      ps.setLong(i, (Long) v);
    } else if (v instanceof Integer) {
      ps.setLong(i, (Integer) v);
    } else if (v instanceof Double) {
      ps.setDouble(i, (Double) v);
    } else if (v instanceof Float) {
      ps.setDouble(i, (Float) v);
    } else if (v instanceof String) {
      ps.setString(i, (String) v);
    } else if (v instanceof byte[]) {
      ps.setBytes(i, (byte[]) v);
    } else if (v instanceof Boolean) {
      ps.setLong(i, ((Boolean) v) ? 1 : 0);
    } else {
      ps.setString(i, String.valueOf(v));
    }
  }

  private void closeStatements() throws SQLException {
    for (PreparedStatement ps : new PreparedStatement[] {lookup, insert, update}) {
      if (ps != null) {
        ps.close();
      }
    }
    lookup = null;
    insert = null;
    update = null;
  }

  @Teardown
  public void teardown() throws SQLException {
    closeStatements();
    fields = null;
    if (connection != null) {
      connection.close();
      connection = null;
    }
  }
}
