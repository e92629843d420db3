package dev.ferry.pipeline;

import dev.ferry.record.Record;
import dev.ferry.record.Values;
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
    int bad = Values.firstNonFinite(f);
    if (bad >= 0) {
      return "embedding[" + bad + "] is " + (Float.isNaN(f[bad]) ? "NaN" : "infinite");
    }
    int magnitude = 0; // every bit but the sign: 0 for +0 and -0 alone
    for (float x : f) {
      magnitude |= Float.floatToRawIntBits(x) & 0x7fffffff;
    }
    return magnitude == 0 ? "embedding is all zeros" : null;
  }
}
