package dev.ferry.io.chroma;

import java.io.IOException;
import java.lang.ref.SoftReference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The vectors of one persisted HNSW segment folder ({@code header.bin}, {@code data_level0.bin},
 * {@code length.bin}, {@code index_metadata.pickle}), looked up by the user's id. Only the
 * label-to-element table is kept in memory; each vector is read from the mapped file ({@link
 * Level0File}) when asked for. That table (and a cosine segment's norms) is parsed once per JVM
 * while the files stay the same (same path, inode, size and modification time), and shared by every
 * {@code open} of the folder: the client's pick of sample queries and each worker's reader would
 * otherwise parse the pickle again. The cache holds it softly, so memory pressure can drop it.
 *
 * <pre>{@code
 * try (HnswIndexFiles hnsw = HnswIndexFiles.open(dir.resolve(vectorSegmentId), true)) {
 *   float[] v = hnsw.vector("doc-1");   // null if absent or deleted
 * }
 * }</pre>
 */
public final class HnswIndexFiles implements AutoCloseable {
  private static final int DELETED = 1 << 16;

  private final HnswHeader header;
  private final Level0File level0;
  private final Map<String, Integer> elementById;
  private final float[] norms;
  private final boolean cosine;

  private HnswIndexFiles(
      HnswHeader header,
      Level0File level0,
      Map<String, Integer> elementById,
      float[] norms,
      boolean cosine) {
    this.header = header;
    this.level0 = level0;
    this.elementById = elementById;
    this.norms = norms;
    this.cosine = cosine;
  }

  /**
   * Opens a segment folder. With {@code cosine}, vectors are returned as Chroma returns them: the
   * stored unit vector times the original norm from {@code length.bin}.
   */
  public static HnswIndexFiles open(Path dir, boolean cosine) throws IOException {
    HnswHeader header = HnswHeader.parse(Files.readAllBytes(dir.resolve("header.bin")));
    Level0File level0 =
        Level0File.map(
            dir.resolve("data_level0.bin"), header.elementCount(), header.sizePerElement());
    try {
      Tables t = tables(dir, cosine, header, level0);
      return new HnswIndexFiles(header, level0, t.elementById(), t.norms(), cosine);
    } catch (IOException | RuntimeException e) {
      level0.close();
      throw e;
    }
  }

  /** What {@link #open} parses: user id -> element index, and a cosine segment's norms. */
  private record Tables(Map<String, Integer> elementById, float[] norms) {}

  private static final Map<String, SoftReference<Tables>> PARSED = new ConcurrentHashMap<>();
  private static final Map<String, Object> PARSING = new ConcurrentHashMap<>();

  /** The tables of a folder, parsed or taken from the cache while its files are unchanged. */
  private static Tables tables(Path dir, boolean cosine, HnswHeader header, Level0File level0)
      throws IOException {
    String folder = dir.toAbsolutePath().normalize() + (cosine ? "|cosine" : "|plain");
    StringBuilder key = new StringBuilder(folder);
    for (String f :
        List.of("header.bin", "data_level0.bin", "length.bin", "index_metadata.pickle")) {
      Path file = dir.resolve(f);
      if (Files.exists(file)) {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        key.append('|').append(a.fileKey()).append(':').append(a.size()).append('@');
        key.append(a.lastModifiedTime().to(TimeUnit.NANOSECONDS));
      }
    }
    String k = key.toString();
    synchronized (PARSING.computeIfAbsent(k, x -> new Object())) {
      SoftReference<Tables> ref = PARSED.get(k);
      Tables t = ref == null ? null : ref.get();
      if (t == null) {
        t = parse(dir, cosine, header, level0);
        // Tables of the folder's earlier files are of no more use (a long-lived worker JVM).
        PARSED.keySet().removeIf(old -> old.startsWith(folder + "|") && !old.equals(k));
        PARSED.put(k, new SoftReference<>(t));
      }
      return t;
    }
  }

  private static Tables parse(Path dir, boolean cosine, HnswHeader header, Level0File level0)
      throws IOException {
    Map<Long, Integer> elementByLabel = new HashMap<>();
    for (int i = 0; i < header.elementCount(); i++) {
      int flags = level0.intAt(i, 0);
      long label = level0.longAt(i, header.labelOffset());
      if ((flags & DELETED) == 0) {
        elementByLabel.put(label, i);
      }
    }
    float[] norms = cosine ? norms(dir.resolve("length.bin"), header) : null;
    return new Tables(elementsById(dir.resolve("index_metadata.pickle"), elementByLabel), norms);
  }

  /** The header of the segment. */
  public HnswHeader header() {
    return header;
  }

  /** How many live (not deleted) vectors the files hold. */
  public int liveCount() {
    return elementById.size();
  }

  /** The vector of a user id, or null if the files do not hold it (or hold it deleted). */
  public float[] vector(String id) {
    Integer element = elementById.get(id);
    if (element == null) {
      return null;
    }
    int dim = header.dimension();
    float[] v = new float[dim];
    level0.floats(element, header.offsetData(), v);
    if (cosine) {
      float norm = norms[element];
      for (int i = 0; i < dim; i++) {
        v[i] *= norm;
      }
    }
    return v;
  }

  @Override
  public void close() throws IOException {
    level0.close();
  }

  /** User id -> element index of the live elements, joining label_to_id with level0's labels. */
  private static Map<String, Integer> elementsById(Path pickle, Map<Long, Integer> elementByLabel)
      throws IOException {
    Object meta = PickleReader.read(Files.readAllBytes(pickle));
    if (!(meta instanceof Map<?, ?> m) || !(m.get("label_to_id") instanceof Map<?, ?> l2i)) {
      throw new IOException(pickle + ": no 'label_to_id' dict");
    }
    m.remove("id_to_label"); // let the larger half go before building the result
    m.remove("id_to_seq_id");
    Map<String, Integer> out = new HashMap<>(elementByLabel.size() * 4 / 3 + 1);
    for (Map.Entry<?, ?> e : l2i.entrySet()) {
      if (!(e.getKey() instanceof Long label) || !(e.getValue() instanceof String id)) {
        throw new IOException(pickle + ": label_to_id entry " + e + " is not int -> str");
      }
      Integer element = elementByLabel.get(label);
      if (element != null) {
        out.put(id, element);
      }
    }
    return out;
  }

  private static float[] norms(Path lengths, HnswHeader header) throws IOException {
    byte[] bytes = Files.readAllBytes(lengths);
    if (bytes.length < header.elementCount() * 4) {
      throw new IOException(
          lengths + ": " + bytes.length + " bytes for " + header.elementCount() + " elements");
    }
    float[] out = new float[(int) header.elementCount()];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
    return out;
  }
}
