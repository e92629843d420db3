package dev.ferry.io.chroma;

import java.util.Map;

/**
 * One step of replaying Chroma's write-ahead log onto the vectors read from the HNSW files:
 * operations 0 ADD, 1 UPDATE, 2 UPSERT, 3 DELETE. A null in the map marks a deleted id (so the HNSW
 * files' copy is not used); a missing key means the log did not touch the id.
 *
 * <pre>{@code
 * Map<String, float[]> replayed = new HashMap<>();
 * WalReplay.apply(replayed, WalReplay.UPDATE, "r1", vector);
 * }</pre>
 */
public final class WalReplay {
  public static final int ADD = 0;
  public static final int UPDATE = 1;
  public static final int UPSERT = 2;
  public static final int DELETE = 3;

  private WalReplay() {}

  /**
   * Applies one log row. A null vector (a metadata-only update) leaves the vector alone; ADD of an
   * id the log already set is ignored, as Chroma ignores adding an existing id.
   */
  public static void apply(Map<String, float[]> vectors, int op, String id, float[] vector) {
    switch (op) {
      case ADD -> {
        if (vectors.get(id) == null && vector != null) {
          vectors.put(id, vector);
        }
      }
      case UPDATE, UPSERT -> {
        if (vector != null) {
          vectors.put(id, vector);
        }
      }
      case DELETE -> vectors.put(id, null);
      default -> throw new IllegalArgumentException("id '" + id + "': unknown log operation " + op);
    }
  }
}
