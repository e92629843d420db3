package dev.ferry.io.chroma;

import java.io.Serializable;

/**
 * What Ferry needs to know about one Chroma collection: its UUID and name, its dimension (0 when
 * Chroma does not know it yet) and distance ({@code l2}, {@code cosine} or {@code ip}).
 *
 * <pre>{@code
 * ChromaCollection c = new ChromaCollection(uuid, "docs", 384, "cosine");
 * }</pre>
 */
public record ChromaCollection(String id, String name, int dimension, String space)
    implements Serializable {

  /** True for the cosine distance, whose HNSW files hold unit vectors. */
  public boolean cosine() {
    return "cosine".equals(space);
  }
}
