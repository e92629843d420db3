package dev.ferry.pipeline;

import dev.ferry.io.chroma.ChromaRange;
import dev.ferry.io.chroma.ChromaRangeReader;
import dev.ferry.record.Record;

/**
 * A fused flow's Chroma source, a persisted directory ({@code path}) or a server ({@code url}):
 * ranges are {@link ChromaRange}s, read in batches of {@code batchSize} by a {@link
 * ChromaRangeReader} (the directory and its HNSW files opened once per DoFn instance).
 *
 * <pre>{@code
 * FusedSource<ChromaRange> s = new ChromaFusedSource("/data/chroma", null, 2000);
 * }</pre>
 */
record ChromaFusedSource(String path, String url, int batchSize)
    implements FusedSource<ChromaRange> {

  @Override
  public Reader<ChromaRange> open() throws Exception {
    ChromaRangeReader reader = ChromaRangeReader.open(path, url);
    return new Reader<>() {
      @Override
      public int order(ChromaRange range) {
        return range.order();
      }

      @Override
      public void read(ChromaRange range, Sink sink) throws Exception {
        reader.read(
            range,
            batchSize,
            batch -> {
              for (Record r : batch) {
                sink.record(r);
              }
            });
      }

      @Override
      public void close() throws Exception {
        reader.close();
      }
    };
  }
}
