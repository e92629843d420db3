package dev.ferry.io.chroma;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The plain parsers of the persisted-directory reader: header.bin, the pickle, the log replay. */
class ChromaFilesTest {

  @Test
  void headerGivesLayoutAndDimension() {
    // The header Chroma 1.4.4 wrote for an 8-dimensional collection of 1,000 records.
    ByteBuffer b = ByteBuffer.allocate(100).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(1).putLong(0).putLong(1024).putLong(1000).putLong(172).putLong(164).putLong(132);
    b.putInt(2).putInt(125).putLong(16).putLong(32).putLong(16).putDouble(0.36067376022224085);
    b.putLong(100);
    HnswHeader h = HnswHeader.parse(b.array());
    assertThat(h.elementCount()).isEqualTo(1000);
    assertThat(h.sizePerElement()).isEqualTo(172);
    assertThat(h.maxM0()).isEqualTo(32);
    assertThat(h.entryPoint()).isEqualTo(125);
    assertThat(h.dimension()).isEqualTo(8);
  }

  @Test
  void headerRefusesShortOrForeignLayouts() {
    assertThatThrownBy(() -> HnswHeader.parse(new byte[40]))
        .hasMessage("header.bin has 40 bytes; an hnswlib header has 100");
    ByteBuffer b = ByteBuffer.allocate(100).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(1).putLong(0).putLong(10).putLong(5).putLong(999).putLong(164).putLong(132);
    assertThatThrownBy(() -> HnswHeader.parse(b.array()))
        .hasMessageStartingWith("header.bin is not a layout this reader knows: HnswHeader[");
  }

  @Test
  void pickleOfChromaIndexMetadata() {
    ByteArrayOutputStream p = new ByteArrayOutputStream();
    p.write(0x80);
    p.write(3);
    p.write('}');
    p.write('(');
    str(p, "dimensionality");
    p.write('N');
    str(p, "total_elements_added");
    p.write('J');
    int32(p, 1000);
    str(p, "label_to_id");
    p.write('}');
    p.write('(');
    p.write('K');
    p.write(1);
    str(p, "doc-1");
    p.write('M');
    p.write(0x2c);
    p.write(0x01);
    str(p, "ünïcode");
    p.write('u');
    p.write('u');
    p.write('.');
    Map<?, ?> m = (Map<?, ?>) PickleReader.read(p.toByteArray());
    assertThat(m.get("dimensionality")).isNull();
    assertThat(m.containsKey("dimensionality")).isTrue();
    assertThat(m.get("total_elements_added")).isEqualTo(1000L);
    assertThat((Map<?, ?>) m.get("label_to_id")).isEqualTo(Map.of(1L, "doc-1", 300L, "ünïcode"));
  }

  @Test
  void pickleMemoLetsAStringBeUsedTwice() {
    // {'id_to_label': {'a': 1}, 'label_to_id': {1: 'a'}} with 'a' stored once (BINPUT 1, BINGET 1)
    ByteArrayOutputStream p = new ByteArrayOutputStream();
    p.writeBytes(new byte[] {(byte) 0x80, 3, '}', 'q', 0, '('});
    str(p, "id_to_label");
    p.writeBytes(new byte[] {'}', '('});
    str(p, "a");
    p.writeBytes(new byte[] {'q', 1, 'K', 1, 'u'});
    str(p, "label_to_id");
    p.writeBytes(new byte[] {'}', '(', 'K', 1, 'h', 1, 'u', 'u', '.'});
    Map<?, ?> m = (Map<?, ?>) PickleReader.read(p.toByteArray());
    assertThat((Map<?, ?>) m.get("label_to_id")).isEqualTo(Map.of(1L, "a"));
    assertThat((Map<?, ?>) m.get("id_to_label")).isEqualTo(Map.of("a", 1L));
    byte[] unknownMemo = {(byte) 0x80, 3, 'h', 5};
    assertThatThrownBy(() -> PickleReader.read(unknownMemo))
        .hasMessage("index_metadata.pickle: memo 5 at offset 2 was never stored");
  }

  @Test
  void pickleRefusesAnythingElse() {
    byte[] global = {(byte) 0x80, 3, 'c', 'o', 's', '\n'};
    assertThatThrownBy(() -> PickleReader.read(global))
        .hasMessage("index_metadata.pickle: opcode 0x63 at offset 2 is not supported");
    byte[] truncated = {(byte) 0x80, 3, '}'};
    assertThatThrownBy(() -> PickleReader.read(truncated))
        .hasMessage("index_metadata.pickle: no STOP opcode (truncated file?)");
  }

  @Test
  void logReplayFollowsChromaOperations() {
    Map<String, float[]> v = new HashMap<>();
    WalReplay.apply(v, WalReplay.ADD, "a", new float[] {1f});
    WalReplay.apply(v, WalReplay.ADD, "a", new float[] {9f}); // adding an existing id: ignored
    WalReplay.apply(v, WalReplay.UPDATE, "a", null); // metadata-only update keeps the vector
    assertThat(v.get("a")).containsExactly(1f);
    WalReplay.apply(v, WalReplay.UPDATE, "a", new float[] {2f});
    WalReplay.apply(v, WalReplay.UPSERT, "b", new float[] {3f});
    WalReplay.apply(v, WalReplay.DELETE, "a", null);
    assertThat(v).containsKey("a");
    assertThat(v.get("a")).isNull();
    assertThat(v.get("b")).containsExactly(3f);
    WalReplay.apply(v, WalReplay.ADD, "a", new float[] {4f}); // re-added after the delete
    assertThat(v.get("a")).containsExactly(4f);
    assertThatThrownBy(() -> WalReplay.apply(v, 7, "c", null))
        .hasMessage("id 'c': unknown log operation 7");
  }

  @Test
  void logBlobsAreLittleEndianFloat32() {
    byte[] blob =
        ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(-0f).array();
    float[] v = ChromaVectors.decode(blob, "x");
    assertThat(Float.floatToRawIntBits(v[0])).isEqualTo(Float.floatToRawIntBits(1.5f));
    assertThat(Float.floatToRawIntBits(v[1])).isEqualTo(Float.floatToRawIntBits(-0f));
    assertThatThrownBy(() -> ChromaVectors.decode(new byte[6], "r7"))
        .hasMessage("id 'r7': vector blob of 6 bytes is not float32s");
  }

  private static void str(ByteArrayOutputStream p, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    p.write('X');
    int32(p, b.length);
    p.writeBytes(b);
  }

  private static void int32(ByteArrayOutputStream p, int v) {
    p.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array());
  }
}
