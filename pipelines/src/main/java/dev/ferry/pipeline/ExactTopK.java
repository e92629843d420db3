package dev.ferry.pipeline;

import dev.ferry.record.Record;
import dev.ferry.record.RecordBatch;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Top;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * The exact top-k neighbours of each sample query over every record (of the query's dimension),
 * computed in the pipeline: the queries ({@code {id, vector}} records, see {@link SampleQueries})
 * are a side input; each batch yields its own {@code k} nearest per query, as {@code KV(query id,
 * KV(distance, id))}; then a per-query {@link Top} combine keeps the {@code k} nearest overall,
 * nearest first (equal distances: smaller id first). Memory holds the queries and {@code k}
 * neighbours per query, never the collection.
 *
 * <pre>{@code
 * PCollection<KV<String, List<KV<Double, String>>>> nearest =
 *     written.apply("exact top-k", ExactTopK.of(queriesView, "cosine", 5));
 * }</pre>
 */
final class ExactTopK
    extends PTransform<
        PCollection<RecordBatch>, PCollection<KV<String, List<KV<Double, String>>>>> {
  private final PCollectionView<List<Record>> queries;
  private final String space;
  private final int k;

  private ExactTopK(PCollectionView<List<Record>> queries, String space, int k) {
    this.queries = queries;
    this.space = space;
    this.k = k;
  }

  static ExactTopK of(PCollectionView<List<Record>> queries, String space, int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1, got " + k);
    }
    return new ExactTopK(queries, space, k);
  }

  @Override
  public PCollection<KV<String, List<KV<Double, String>>>> expand(PCollection<RecordBatch> input) {
    return input
        .apply(
            "nearest in each batch",
            ParDo.of(new NearestInBatchFn(queries, space, k)).withSideInputs(queries))
        .setCoder(
            KvCoder.of(StringUtf8Coder.of(), KvCoder.of(DoubleCoder.of(), StringUtf8Coder.of())))
        .apply("nearest overall", Top.perKey(k, new Nearer()));
  }

  /**
   * The {@code k} nearest of {@code records} (fields {@code id} and {@code embedding}) to each
   * query ({@code id}, {@code vector}), by query id, nearest first.
   */
  static Map<String, List<KV<Double, String>>> nearest(
      List<Record> queries, Iterable<Record> records, String space, int k) {
    Nearer order = new Nearer();
    List<PriorityQueue<KV<Double, String>>> kept = new ArrayList<>();
    for (int q = 0; q < queries.size(); q++) {
      // The farthest kept neighbour on top, so a nearer one replaces it.
      kept.add(new PriorityQueue<>(order));
    }
    for (Record r : records) {
      if (!VectorFacts.hasVector(r)) {
        continue;
      }
      String id = (String) r.get("id");
      float[] v = (float[]) r.get("embedding");
      for (int q = 0; q < queries.size(); q++) {
        float[] query = (float[]) queries.get(q).get("vector");
        if (query.length != v.length) {
          continue; // no distance between vectors of two dimensions
        }
        PriorityQueue<KV<Double, String>> h = kept.get(q);
        KV<Double, String> e = KV.of(VectorMath.distance(space, query, v), id);
        if (h.size() < k) {
          h.add(e);
        } else if (order.compare(e, h.peek()) > 0) {
          h.poll();
          h.add(e);
        }
      }
    }
    Map<String, List<KV<Double, String>>> out = new LinkedHashMap<>();
    for (int q = 0; q < queries.size(); q++) {
      List<KV<Double, String>> list = new ArrayList<>(kept.get(q));
      list.sort(order.reversed());
      out.put((String) queries.get(q).get("id"), list);
    }
    return out;
  }

  /** Orders neighbours so that the nearer (smaller distance, then smaller id) is the greater. */
  static final class Nearer implements Comparator<KV<Double, String>>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public int compare(KV<Double, String> a, KV<Double, String> b) {
      int byDistance = Double.compare(b.getKey(), a.getKey());
      return byDistance != 0 ? byDistance : b.getValue().compareTo(a.getValue());
    }
  }

  private static final class NearestInBatchFn
      extends DoFn<RecordBatch, KV<String, KV<Double, String>>> {
    private final PCollectionView<List<Record>> queries;
    private final String space;
    private final int k;

    NearestInBatchFn(PCollectionView<List<Record>> queries, String space, int k) {
      this.queries = queries;
      this.space = space;
      this.k = k;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      RecordBatch batch = c.element();
      List<Record> qs = c.sideInput(queries);
      if (qs.isEmpty() || batch.isEmpty()) {
        return;
      }
      nearest(qs, batch, space, k)
          .forEach((query, list) -> list.forEach(n -> c.output(KV.of(query, n))));
    }
  }
}
