package dev.ferry.io.chroma;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.io.sqlite.SqliteConnections;
import dev.ferry.record.Record;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Reads collections from a Chroma persisted directory without a server: the records and their
 * metadata from {@code chroma.sqlite3}'s metadata segment, the vectors from the vector segment's
 * HNSW files, and the write-ahead log ({@code embeddings_queue}) rows newer than the HNSW files
 * replayed in order on top — the HNSW files are only written every 1,000 records, so recent records
 * live only in the log.
 *
 * <p>Vectors: l2 and ip collections read byte-exact. A cosine collection's HNSW files hold unit
 * vectors and the original norms; the reader returns unit vector x norm, exactly as the server
 * does. For a record still only in the log, the reader returns the bytes the client sent, while the
 * server returns them normalized and multiplied back, which may differ by a few ulps per component
 * (up to 2 seen).
 *
 * <pre>{@code
 * try (ChromaDirectory dir = ChromaDirectory.open(Path.of("chroma_data"))) {
 *   ChromaCollection c = dir.collection("docs");
 *   dir.read(c, 2000, batch -> ...);   // lists of records: id, embedding, document, metadata
 * }
 * }</pre>
 */
public final class ChromaDirectory implements AutoCloseable {
  static final String DOCUMENT_KEY = "chroma:document";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final Connection db;

  private ChromaDirectory(Path dir, Connection db) {
    this.dir = dir;
    this.db = db;
  }

  /** Opens a persisted directory read-only; fails naming it if there is no chroma.sqlite3. */
  public static ChromaDirectory open(Path dir) throws IOException {
    Path file = dir.resolve("chroma.sqlite3");
    if (!Files.isRegularFile(file)) {
      throw new IOException(
          "'" + dir + "' is not a Chroma persisted directory: it has no chroma.sqlite3");
    }
    try {
      return new ChromaDirectory(dir, SqliteConnections.openReadOnly(file.toString()));
    } catch (SQLException e) {
      throw new IOException("cannot open " + file + ": " + e.getMessage(), e);
    }
  }

  /** Names of every collection, sorted. */
  public List<String> collectionNames() throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement s = db.prepareStatement("SELECT name FROM collections ORDER BY name");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  /** One collection by name; fails naming it and the directory if there is none. */
  public ChromaCollection collection(String name) throws SQLException, IOException {
    try (PreparedStatement s =
        db.prepareStatement(
            "SELECT id, dimension, config_json_str, schema_str FROM collections WHERE name = ?")) {
      s.setString(1, name);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          throw new IOException(
              "Chroma directory '"
                  + dir
                  + "' has no collection '"
                  + name
                  + "' (it has "
                  + collectionNames()
                  + ")");
        }
        String id = rs.getString(1);
        int dim = rs.getInt(2);
        String space = space(rs.getString(3), rs.getString(4), id);
        return new ChromaCollection(id, name, dim, space);
      }
    }
  }

  /** How many records the collection holds (its metadata segment's rows). */
  public long count(ChromaCollection c) throws SQLException, IOException {
    try (PreparedStatement s =
        db.prepareStatement("SELECT count(*) FROM embeddings WHERE segment_id = ?")) {
      s.setString(1, segment(c, "METADATA"));
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /**
   * Streams a collection's records in lists of at most {@code batchSize}, in the order Chroma
   * stored them. Fails naming the collection and id if a record has no vector anywhere.
   */
  public void read(ChromaCollection c, int batchSize, Consumer<List<Record>> out)
      throws SQLException, IOException {
    read(c, batchSize, Long.MIN_VALUE, Long.MAX_VALUE, out);
  }

  /**
   * The metadata segment's row ids (the {@code embeddings} table's {@code id}) split into ranges
   * {@code [from, to)} of about {@code rowsPerRange} records, for parallel reads with {@link
   * #read(ChromaCollection, int, long, long, Consumer)}. Empty for an empty collection.
   */
  public List<long[]> ranges(ChromaCollection c, long rowsPerRange)
      throws SQLException, IOException {
    List<long[]> out = new ArrayList<>();
    try (PreparedStatement s =
        db.prepareStatement(
            "SELECT id FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM embeddings"
                + " WHERE segment_id = ?) WHERE (n - 1) % ? = 0 ORDER BY id")) {
      s.setString(1, segment(c, "METADATA"));
      s.setLong(2, rowsPerRange);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          long from = rs.getLong(1);
          if (!out.isEmpty()) {
            out.get(out.size() - 1)[1] = from;
          }
          out.add(new long[] {from, Long.MAX_VALUE});
        }
      }
    }
    return out;
  }

  /** Streams the records whose metadata-segment row id is in {@code [fromRowid, toRowid)}. */
  public void read(
      ChromaCollection c, int batchSize, long fromRowid, long toRowid, Consumer<List<Record>> out)
      throws SQLException, IOException {
    try (HnswIndexFiles hnsw = openVectors(c)) {
      read(c, batchSize, fromRowid, toRowid, hnsw, out);
    }
  }

  /**
   * The collection's HNSW files, or null when it has none yet (every record is in the log). Open
   * them once and pass them to {@link #read(ChromaCollection, int, long, long, HnswIndexFiles,
   * Consumer)} for every range: parsing them is the expensive part of a read.
   */
  public HnswIndexFiles openVectors(ChromaCollection c) throws SQLException, IOException {
    Path hnswDir = dir.resolve(segment(c, "VECTOR"));
    return Files.isRegularFile(hnswDir.resolve("header.bin"))
        ? HnswIndexFiles.open(hnswDir, c.cosine())
        : null;
  }

  /** Like {@link #read(ChromaCollection, int, long, long, Consumer)}, with opened HNSW files. */
  public void read(
      ChromaCollection c,
      int batchSize,
      long fromRowid,
      long toRowid,
      HnswIndexFiles hnsw,
      Consumer<List<Record>> out)
      throws SQLException, IOException {
    String metadataSegment = segment(c, "METADATA");
    Map<String, float[]> walVectors = logVectors(c);
    long after = fromRowid == Long.MIN_VALUE ? Long.MIN_VALUE : fromRowid - 1;
    while (true) {
      List<Long> rowids = new ArrayList<>();
      List<String> ids = new ArrayList<>();
      // "+segment_id" keeps SQLite off the (segment_id, embedding_id) index, which would make it
      // read and sort every row of the segment for each batch; the row-id range is searched
      // instead, and other segments' rows in it are skipped.
      try (PreparedStatement s =
          db.prepareStatement(
              "SELECT id, embedding_id FROM embeddings WHERE +segment_id = ? AND id > ?"
                  + " AND id < ? ORDER BY id LIMIT ?")) {
        s.setString(1, metadataSegment);
        s.setLong(2, after);
        s.setLong(3, toRowid);
        s.setInt(4, batchSize);
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            rowids.add(rs.getLong(1));
            ids.add(rs.getString(2));
          }
        }
      }
      if (ids.isEmpty()) {
        return;
      }
      after = rowids.get(rowids.size() - 1);
      out.accept(records(c, rowids, ids, walVectors, hnsw));
    }
  }

  /**
   * Every id of the collection, in no particular order (read from the segment's index alone, which
   * is many times faster than in stored order).
   */
  public List<String> ids(ChromaCollection c) throws SQLException, IOException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement s =
        db.prepareStatement("SELECT embedding_id FROM embeddings WHERE segment_id = ?")) {
      s.setString(1, segment(c, "METADATA"));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  /**
   * The records of the given ids that the collection holds, in the order Chroma stored them (ids it
   * does not hold are left out), with opened HNSW files (see {@link #openVectors}).
   */
  public List<Record> readIds(ChromaCollection c, List<String> wanted, HnswIndexFiles hnsw)
      throws SQLException, IOException {
    if (wanted.isEmpty()) {
      return List.of();
    }
    List<Long> rowids = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    String in = "?,".repeat(wanted.size() - 1) + "?";
    try (PreparedStatement s =
        db.prepareStatement(
            "SELECT id, embedding_id FROM embeddings WHERE segment_id = ? AND embedding_id IN ("
                + in
                + ") ORDER BY id")) {
      s.setString(1, segment(c, "METADATA"));
      for (int i = 0; i < wanted.size(); i++) {
        s.setString(i + 2, wanted.get(i));
      }
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          rowids.add(rs.getLong(1));
          ids.add(rs.getString(2));
        }
      }
    }
    return ids.isEmpty() ? List.of() : records(c, rowids, ids, logVectors(c), hnsw);
  }

  /**
   * The vectors the log sets after the HNSW files were written; fails naming the collection when
   * the metadata segment has not caught up with the log.
   */
  private Map<String, float[]> logVectors(ChromaCollection c) throws SQLException, IOException {
    long metadataSeq = maxSeq(segment(c, "METADATA"));
    long walSeq = maxWalSeq(c);
    if (walSeq > metadataSeq) {
      throw new IOException(
          "collection '"
              + c.name()
              + "': the metadata segment is behind the write-ahead log (seq "
              + metadataSeq
              + " < "
              + walSeq
              + "); open the directory once with Chroma to apply it");
    }
    return replayVectors(c, maxSeq(segment(c, "VECTOR")));
  }

  /** The records of metadata rows {@code rowids} (with their {@code ids}), in that order. */
  private List<Record> records(
      ChromaCollection c,
      List<Long> rowids,
      List<String> ids,
      Map<String, float[]> walVectors,
      HnswIndexFiles hnsw)
      throws SQLException, IOException {
    Map<Long, TreeMap<String, Object>> meta = metadata(rowids);
    List<Record> batch = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      String id = ids.get(i);
      float[] v = walVectors.get(id);
      if (v == null && hnsw != null) {
        v = hnsw.vector(id);
      }
      if (v == null) {
        throw new IOException(
            "collection '"
                + c.name()
                + "', id '"
                + id
                + "': the record has no vector in the HNSW files nor in the log");
      }
      batch.add(ChromaRecords.of(id, v, meta.get(rowids.get(i))));
    }
    return batch;
  }

  @Override
  public void close() throws SQLException {
    db.close();
  }

  /** The vectors the log sets after the HNSW files were written, in log order. */
  private Map<String, float[]> replayVectors(ChromaCollection c, long afterSeq)
      throws SQLException {
    Map<String, float[]> out = new HashMap<>();
    try (PreparedStatement s =
        db.prepareStatement(
            "SELECT operation, id, vector, encoding FROM embeddings_queue"
                + " WHERE topic = ? AND seq_id > ? ORDER BY seq_id")) {
      s.setString(1, topic(c));
      s.setLong(2, afterSeq);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          int op = rs.getInt(1);
          String id = rs.getString(2);
          byte[] blob = rs.getBytes(3);
          String encoding = rs.getString(4);
          if (blob != null && encoding != null && !"FLOAT32".equalsIgnoreCase(encoding)) {
            throw new IllegalArgumentException(
                "collection '" + c.name() + "', id '" + id + "': vector encoding " + encoding);
          }
          float[] v = blob == null ? null : ChromaVectors.decode(blob, id);
          WalReplay.apply(out, op, id, v);
        }
      }
    }
    return out;
  }

  /**
   * The metadata of the records {@code rowids} (ascending), by row id. Rows read in one batch are
   * mostly consecutive, so the metadata tables are read as one key range and the rows of other
   * segments' records in it skipped; sparse row ids (a few records picked by id) are looked up one
   * by one.
   */
  private Map<Long, TreeMap<String, Object>> metadata(List<Long> rowids) throws SQLException {
    Map<Long, TreeMap<String, Object>> out = new HashMap<>();
    long first = rowids.get(0);
    long last = rowids.get(rowids.size() - 1);
    boolean range = last - first < 2L * rowids.size();
    String where = range ? "id BETWEEN ? AND ?" : "id IN (" + "?,".repeat(rowids.size() - 1) + "?)";
    Set<Long> wanted = range ? new HashSet<>(rowids) : null;
    try (PreparedStatement s =
        db.prepareStatement(
            "SELECT id, key, string_value, int_value, float_value, bool_value"
                + " FROM embedding_metadata WHERE "
                + where)) {
      bind(s, rowids, range);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          long id = rs.getLong(1);
          if (wanted == null || wanted.contains(id)) {
            out.computeIfAbsent(id, k -> new TreeMap<>()).put(rs.getString(2), value(rs));
          }
        }
      }
    }
    try (PreparedStatement s =
        db.prepareStatement(
            "SELECT id, key, string_value, int_value, float_value, bool_value"
                + " FROM embedding_metadata_array WHERE "
                + where
                + " ORDER BY rowid")) {
      bind(s, rowids, range);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          long id = rs.getLong(1);
          if (wanted != null && !wanted.contains(id)) {
            continue;
          }
          TreeMap<String, Object> m = out.computeIfAbsent(id, k -> new TreeMap<>());
          @SuppressWarnings("unchecked")
          List<Object> list =
              (List<Object>) m.computeIfAbsent(rs.getString(2), k -> new ArrayList<Object>());
          list.add(value(rs));
        }
      }
    } catch (SQLException e) {
      if (!String.valueOf(e.getMessage()).contains("no such table")) {
        throw e;
      }
    }
    return out;
  }

  private static void bind(PreparedStatement s, List<Long> rowids, boolean range)
      throws SQLException {
    if (range) {
      s.setLong(1, rowids.get(0));
      s.setLong(2, rowids.get(rowids.size() - 1));
      return;
    }
    for (int i = 0; i < rowids.size(); i++) {
      s.setLong(i + 1, rowids.get(i));
    }
  }

  private static Object value(ResultSet rs) throws SQLException {
    String str = rs.getString(3);
    if (str != null) {
      return str;
    }
    long i = rs.getLong(4);
    if (!rs.wasNull()) {
      return i;
    }
    double f = rs.getDouble(5);
    if (!rs.wasNull()) {
      return f;
    }
    long b = rs.getLong(6);
    if (!rs.wasNull()) {
      return b != 0;
    }
    return null;
  }

  private String segment(ChromaCollection c, String scope) throws SQLException, IOException {
    try (PreparedStatement s =
        db.prepareStatement("SELECT id FROM segments WHERE collection = ? AND scope = ?")) {
      s.setString(1, c.id());
      s.setString(2, scope);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          throw new IOException("collection '" + c.name() + "' has no " + scope + " segment");
        }
        return rs.getString(1);
      }
    }
  }

  private long maxSeq(String segment) throws SQLException {
    try (PreparedStatement s =
        db.prepareStatement("SELECT seq_id FROM max_seq_id WHERE segment_id = ?")) {
      s.setString(1, segment);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0L;
      }
    }
  }

  private long maxWalSeq(ChromaCollection c) throws SQLException {
    try (PreparedStatement s =
        db.prepareStatement("SELECT max(seq_id) FROM embeddings_queue WHERE topic = ?")) {
      s.setString(1, topic(c));
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0L;
      }
    }
  }

  private static String topic(ChromaCollection c) {
    return "persistent://default/default/" + c.id();
  }

  private String space(String configJson, String schemaJson, String collectionId)
      throws SQLException {
    String fromSchema = text(schemaJson, "/keys/#embedding/float_list/vector_index/config/space");
    if (fromSchema != null) {
      return fromSchema;
    }
    String fromConfig = text(configJson, "/hnsw/space");
    if (fromConfig == null) {
      fromConfig = text(configJson, "/hnsw_configuration/space");
    }
    if (fromConfig != null) {
      return fromConfig;
    }
    try (PreparedStatement s =
        db.prepareStatement(
            "SELECT str_value FROM collection_metadata WHERE collection_id = ? AND key ="
                + " 'hnsw:space'")) {
      s.setString(1, collectionId);
      try (ResultSet rs = s.executeQuery()) {
        if (rs.next() && rs.getString(1) != null) {
          return rs.getString(1);
        }
      }
    }
    return "l2";
  }

  private static String text(String json, String pointer) {
    if (json == null || json.isBlank()) {
      return null;
    }
    try {
      JsonNode n = JSON.readTree(json).at(pointer);
      return n.isTextual() ? n.asText() : null;
    } catch (IOException e) {
      return null;
    }
  }
}
