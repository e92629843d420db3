package dev.ferry.pipeline;

import dev.ferry.record.Record;
import dev.ferry.steps.Step;
import dev.ferry.steps.StepRejection;

/**
 * Rejects a Chroma record whose {@code embedding} cannot go into a {@code vector(N)} column or be
 * searched: missing, of another dimension than the collection's, or holding NaN, an infinity or
 * only zeros. The reason names the id.
 *
 * <pre>{@code
 * Step check = new VectorCheckStep(384);
 * }</pre>
 */
final class VectorCheckStep implements Step {
  private static final long serialVersionUID = 1L;

  /** The step name its rejects carry. */
  static final String LABEL = "vector check";

  private final int dimension;

  /** {@code dimension} 0: any dimension is accepted. */
  VectorCheckStep(int dimension) {
    this.dimension = dimension;
  }

  @Override
  public String label() {
    return LABEL;
  }

  @Override
  public Record apply(Record r) throws StepRejection {
    String why = problem(r.get("embedding"), dimension);
    if (why != null) {
      throw new StepRejection("id '" + r.get("id") + "': " + why);
    }
    return r;
  }

  /** What is wrong with a vector for a collection of {@code dimension}, or null. */
  static String problem(Object v, int dimension) {
    if (!(v instanceof float[] f)) {
      return "no embedding";
    }
    if (dimension > 0 && f.length != dimension) {
      return "embedding has dimension " + f.length + ", the collection " + dimension;
    }
    boolean zero = true;
    for (int i = 0; i < f.length; i++) {
      if (Float.isNaN(f[i])) {
        return "embedding[" + i + "] is NaN";
      }
      if (Float.isInfinite(f[i])) {
        return "embedding[" + i + "] is infinite";
      }
      zero &= f[i] == 0f;
    }
    return zero ? "embedding is all zeros" : null;
  }
}
