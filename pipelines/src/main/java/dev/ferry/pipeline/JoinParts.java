package dev.ferry.pipeline;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * Joins the part files a fused JSON Lines flow wrote, one per read range, into its one target file,
 * in the order of their names (the ranges' order), once every range is written; then removes the
 * parts. The file is written under a temporary name and renamed, so it appears whole. With no part
 * (an empty source) the file is created empty. Outputs the number of parts joined.
 *
 * <pre>{@code
 * parts.apply(new JoinParts("/data/out/items.jsonl"));
 * }</pre>
 */
final class JoinParts extends PTransform<PCollection<String>, PCollection<Long>> {
  private final String file;

  JoinParts(String file) {
    this.file = file;
  }

  @Override
  public PCollection<Long> expand(PCollection<String> parts) {
    // The empty name makes the join run when no range left a part too.
    return parts
        .apply("All parts", new GatherAll<>("", StringUtf8Coder.of()))
        .apply("Join parts", ParDo.of(new JoinFn(file)))
        .setCoder(VarLongCoder.of());
  }

  /** Concatenates the parts named in one group (empty names are not parts). */
  static final class JoinFn extends DoFn<KV<Integer, Iterable<String>>, Long> {
    private final String file;

    JoinFn(String file) {
      this.file = file;
    }

    @ProcessElement
    public void process(@Element KV<Integer, Iterable<String>> names, OutputReceiver<Long> out)
        throws IOException {
      out.output(join(file, names.getValue()));
    }
  }

  /**
   * Joins the parts named in {@code names} (empty names are not parts) into {@code file}; returns
   * how many parts there were.
   */
  static long join(String file, Iterable<String> names) throws IOException {
    List<String> parts = new ArrayList<>();
    for (String n : names) {
      if (!n.isEmpty()) {
        parts.add(n);
      }
    }
    parts.sort(null);
    Path target = Paths.get(file);
    Files.createDirectories(target.toAbsolutePath().getParent());
    Path temp = target.resolveSibling("." + target.getFileName() + ".joining");
    try (FileChannel out =
        FileChannel.open(
            temp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      for (String part : parts) {
        try (FileChannel in = FileChannel.open(Paths.get(part), StandardOpenOption.READ)) {
          long size = in.size();
          long done = 0;
          while (done < size) {
            done += in.transferTo(done, size - done, out);
          }
        }
      }
    }
    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    Path dir = PartFile.dir(file);
    RunFiles.deleteFiles(dir);
    Files.deleteIfExists(dir);
    return parts.size();
  }
}
