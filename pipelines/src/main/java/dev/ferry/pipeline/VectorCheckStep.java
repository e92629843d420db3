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
    // One pass over the bits, without a branch per element: a float is NaN or infinite when its
    // exponent bits are all ones (adding one more exponent step then carries into the sign bit),
    // and all zeros (+0 or -0) when every bit but the sign is 0. Only a vector found wrong is
    // scanned again, for the first bad element's index.
    int nonFinite = 0;
    int magnitude = 0;
    for (float x : f) {
      int bits = Float.floatToRawIntBits(x);
      nonFinite |= (bits & 0x7f800000) + 0x00800000;
      magnitude |= bits & 0x7fffffff;
    }
    if (nonFinite < 0) {
      for (int i = 0; i < f.length; i++) {
        if (Float.isNaN(f[i])) {
          return "embedding[" + i + "] is NaN";
        }
        if (Float.isInfinite(f[i])) {
          return "embedding[" + i + "] is infinite";
        }
      }
    }
    return magnitude == 0 ? "embedding is all zeros" : null;
  }
}
