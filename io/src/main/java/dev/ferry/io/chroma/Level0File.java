package dev.ferry.io.chroma;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An HNSW segment's {@code data_level0.bin} (fixed-size little-endian elements: links, vector,
 * label) mapped into memory read-only, in chunks of whole elements of at most 1 GiB, so files over
 * 2 GiB map too. Reads are absolute, so one instance can serve several threads. Mapping instead of
 * reading: opening a 100k x 768 segment made 200,000 positional reads for the element labels and
 * then one more per vector.
 *
 * <pre>{@code
 * try (Level0File f = Level0File.map(path, header.elementCount(), header.sizePerElement())) {
 *   long label = f.longAt(7, header.labelOffset());
 * }
 * }</pre>
 */
final class Level0File implements AutoCloseable {
  private static final long MAX_CHUNK_BYTES = 1L << 30;

  private final FileChannel channel;
  private final long elementSize;
  private final long elementsPerChunk;
  private final ByteBuffer[] chunks;
  private final FloatBuffer[] floats;

  private Level0File(
      FileChannel channel,
      long elementSize,
      long elementsPerChunk,
      ByteBuffer[] chunks,
      FloatBuffer[] floats) {
    this.channel = channel;
    this.elementSize = elementSize;
    this.elementsPerChunk = elementsPerChunk;
    this.chunks = chunks;
    this.floats = floats;
  }

  /**
   * Maps the first {@code elements} elements of {@code elementSize} bytes (a multiple of 4).
   *
   * @throws IOException if the file is shorter than that, naming it and both sizes
   */
  static Level0File map(Path file, long elements, long elementSize) throws IOException {
    return map(file, elements, elementSize, MAX_CHUNK_BYTES);
  }

  /** As above, with chunks of at most {@code maxChunkBytes} (tests use small ones). */
  static Level0File map(Path file, long elements, long elementSize, long maxChunkBytes)
      throws IOException {
    if (elementSize <= 0 || elementSize % 4 != 0) {
      throw new IOException(file + ": element size " + elementSize + " is not a multiple of 4");
    }
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    try {
      long need = elements * elementSize;
      if (channel.size() < need) {
        throw new IOException(file + ": " + channel.size() + " bytes, the header promises " + need);
      }
      long perChunk = Math.max(1, maxChunkBytes / elementSize);
      int n = (int) ((elements + perChunk - 1) / perChunk);
      ByteBuffer[] chunks = new ByteBuffer[n];
      FloatBuffer[] floats = new FloatBuffer[n];
      for (int c = 0; c < n; c++) {
        long first = c * perChunk;
        long count = Math.min(perChunk, elements - first);
        chunks[c] =
            channel
                .map(FileChannel.MapMode.READ_ONLY, first * elementSize, count * elementSize)
                .order(ByteOrder.LITTLE_ENDIAN);
        floats[c] = chunks[c].asFloatBuffer();
      }
      return new Level0File(channel, elementSize, perChunk, chunks, floats);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** The int at byte {@code offset} of element {@code element}. */
  int intAt(long element, long offset) {
    return chunks[chunk(element)].getInt(position(element, offset));
  }

  /** The long at byte {@code offset} of element {@code element}. */
  long longAt(long element, long offset) {
    return chunks[chunk(element)].getLong(position(element, offset));
  }

  /** Fills {@code out} with the floats from byte {@code offset} (a multiple of 4) of an element. */
  void floats(long element, long offset, float[] out) {
    floats[chunk(element)].get(position(element, offset) / 4, out);
  }

  private int chunk(long element) {
    return (int) (element / elementsPerChunk);
  }

  private int position(long element, long offset) {
    return (int) ((element % elementsPerChunk) * elementSize + offset);
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
