package dev.ferry.pipeline;

import dev.ferry.record.Record;
import dev.ferry.record.RecordJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The files of a flow's vector facts in the run directory, {@code facts/<flow>/}, one JSON object
 * per line: {@code summary.json} (collection, dimension and space of the source, count, digest,
 * dimensions met, k, samples, seed), the fingerprints ({@code id}, {@code fingerprint}: {@code
 * fingerprints.jsonl} from a fused pass, {@code fingerprints-SSSSS-of-NNNNN.jsonl} shards from a
 * step-by-step one), {@code samples.jsonl} ({@code id}, {@code rank}, {@code vector} as
 * little-endian float32 bytes, so it is bit-exact), {@code topk.jsonl} ({@code query}, {@code
 * neighbours} nearest first, {@code distances}) and {@code invalid.jsonl} ({@code id}, {@code
 * reason}). {@link VectorFacts} and {@link WriteVectorFacts} write them; this class names them,
 * formats lines and reads them back.
 *
 * <pre>{@code
 * Path dir = VectorFactFiles.dir(runDir, "vectors");
 * Record summary = VectorFactFiles.readSummary(dir);
 * }</pre>
 */
final class VectorFactFiles {
  static final String FINGERPRINTS = "fingerprints";

  private VectorFactFiles() {}

  static Path dir(Path runDir, String flow) {
    return runDir.resolve("facts").resolve(flow);
  }

  /** Deletes the files in {@code dir} (the facts of an earlier run), if it exists. */
  static void clear(Path dir) {
    try {
      RunFiles.deleteFiles(dir);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot empty the facts folder " + dir, e);
    }
  }

  static Path summary(Path dir) {
    return dir.resolve("summary.json");
  }

  static Path samples(Path dir) {
    return dir.resolve("samples.jsonl");
  }

  static Path topK(Path dir) {
    return dir.resolve("topk.jsonl");
  }

  /** The one fingerprint file of a fused pass. */
  static Path fingerprints(Path dir) {
    return dir.resolve(FINGERPRINTS + ".jsonl");
  }

  static Path invalid(Path dir) {
    return dir.resolve("invalid.jsonl");
  }

  static String fingerprintLine(String id, long fingerprint) {
    return RecordJson.write(Record.of("id", id, "fingerprint", fingerprint));
  }

  static String sampleLine(SampleQuery sample) {
    float[] v = sample.vector();
    ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : v) {
      b.putFloat(f);
    }
    return RecordJson.write(
        Record.of("id", sample.id(), "rank", sample.rank(), "vector", b.array()));
  }

  /** The summary; fails naming the file when the pass wrote none. */
  static Record readSummary(Path dir) {
    List<Record> lines = lines(summary(dir));
    if (lines.size() != 1) {
      throw new IllegalStateException(
          "expected one line of vector facts in " + summary(dir) + ", found " + lines.size());
    }
    return lines.get(0);
  }

  /** The source vectors the vector check rejected: {@code id}, {@code reason}. */
  static List<Record> readInvalid(Path dir) {
    return lines(invalid(dir));
  }

  /** The sample queries, {@code id}, {@code rank}, {@code vector} (float[]), in file order. */
  static List<Record> readSamples(Path dir) {
    List<Record> out = new ArrayList<>();
    for (Record r : lines(samples(dir))) {
      ByteBuffer b = ByteBuffer.wrap((byte[]) r.get("vector")).order(ByteOrder.LITTLE_ENDIAN);
      float[] v = new float[b.remaining() / 4];
      for (int i = 0; i < v.length; i++) {
        v[i] = b.getFloat();
      }
      out.add(Record.of("id", r.get("id"), "rank", r.get("rank"), "vector", v));
    }
    return out;
  }

  /** The exact neighbours' ids of each sample query, nearest first, by query id. */
  static Map<String, List<String>> readTopK(Path dir) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Record r : lines(topK(dir))) {
      List<String> ids = new ArrayList<>();
      for (Object id : (List<?>) r.get("neighbours")) {
        ids.add((String) id);
      }
      out.put((String) r.get("query"), ids);
    }
    return out;
  }

  /**
   * Streams the fingerprints of every shard in maps of at most {@code batchSize} ids, so memory
   * holds one batch, never the collection.
   */
  static void forEachFingerprints(Path dir, int batchSize, Consumer<Map<String, Long>> out) {
    Map<String, Long> batch = new LinkedHashMap<>();
    try (var files = Files.list(dir)) {
      for (Path f : files.sorted().toList()) {
        String name = f.getFileName().toString();
        if (!name.startsWith(FINGERPRINTS + "-") && !name.equals(FINGERPRINTS + ".jsonl")) {
          continue;
        }
        try (BufferedReader in = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
          for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.isBlank()) {
              continue;
            }
            Record r = RecordJson.read(line);
            batch.put((String) r.get("id"), (Long) r.get("fingerprint"));
            if (batch.size() >= batchSize) {
              out.accept(batch);
              batch = new LinkedHashMap<>();
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the vector fingerprints in " + dir, e);
    }
    if (!batch.isEmpty()) {
      out.accept(batch);
    }
  }

  private static List<Record> lines(Path file) {
    List<Record> out = new ArrayList<>();
    if (!Files.exists(file)) {
      return out;
    }
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          out.add(RecordJson.read(line));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return out;
  }
}
