package dev.ferry.pipeline;

import dev.ferry.record.Record;
import dev.ferry.record.RecordJson;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * Adds up the {@link VectorRangeFacts} of a flow's pass, once every part is done, and writes the
 * small fact files into {@code facts/<flow>/} (see {@link VectorFactFiles}): {@code summary.json}
 * (the flow's settings, count, digest, dimensions), {@code samples.jsonl} (the sample queries
 * picked before the pass), {@code topk.jsonl} (each query's exact {@code k} nearest, nearest first)
 * and {@code invalid.jsonl} (the rejected source vectors, by id). Each file is written under a
 * temporary name and renamed. The parts are gathered by {@link GatherAll}, with an empty part, so
 * the files are written when the flow wrote nothing too. Outputs the number of records counted.
 *
 * <pre>{@code
 * rangeFacts.apply("write facts", new WriteVectorFacts(config, factsDir));
 * }</pre>
 */
final class WriteVectorFacts extends PTransform<PCollection<VectorRangeFacts>, PCollection<Long>> {
  private final VectorFacts.Config config;
  private final String dir;

  WriteVectorFacts(VectorFacts.Config config, Path dir) {
    this.config = config;
    this.dir = dir.toString();
  }

  @Override
  public PCollection<Long> expand(PCollection<VectorRangeFacts> parts) {
    return parts
        .apply(
            "All facts",
            new GatherAll<>(VectorRangeFacts.none(), SerializableCoder.of(VectorRangeFacts.class)))
        .apply("Write facts", ParDo.of(new WriteFn(config, dir)))
        .setCoder(VarLongCoder.of());
  }

  private static final class WriteFn extends DoFn<KV<Integer, Iterable<VectorRangeFacts>>, Long> {
    private final VectorFacts.Config config;
    private final String dir;

    WriteFn(VectorFacts.Config config, String dir) {
      this.config = config;
      this.dir = dir;
    }

    @ProcessElement
    public void process(
        @Element KV<Integer, Iterable<VectorRangeFacts>> parts, OutputReceiver<Long> out)
        throws IOException {
      VectorRangeFacts all = VectorRangeFacts.none();
      for (VectorRangeFacts part : parts.getValue()) {
        all.merge(part, config.k());
      }
      write(config, Paths.get(dir), all);
      out.output(all.count());
    }
  }

  /** Writes the fact files of {@code all} into {@code dir}. */
  static void write(VectorFacts.Config config, Path dir, VectorRangeFacts all) throws IOException {
    Files.createDirectories(dir);
    Record summary =
        Record.of(
            "collection", config.collection(),
            "dimension", (long) config.dimension(),
            "space", config.space(),
            "count", all.count(),
            "digest", all.digest(),
            "dimensions", all.dimensions(),
            "k", (long) config.k(),
            "samples", (long) config.samples(),
            "seed", config.seed());
    writeLines(VectorFactFiles.summary(dir), List.of(RecordJson.write(summary)));
    List<String> samples = new ArrayList<>();
    List<String> topK = new ArrayList<>();
    for (SampleQuery q : config.queries()) {
      samples.add(VectorFactFiles.sampleLine(q));
      List<Object> ids = new ArrayList<>();
      List<Object> distances = new ArrayList<>();
      for (VectorRangeFacts.Neighbour n : all.nearest().getOrDefault(q.id(), List.of())) {
        ids.add(n.id());
        distances.add(n.distance());
      }
      topK.add(
          RecordJson.write(Record.of("query", q.id(), "neighbours", ids, "distances", distances)));
    }
    writeLines(VectorFactFiles.samples(dir), samples);
    writeLines(VectorFactFiles.topK(dir), topK);
    List<VectorRangeFacts.Invalid> invalid = new ArrayList<>(all.invalidVectors());
    invalid.sort(
        Comparator.comparing(VectorRangeFacts.Invalid::id)
            .thenComparing(VectorRangeFacts.Invalid::reason));
    List<String> lines = new ArrayList<>();
    for (VectorRangeFacts.Invalid i : invalid) {
      lines.add(RecordJson.write(Record.of("id", i.id(), "reason", i.reason())));
    }
    writeLines(VectorFactFiles.invalid(dir), lines);
  }

  private static void writeLines(Path file, List<String> lines) throws IOException {
    Path temp = file.resolveSibling("." + file.getFileName() + ".writing");
    try (Writer w = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
      for (String line : lines) {
        w.write(line);
        w.write('\n');
      }
    }
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
