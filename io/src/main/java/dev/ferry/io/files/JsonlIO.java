package dev.ferry.io.files;

import dev.ferry.record.FlowTags;
import dev.ferry.record.RecordBatch;
import dev.ferry.record.RecordBatchCoder;
import dev.ferry.record.Reject;
import dev.ferry.record.RejectCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Reads and writes JSON Lines files of records, one {@link dev.ferry.record.RecordJson} line per
 * record, keeping every value kind (bytes, timestamps, vectors, nested records...).
 *
 * <p>{@link #read()} matches a file or glob with {@link FileIO} and reads each file whole in one
 * DoFn, so line numbers are exact; a line that is not valid UTF-8 or not a JSON object becomes a
 * reject naming the file and the line. {@link #write()} writes record batches, sharded ({@code
 * out-00000-of-00004.jsonl}) or, {@link Write#withoutSharding()}, as exactly the file named; {@link
 * #writeRejects()} writes rejects as exactly one file, empty when there are none. Both writes
 * output the names of the files written, to wait on with {@code Wait.on}.
 *
 * <pre>{@code
 * PCollectionTuple in = p.apply(JsonlIO.read().from("backup/items-*.jsonl").withFlow("items"));
 * PCollection<String> written = in.get(FlowTags.RECORDS)
 *     .apply(JsonlIO.write().to("out/items.jsonl"));
 * in.get(FlowTags.REJECTS).apply(JsonlIO.writeRejects().to("run/rejects/items.jsonl"));
 * }</pre>
 */
public final class JsonlIO {
  private JsonlIO() {}

  /** A read to configure with {@link Read#from} and {@link Read#withFlow}. */
  public static Read read() {
    return new Read(null, null, RecordBatch.DEFAULT_SIZE);
  }

  /** A write of record batches to configure with {@link Write#to}. */
  public static Write write() {
    return new Write(null, false);
  }

  /** A write of rejects, as one file, to configure with {@link WriteRejects#to}. */
  public static WriteRejects writeRejects() {
    return new WriteRejects(null);
  }

  /** Reads JSON Lines files into {@link FlowTags#RECORDS} batches and {@link FlowTags#REJECTS}. */
  public static final class Read extends PTransform<PBegin, PCollectionTuple> {
    private static final long serialVersionUID = 1L;
    private final String filepattern;
    private final String flow;
    private final int batchSize;

    private Read(String filepattern, String flow, int batchSize) {
      this.filepattern = filepattern;
      this.flow = flow;
      this.batchSize = batchSize;
    }

    /** A file or a glob ({@code dir/*.jsonl}); compressed files are read by their extension. */
    public Read from(String fileOrGlob) {
      return new Read(text(fileOrGlob, "from"), flow, batchSize);
    }

    /** The flow named in rejects. Required. */
    public Read withFlow(String name) {
      return new Read(filepattern, text(name, "withFlow"), batchSize);
    }

    /** Records per output batch. Default {@link RecordBatch#DEFAULT_SIZE}. */
    public Read withBatchSize(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("withBatchSize: must be at least 1, was " + n);
      }
      return new Read(filepattern, flow, n);
    }

    @Override
    public PCollectionTuple expand(PBegin input) {
      require(filepattern != null, "JsonlIO.read() needs from(fileOrGlob): the files to read");
      require(flow != null, "JsonlIO.read() needs withFlow(name): the flow named in rejects");
      PCollectionTuple out =
          input
              .apply("Match", FileIO.match().filepattern(filepattern))
              .apply("Open", FileIO.readMatches())
              .apply(
                  "Read lines",
                  ParDo.of(new ReadJsonlFn(flow, batchSize))
                      .withOutputTags(FlowTags.RECORDS, TupleTagList.of(FlowTags.REJECTS)));
      out.get(FlowTags.RECORDS).setCoder(RecordBatchCoder.of());
      out.get(FlowTags.REJECTS).setCoder(RejectCoder.of());
      return out;
    }
  }

  /** Writes record batches as JSON Lines; outputs the names of the files written. */
  public static final class Write
      extends PTransform<PCollection<RecordBatch>, PCollection<String>> {
    private static final long serialVersionUID = 1L;
    private final String path;
    private final boolean unsharded;

    private Write(String path, boolean unsharded) {
      this.path = path;
      this.unsharded = unsharded;
    }

    /**
     * Where to write: with {@link #withoutSharding()} exactly this file; otherwise shards named
     * after it ({@code out/items.jsonl} gives {@code out/items-00000-of-00004.jsonl}, ...).
     */
    public Write to(String path) {
      return new Write(text(path, "to"), unsharded);
    }

    /** Writes exactly one file, at the path given to {@link #to}. */
    public Write withoutSharding() {
      return new Write(path, true);
    }

    @Override
    public PCollection<String> expand(PCollection<RecordBatch> input) {
      require(path != null, "JsonlIO.write() needs to(path): where to write");
      PCollection<String> lines =
          input
              .apply("To JSON lines", ParDo.of(new ToJsonLinesFn.Batches()))
              .setCoder(StringUtf8Coder.of());
      return writeLines(lines, path, unsharded);
    }
  }

  /** Writes rejects as one JSON Lines file ({@link Reject#toRecord()} per line). */
  public static final class WriteRejects
      extends PTransform<PCollection<Reject>, PCollection<String>> {
    private static final long serialVersionUID = 1L;
    private final String path;

    private WriteRejects(String path) {
      this.path = path;
    }

    /** The file to write, e.g. {@code run/rejects/items.jsonl}; written empty if no rejects. */
    public WriteRejects to(String path) {
      return new WriteRejects(text(path, "to"));
    }

    @Override
    public PCollection<String> expand(PCollection<Reject> input) {
      require(path != null, "JsonlIO.writeRejects() needs to(path): the rejects file");
      PCollection<String> lines =
          input
              .apply("To JSON lines", ParDo.of(new ToJsonLinesFn.Rejects()))
              .setCoder(StringUtf8Coder.of());
      return writeLines(lines, path, true);
    }
  }

  private static PCollection<String> writeLines(
      PCollection<String> lines, String path, boolean unsharded) {
    ResourceId target = FileSystems.matchNewResource(path, false);
    String directory = target.getCurrentDirectory().toString();
    String fileName = target.getFilename();
    FileIO.Write<Void, String> write = FileIO.<String>write().via(new LinesSink()).to(directory);
    if (unsharded) {
      write = write.withNumShards(1).withNaming(new FixedName(fileName));
    } else {
      String base =
          fileName.endsWith(".jsonl") ? fileName.substring(0, fileName.length() - 6) : fileName;
      write = write.withNaming(FileIO.Write.defaultNaming(base, ".jsonl"));
    }
    PCollection<String> names =
        lines
            .apply("Write files", write)
            .getPerDestinationOutputFilenames()
            .apply("File names", Values.create());
    if (!unsharded) {
      return names;
    }
    return names
        .apply("Count files", Count.globally())
        .apply("Ensure the file", ParDo.of(new EnsureFileFn(path)))
        .setCoder(StringUtf8Coder.of());
  }

  /** Names the single shard of an unsharded write. */
  private static final class FixedName implements FileIO.Write.FileNaming {
    private static final long serialVersionUID = 1L;
    private final String name;

    FixedName(String name) {
      this.name = name;
    }

    @Override
    public String getFilename(
        org.apache.beam.sdk.transforms.windowing.BoundedWindow window,
        org.apache.beam.sdk.transforms.windowing.PaneInfo pane,
        int numShards,
        int shardIndex,
        org.apache.beam.sdk.io.Compression compression) {
      return name;
    }
  }

  private static String text(String value, String setting) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(setting + ": must not be null or blank");
    }
    return value;
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalStateException(message);
    }
  }
}
