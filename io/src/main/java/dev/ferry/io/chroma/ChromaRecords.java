package dev.ferry.io.chroma;

import dev.ferry.record.Record;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the record both Chroma readers yield: {@code id} (text), {@code embedding} ({@code
 * float[]}), {@code document} (text or null) and {@code metadata} (a nested record with the keys
 * sorted, or null when the record has none).
 *
 * <pre>{@code
 * Record r = ChromaRecords.of("r1", vector, Map.of("chroma:document", "hello", "page", 3L));
 * }</pre>
 */
public final class ChromaRecords {
  public static final String ID = "id";
  public static final String EMBEDDING = "embedding";
  public static final String DOCUMENT = "document";
  public static final String METADATA = "metadata";

  private ChromaRecords() {}

  /**
   * A record from an id, a vector and the stored key/values, where the document sits under {@code
   * chroma:document} as Chroma's sqlite keeps it.
   */
  public static Record of(String id, float[] embedding, Map<String, Object> stored) {
    TreeMap<String, Object> meta = stored == null ? new TreeMap<>() : new TreeMap<>(stored);
    Object document = meta.remove(ChromaDirectory.DOCUMENT_KEY);
    return of(id, embedding, (String) document, meta);
  }

  /** A record from its four parts; an empty metadata map becomes null, as Chroma returns it. */
  public static Record of(
      String id, float[] embedding, String document, Map<String, Object> metadata) {
    Record m = null;
    if (metadata != null && !metadata.isEmpty()) {
      m = new Record();
      for (Map.Entry<String, Object> e : new TreeMap<>(metadata).entrySet()) {
        m.put(e.getKey(), e.getValue());
      }
    }
    Record r = Record.withCapacity(4);
    r.put(ID, id);
    r.put(EMBEDDING, embedding);
    r.put(DOCUMENT, document);
    r.put(METADATA, m);
    return r;
  }
}
