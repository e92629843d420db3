package dev.ferry.io.chroma;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Elements read from a mapped level-0 file, across chunk boundaries. */
class Level0FileTest {
  @TempDir Path dir;

  /** 10 elements of 20 bytes: int flags, two floats, long label. */
  private Path file() throws IOException {
    ByteBuffer b = ByteBuffer.allocate(10 * 20 + 7).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 10; i++) {
      b.putInt(i % 3 == 0 ? 1 << 16 : 0).putFloat(i + 0.5f).putFloat(-i).putLong(1000L + i);
    }
    Path f = dir.resolve("data_level0.bin");
    Files.write(f, b.array());
    return f;
  }

  @Test
  void readsEveryElementWhateverTheChunkSize() throws IOException {
    for (long chunk : new long[] {1L << 30, 60, 20, 7}) {
      try (Level0File f = Level0File.map(file(), 10, 20, chunk)) {
        for (int i = 0; i < 10; i++) {
          assertThat(f.intAt(i, 0))
              .as("chunk %d element %d", chunk, i)
              .isEqualTo(i % 3 == 0 ? 1 << 16 : 0);
          assertThat(f.longAt(i, 12)).isEqualTo(1000L + i);
          float[] v = new float[2];
          f.floats(i, 4, v);
          assertThat(v).containsExactly(i + 0.5f, -i);
        }
      }
    }
  }

  @Test
  void refusesAFileShorterThanTheHeaderPromises() throws IOException {
    Path f = file();
    assertThatThrownBy(() -> Level0File.map(f, 11, 20))
        .isInstanceOf(IOException.class)
        .hasMessage(f + ": 207 bytes, the header promises 220");
    assertThatThrownBy(() -> Level0File.map(f, 10, 18))
        .hasMessage(f + ": element size 18 is not a multiple of 4");
  }
}
