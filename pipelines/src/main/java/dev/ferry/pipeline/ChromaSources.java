package dev.ferry.pipeline;

import dev.ferry.io.chroma.ChromaCollection;
import dev.ferry.io.chroma.ChromaDirectory;
import dev.ferry.io.chroma.ChromaHttpClient;
import dev.ferry.io.chroma.ChromaRangeReader;
import dev.ferry.record.Record;
import dev.ferry.spec.SourceSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens the Chroma collection a flow reads, whether the source is a persisted directory or a
 * server: its description (at plan time, for the target's {@code vector(N)} and the vector facts'
 * distance), its count and first records (for the dry run), and, for a directory, an early parse of
 * its HNSW id table on a background thread. The records themselves are read by the pipeline ({@code
 * ChromaIO}, or a fused flow's {@code ChromaRangeReader}); nothing reads them again after the pass.
 *
 * <pre>{@code
 * ChromaCollection c = ChromaSources.collection(source, "docs");
 * }</pre>
 */
final class ChromaSources {
  private ChromaSources() {}

  /** The collection, or a PlanException naming the source and the collection. */
  static ChromaCollection collection(SourceSpec.Chroma source, String name) {
    try {
      if (source.path() != null) {
        try (ChromaDirectory dir = ChromaDirectory.open(source.path())) {
          return dir.collection(name);
        }
      }
      return new ChromaHttpClient(source.url()).collection(name);
    } catch (Exception e) {
      throw new PlanException("source '" + source.name() + "': " + e.getMessage(), e);
    }
  }

  /**
   * Starts parsing a directory collection's HNSW id table on a background thread, so that it is
   * ready (in the reader's cache) when the sample queries are picked and the workers open their
   * readers, instead of being parsed while they wait. Does nothing for a server; a failure is left
   * for the read to meet and report.
   */
  static void warmVectors(SourceSpec.Chroma source, String name) {
    if (source.path() == null) {
      return;
    }
    Thread t =
        new Thread(
            () -> {
              try (ChromaRangeReader reader =
                  ChromaRangeReader.open(source.path().toString(), null)) {
                reader.prepare(name);
              } catch (Exception e) {
                // Met again, and reported, by the read.
              }
            },
            "ferry-chroma-warm-up");
    t.setDaemon(true);
    t.start();
  }

  /** How many records the collection holds. */
  static long count(SourceSpec.Chroma source, String name) throws Exception {
    if (source.path() != null) {
      try (ChromaDirectory dir = ChromaDirectory.open(source.path())) {
        return dir.count(dir.collection(name));
      }
    }
    ChromaHttpClient http = new ChromaHttpClient(source.url());
    return http.count(http.collection(name));
  }

  /** The first {@code n} records of the collection, in Chroma's order. */
  static List<Record> first(SourceSpec.Chroma source, String name, int n) throws Exception {
    if (source.path() != null) {
      List<Record> out = new ArrayList<>();
      try (ChromaDirectory dir = ChromaDirectory.open(source.path())) {
        dir.read(
            dir.collection(name),
            n,
            batch -> {
              if (out.isEmpty()) {
                out.addAll(batch);
              }
            });
      }
      return out;
    }
    ChromaHttpClient http = new ChromaHttpClient(source.url());
    return http.get(http.collection(name), 0, n);
  }
}
