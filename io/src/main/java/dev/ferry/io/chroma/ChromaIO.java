package dev.ferry.io.chroma;

import dev.ferry.io.ranges.RangeSource;
import dev.ferry.record.RecordBatch;
import dev.ferry.record.RecordBatchCoder;
import java.io.IOException;
import java.util.List;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/**
 * Reads a Chroma collection into record batches ({@code id}, {@code embedding}, {@code document},
 * {@code metadata}; see {@link ChromaRecords}), either from a persisted directory ({@link
 * Read#withPath}, no server needed) or from a running server ({@link Read#withUrl}). Either way the
 * collection is planned into ranges of {@value #ROWS_PER_RANGE} records ({@link ChromaRange}) while
 * the pipeline is built, handed to the workers one at a time and read batch by batch ({@link
 * ChromaRangeReader}).
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
      return begin
          .apply("Ranges", ranges())
          .apply("Read ranges", ParDo.of(new ReadRangeFn(path, url, batchSize)))
          .setCoder(RecordBatchCoder.of());
    }

    /**
     * The collection's read ranges, for a DoFn that reads them itself with {@link
     * ChromaRangeReader} (a fused flow): planned here, while the pipeline is built, each a split of
     * its own ({@link RangeSource}), so a runner hands the next one to whichever worker is free.
     */
    public PTransform<PBegin, PCollection<ChromaRange>> ranges() {
      if (collection == null) {
        throw new IllegalArgumentException("ChromaIO.read(): withCollection(...) is required");
      }
      if ((path == null) == (url == null)) {
        throw new IllegalArgumentException(
            "ChromaIO.read(): exactly one of withPath(...) or withUrl(...) is required");
      }
      return new PTransform<>() {
        @Override
        public PCollection<ChromaRange> expand(PBegin input) {
          return input.apply(
              "Planned ranges", RangeSource.read(plan(), SerializableCoder.of(ChromaRange.class)));
        }
      };
    }

    private List<ChromaRange> plan() {
      try (ChromaRangeReader reader = ChromaRangeReader.open(path, url)) {
        return reader.plan(collection, ROWS_PER_RANGE);
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(
            "cannot plan the read of Chroma collection '"
                + collection
                + "' at "
                + (path != null ? path : url)
                + ": "
                + e.getMessage(),
            e);
      }
    }

    /** The persisted directory, or null when the collection is read from a server. */
    public String path() {
      return path;
    }

    /** The server's URL, or null when the collection is read from a directory. */
    public String url() {
      return url;
    }

    private static String text(String s, String what) {
      if (s == null || s.isBlank()) {
        throw new IllegalArgumentException(what + ": must not be empty");
      }
      return s;
    }
  }

  /** Records per range: each range is one parallel unit of work. */
  static final long ROWS_PER_RANGE = 25_000;

  /** Reads ranges batch by batch; the directory (or server client) is opened once per worker. */
  static final class ReadRangeFn extends DoFn<ChromaRange, RecordBatch> {
    private static final long serialVersionUID = 1L;
    private final String path;
    private final String url;
    private final int batchSize;
    private transient ChromaRangeReader reader;

    ReadRangeFn(String path, String url, int batchSize) {
      this.path = path;
      this.url = url;
      this.batchSize = batchSize;
    }

    @Setup
    public void setup() throws IOException {
      reader = ChromaRangeReader.open(path, url);
    }

    @ProcessElement
    public void process(@Element ChromaRange range, OutputReceiver<RecordBatch> out)
        throws Exception {
      reader.read(range, batchSize, batch -> out.output(RecordBatch.of(batch)));
    }

    @Teardown
    public void teardown() throws Exception {
      if (reader != null) {
        reader.close();
        reader = null;
      }
    }
  }
}
