package dev.ferry.io.chroma;

import dev.ferry.record.RecordBatch;
import dev.ferry.record.RecordBatchCoder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/**
 * Reads a Chroma collection into record batches ({@code id}, {@code embedding}, {@code document},
 * {@code metadata}; see {@link ChromaRecords}), either from a persisted directory ({@link
 * Read#withPath}, no server needed) or from a running server ({@link Read#withUrl}, read in pages
 * spread over the workers).
 *
 * <pre>{@code
 * PCollection<RecordBatch> docs =
 *     p.apply(ChromaIO.read().withPath("/data/chroma").withCollection("docs"));
 * PCollection<RecordBatch> same =
 *     p.apply(ChromaIO.read().withUrl("http://127.0.0.1:58000").withCollection("docs"));
 * }</pre>
 */
public final class ChromaIO {
  private ChromaIO() {}

  /** A read to configure with a path or a URL and a collection. */
  public static Read read() {
    return new Read(null, null, null, RecordBatch.DEFAULT_SIZE);
  }

  /** Reads one collection. Immutable; each {@code withX} returns a new read. */
  public static final class Read extends PTransform<PBegin, PCollection<RecordBatch>> {
    private static final long serialVersionUID = 1L;
    private final String path;
    private final String url;
    private final String collection;
    private final int batchSize;

    private Read(String path, String url, String collection, int batchSize) {
      this.path = path;
      this.url = url;
      this.collection = collection;
      this.batchSize = batchSize;
    }

    /** The persisted directory (the one holding {@code chroma.sqlite3}). */
    public Read withPath(String dir) {
      return new Read(text(dir, "withPath"), url, collection, batchSize);
    }

    /** The server's base URL, e.g. {@code http://127.0.0.1:58000}. */
    public Read withUrl(String serverUrl) {
      return new Read(path, text(serverUrl, "withUrl"), collection, batchSize);
    }

    /** The collection's name. Required. */
    public Read withCollection(String name) {
      return new Read(path, url, text(name, "withCollection"), batchSize);
    }

    /** Records per batch (and per server page). Default {@link RecordBatch#DEFAULT_SIZE}. */
    public Read withBatchSize(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("withBatchSize: must be >= 1, got " + n);
      }
      return new Read(path, url, collection, n);
    }

    @Override
    public PCollection<RecordBatch> expand(PBegin begin) {
      if (collection == null) {
        throw new IllegalArgumentException("ChromaIO.read(): withCollection(...) is required");
      }
      if ((path == null) == (url == null)) {
        throw new IllegalArgumentException(
            "ChromaIO.read(): exactly one of withPath(...) or withUrl(...) is required");
      }
      PCollection<String> names = begin.apply("collection", Create.of(collection));
      if (path != null) {
        return names
            .apply("plan ranges", ParDo.of(new PlanRangesFn(path)))
            .setCoder(
                KvCoder.of(StringUtf8Coder.of(), KvCoder.of(VarLongCoder.of(), VarLongCoder.of())))
            .apply("spread ranges", Reshuffle.viaRandomKey())
            .apply("read ranges", ParDo.of(new ReadRangeFn(path, batchSize)))
            .setCoder(RecordBatchCoder.of());
      }
      return names
          .apply("plan pages", ParDo.of(new PlanPagesFn(url, batchSize)))
          .setCoder(KvCoder.of(SerializableCoder.of(ChromaCollection.class), VarLongCoder.of()))
          .apply("spread pages", Reshuffle.viaRandomKey())
          .apply("read pages", ParDo.of(new ReadPageFn(url, batchSize)))
          .setCoder(RecordBatchCoder.of());
    }

    private static String text(String s, String what) {
      if (s == null || s.isBlank()) {
        throw new IllegalArgumentException(what + ": must not be empty");
      }
      return s;
    }
  }

  /** Records per range of a directory read: each range is one parallel unit of work. */
  static final long ROWS_PER_RANGE = 25_000;

  /** Splits a directory collection into row-id ranges. */
  static final class PlanRangesFn extends DoFn<String, KV<String, KV<Long, Long>>> {
    private static final long serialVersionUID = 1L;
    private final String path;

    PlanRangesFn(String path) {
      this.path = path;
    }

    @ProcessElement
    public void process(@Element String name, OutputReceiver<KV<String, KV<Long, Long>>> out)
        throws Exception {
      try (ChromaDirectory dir = ChromaDirectory.open(Path.of(path))) {
        for (long[] r : dir.ranges(dir.collection(name), ROWS_PER_RANGE)) {
          out.output(KV.of(name, KV.of(r[0], r[1])));
        }
      }
    }
  }

  /** Reads one row-id range of a directory collection, batch by batch. */
  static final class ReadRangeFn extends DoFn<KV<String, KV<Long, Long>>, RecordBatch> {
    private static final long serialVersionUID = 1L;
    private final String path;
    private final int batchSize;
    private transient ChromaDirectory dir;
    private transient Map<String, ChromaCollection> collections;
    private transient Map<String, HnswIndexFiles> vectors;

    ReadRangeFn(String path, int batchSize) {
      this.path = path;
      this.batchSize = batchSize;
    }

    @Setup
    public void setup() throws IOException {
      dir = ChromaDirectory.open(Path.of(path));
      collections = new HashMap<>();
      vectors = new HashMap<>();
    }

    @ProcessElement
    public void process(@Element KV<String, KV<Long, Long>> range, OutputReceiver<RecordBatch> out)
        throws Exception {
      String name = range.getKey();
      ChromaCollection c = collections.get(name);
      if (c == null) {
        // Opened once per worker and collection: the HNSW files' id table is the costly part.
        c = dir.collection(name);
        collections.put(name, c);
        vectors.put(name, dir.openVectors(c));
      }
      dir.read(
          c,
          batchSize,
          range.getValue().getKey(),
          range.getValue().getValue(),
          vectors.get(name),
          batch -> out.output(RecordBatch.of(batch)));
    }

    @Teardown
    public void teardown() throws Exception {
      if (vectors != null) {
        for (HnswIndexFiles h : vectors.values()) {
          if (h != null) {
            h.close();
          }
        }
      }
      if (dir != null) {
        dir.close();
      }
    }
  }

  /** Counts a server collection and emits the offset of each page. */
  static final class PlanPagesFn extends DoFn<String, KV<ChromaCollection, Long>> {
    private static final long serialVersionUID = 1L;
    private final String url;
    private final int pageSize;

    PlanPagesFn(String url, int pageSize) {
      this.url = url;
      this.pageSize = pageSize;
    }

    @ProcessElement
    public void process(@Element String name, OutputReceiver<KV<ChromaCollection, Long>> out)
        throws IOException {
      ChromaHttpClient client = new ChromaHttpClient(url);
      ChromaCollection c = client.collection(name);
      long n = client.count(c);
      for (long offset = 0; offset < n; offset += pageSize) {
        out.output(KV.of(c, offset));
      }
    }
  }

  /** Reads one page of a server collection. */
  static final class ReadPageFn extends DoFn<KV<ChromaCollection, Long>, RecordBatch> {
    private static final long serialVersionUID = 1L;
    private final String url;
    private final int pageSize;
    private transient ChromaHttpClient client;

    ReadPageFn(String url, int pageSize) {
      this.url = url;
      this.pageSize = pageSize;
    }

    @Setup
    public void setup() {
      client = new ChromaHttpClient(url);
    }

    @ProcessElement
    public void process(@Element KV<ChromaCollection, Long> page, OutputReceiver<RecordBatch> out)
        throws IOException {
      out.output(RecordBatch.of(client.get(page.getKey(), page.getValue(), pageSize)));
    }
  }
}
