package dev.ferry.pipeline;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.TreeSet;

/**
 * The vector facts of part of a flow's written records (a read range, or a batch), small enough to
 * send anywhere: the count, the digest (the sum of the records' {@link VectorMath#fingerprint}s),
 * the dimensions met, the {@code k} nearest records to each sample query, and the source vectors
 * the {@link VectorCheckStep} rejected. Parts {@link #merge} into the facts of the whole flow,
 * which do not depend on how the records were split. A {@link Builder} makes the facts of one part,
 * record by record.
 *
 * <pre>{@code
 * VectorRangeFacts.Builder b = new VectorRangeFacts.Builder(queries, "cosine", 5);
 * long fingerprint = b.add("doc-1", vector);
 * VectorRangeFacts facts = b.build();
 * }</pre>
 */
final class VectorRangeFacts implements Serializable {
  private static final long serialVersionUID = 1L;

  /** A record near a query. */
  record Neighbour(double distance, String id) implements Serializable {}

  /** A source vector the vector check rejected, and why. */
  record Invalid(String id, String reason) implements Serializable {}

  /** Nearer first: the smaller distance, then the smaller id. */
  static final Comparator<Neighbour> NEARER_FIRST =
      Comparator.comparingDouble(Neighbour::distance).thenComparing(Neighbour::id);

  private long count;
  private long digest;
  private final TreeSet<Long> dimensions = new TreeSet<>();
  private final Map<String, List<Neighbour>> nearest = new LinkedHashMap<>();
  private final List<Invalid> invalid = new ArrayList<>();

  /** Facts of no records. */
  static VectorRangeFacts none() {
    return new VectorRangeFacts();
  }

  /** Facts of one rejected source vector. */
  static VectorRangeFacts invalid(String id, String reason) {
    VectorRangeFacts f = new VectorRangeFacts();
    f.invalid.add(new Invalid(id, reason));
    return f;
  }

  long count() {
    return count;
  }

  long digest() {
    return digest;
  }

  List<Long> dimensions() {
    return new ArrayList<>(dimensions);
  }

  /** The nearest records of each query met, nearest first, by query id. */
  Map<String, List<Neighbour>> nearest() {
    return nearest;
  }

  List<Invalid> invalidVectors() {
    return invalid;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VectorRangeFacts f
        && count == f.count
        && digest == f.digest
        && dimensions.equals(f.dimensions)
        && nearest.equals(f.nearest)
        && invalid.equals(f.invalid);
  }

  @Override
  public int hashCode() {
    return Objects.hash(count, digest, dimensions, nearest, invalid);
  }

  @Override
  public String toString() {
    return "VectorRangeFacts{count="
        + count
        + ", digest="
        + digest
        + ", dimensions="
        + dimensions
        + ", nearest="
        + nearest
        + ", invalid="
        + invalid
        + "}";
  }

  /** Adds {@code other}'s facts to these, keeping the {@code k} nearest per query. */
  void merge(VectorRangeFacts other, int k) {
    count += other.count;
    digest += other.digest;
    dimensions.addAll(other.dimensions);
    invalid.addAll(other.invalid);
    other.nearest.forEach(
        (query, theirs) -> {
          List<Neighbour> all = new ArrayList<>(nearest.getOrDefault(query, List.of()));
          all.addAll(theirs);
          all.sort(NEARER_FIRST);
          nearest.put(query, new ArrayList<>(all.subList(0, Math.min(k, all.size()))));
        });
  }

  /**
   * Builds the facts of some records, one by one. For each query it keeps the {@code k} nearest
   * records of the query's dimension (a vector of another dimension has no distance to it); a
   * cosine query's norm is computed once, and each record's once.
   */
  static final class Builder {
    private final List<SampleQuery> queries;
    private final String space;
    private final int k;
    private final double[] queryNorms;
    private final List<PriorityQueue<Neighbour>> kept = new ArrayList<>();
    private final VectorRangeFacts facts = new VectorRangeFacts();

    Builder(List<SampleQuery> queries, String space, int k) {
      if (k < 1) {
        throw new IllegalArgumentException("k must be at least 1, got " + k);
      }
      this.queries = queries;
      this.space = space;
      this.k = k;
      this.queryNorms = new double[queries.size()];
      for (int q = 0; q < queries.size(); q++) {
        float[] v = queries.get(q).vector();
        queryNorms[q] = VectorMath.dot(v, v);
        // The farthest kept neighbour on top, so a nearer one replaces it.
        kept.add(new PriorityQueue<>(NEARER_FIRST.reversed()));
      }
    }

    /** Adds a written record; returns its fingerprint. */
    long add(String id, float[] v) {
      long fingerprint = VectorMath.fingerprint(id, v);
      facts.count++;
      facts.digest += fingerprint;
      facts.dimensions.add((long) v.length);
      boolean cosine = "cosine".equals(space);
      double norm = cosine ? VectorMath.dot(v, v) : 0;
      for (int q = 0; q < queries.size(); q++) {
        float[] query = queries.get(q).vector();
        if (query.length != v.length) {
          continue;
        }
        double d =
            cosine
                ? VectorMath.cosine(VectorMath.dot(query, v), queryNorms[q], norm)
                : VectorMath.distance(space, query, v);
        PriorityQueue<Neighbour> h = kept.get(q);
        if (h.size() < k) {
          h.add(new Neighbour(d, id));
        } else {
          Neighbour worst = h.peek();
          int c = Double.compare(d, worst.distance());
          if (c < 0 || (c == 0 && id.compareTo(worst.id()) < 0)) {
            h.poll();
            h.add(new Neighbour(d, id));
          }
        }
      }
      return fingerprint;
    }

    /** Adds a source vector the vector check rejected. */
    void invalid(String id, String reason) {
      facts.invalid.add(new Invalid(id, reason));
    }

    /** The facts of what was added; the builder starts empty again. */
    VectorRangeFacts build() {
      VectorRangeFacts out = new VectorRangeFacts();
      out.merge(facts, k);
      for (int q = 0; q < queries.size(); q++) {
        List<Neighbour> list = new ArrayList<>(kept.get(q));
        list.sort(NEARER_FIRST);
        out.nearest.put(queries.get(q).id(), list);
        kept.get(q).clear();
      }
      facts.count = 0;
      facts.digest = 0;
      facts.dimensions.clear();
      facts.invalid.clear();
      return out;
    }
  }
}
