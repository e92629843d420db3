package dev.ferry.io.chroma;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The 100-byte {@code header.bin} of an hnswlib index as Chroma persists it: where each element's
 * links, vector and label sit inside {@code data_level0.bin}.
 *
 * <pre>{@code
 * HnswHeader h = HnswHeader.parse(Files.readAllBytes(dir.resolve("header.bin")));
 * int dim = h.dimension();
 * }</pre>
 */
public record HnswHeader(
    int version,
    long offsetLevel0,
    long maxElements,
    long elementCount,
    long sizePerElement,
    long labelOffset,
    long offsetData,
    int maxLevel,
    long entryPoint,
    long maxM,
    long maxM0,
    long m,
    double mult,
    long efConstruction) {

  /** The header's size in bytes. */
  public static final int SIZE = 100;

  /** Parses the little-endian header; fails naming the problem if the bytes cannot be one. */
  public static HnswHeader parse(byte[] bytes) {
    if (bytes.length < SIZE) {
      throw new IllegalArgumentException(
          "header.bin has " + bytes.length + " bytes; an hnswlib header has " + SIZE);
    }
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    HnswHeader h =
        new HnswHeader(
            b.getInt(),
            b.getLong(),
            b.getLong(),
            b.getLong(),
            b.getLong(),
            b.getLong(),
            b.getLong(),
            b.getInt(),
            Integer.toUnsignedLong(b.getInt()),
            b.getLong(),
            b.getLong(),
            b.getLong(),
            b.getDouble(),
            b.getLong());
    long vectorBytes = h.labelOffset - h.offsetData;
    if (vectorBytes <= 0
        || vectorBytes % 4 != 0
        || h.offsetData != 4 + 4 * h.maxM0
        || h.sizePerElement != h.labelOffset + 8
        || h.elementCount > h.maxElements) {
      throw new IllegalArgumentException("header.bin is not a layout this reader knows: " + h);
    }
    return h;
  }

  /** The vector dimension: the bytes between the links and the label, in float32s. */
  public int dimension() {
    return (int) ((labelOffset - offsetData) / 4);
  }
}
