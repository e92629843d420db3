package dev.ferry.io.chroma;

import dev.ferry.record.Record;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Plans and reads a Chroma collection in pieces ({@link ChromaRange}), from a persisted directory
 * or a server, for one worker: a directory is opened once, and each collection's HNSW files once
 * (parsing their id table is the costly part), however many ranges the worker reads.
 *
 * <pre>{@code
 * try (ChromaRangeReader r = ChromaRangeReader.open("/data/chroma", null)) {
 *   for (ChromaRange range : r.plan("docs", 25_000)) r.read(range, 2000, batch -> ...);
 * }
 * }</pre>
 */
public final class ChromaRangeReader implements AutoCloseable {
  private final ChromaDirectory dir;
  private final ChromaHttpClient server;
  private final Map<String, ChromaCollection> collections = new HashMap<>();
  private final Map<String, HnswIndexFiles> vectors = new HashMap<>();

  private ChromaRangeReader(ChromaDirectory dir, ChromaHttpClient server) {
    this.dir = dir;
    this.server = server;
  }

  /** A reader of the persisted directory {@code path}, or else of the server at {@code url}. */
  public static ChromaRangeReader open(String path, String url) throws IOException {
    if ((path == null) == (url == null)) {
      throw new IllegalArgumentException("a Chroma read takes a directory path or a server url");
    }
    return path != null
        ? new ChromaRangeReader(ChromaDirectory.open(Path.of(path)), null)
        : new ChromaRangeReader(null, new ChromaHttpClient(url));
  }

  /** The collection's pieces of about {@code recordsPerRange} records, in stored order. */
  public List<ChromaRange> plan(String name, long recordsPerRange)
      throws IOException, SQLException {
    List<ChromaRange> out = new ArrayList<>();
    if (dir != null) {
      for (long[] r : dir.ranges(collection(name), recordsPerRange)) {
        out.add(new ChromaRange(name, r[0], r[1], out.size()));
      }
      return out;
    }
    long n = server.count(collection(name));
    for (long from = 0; from < n; from += recordsPerRange) {
      out.add(new ChromaRange(name, from, Math.min(n, from + recordsPerRange), out.size()));
    }
    return out;
  }

  /** Reads one piece in lists of at most {@code batchSize} records. */
  public void read(ChromaRange range, int batchSize, Consumer<List<Record>> out)
      throws IOException, SQLException {
    ChromaCollection c = collection(range.collection());
    if (dir != null) {
      dir.read(c, batchSize, range.from(), range.to(), hnsw(c), out);
      return;
    }
    for (long offset = range.from(); offset < range.to(); offset += batchSize) {
      List<Record> page = server.get(c, offset, (int) Math.min(batchSize, range.to() - offset));
      if (page.isEmpty()) {
        return; // the collection shrank since the plan
      }
      out.accept(page);
    }
  }

  /**
   * Opens the collection, and for a directory its HNSW files, now rather than at the first read
   * (their id table, the costly part, is then cached for every reader of the folder).
   */
  public void prepare(String name) throws IOException, SQLException {
    ChromaCollection c = collection(name);
    if (dir != null) {
      hnsw(c);
    }
  }

  /** Every id of the collection, in no particular order. */
  public List<String> ids(String name) throws IOException, SQLException {
    ChromaCollection c = collection(name);
    if (dir != null) {
      return dir.ids(c);
    }
    List<String> out = new ArrayList<>();
    int page = 10_000;
    for (long offset = 0; ; offset += page) {
      List<String> ids = server.ids(c, offset, page);
      out.addAll(ids);
      if (ids.size() < page) {
        return out;
      }
    }
  }

  /** The records of {@code ids} the collection holds (ids it does not hold are left out). */
  public List<Record> readIds(String name, List<String> ids) throws IOException, SQLException {
    ChromaCollection c = collection(name);
    return dir != null ? dir.readIds(c, ids, hnsw(c)) : server.getIds(c, ids);
  }

  private ChromaCollection collection(String name) throws IOException, SQLException {
    ChromaCollection c = collections.get(name);
    if (c == null) {
      c = dir != null ? dir.collection(name) : server.collection(name);
      collections.put(name, c);
    }
    return c;
  }

  private HnswIndexFiles hnsw(ChromaCollection c) throws IOException, SQLException {
    if (!vectors.containsKey(c.name())) {
      vectors.put(c.name(), dir.openVectors(c));
    }
    return vectors.get(c.name());
  }

  @Override
  public void close() throws Exception {
    for (HnswIndexFiles h : vectors.values()) {
      if (h != null) {
        h.close();
      }
    }
    vectors.clear();
    if (dir != null) {
      dir.close();
    }
  }
}
