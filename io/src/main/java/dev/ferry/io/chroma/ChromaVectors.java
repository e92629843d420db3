package dev.ferry.io.chroma;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Plain functions on Chroma's float32 vectors: decoding the write-ahead log's blobs (little-endian
 * float32, the bytes the client sent).
 *
 * <pre>{@code
 * float[] v = ChromaVectors.decode(blob, "r1");
 *  *
 * }</pre>
 */
public final class ChromaVectors {
  private ChromaVectors() {}

  /** Little-endian float32s; fails naming the id if the blob is not a whole number of floats. */
  public static float[] decode(byte[] blob, String id) {
    if (blob.length % 4 != 0) {
      throw new IllegalArgumentException(
          "id '" + id + "': vector blob of " + blob.length + " bytes is not float32s");
    }
    float[] v = new float[blob.length / 4];
    ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
    return v;
  }
}
