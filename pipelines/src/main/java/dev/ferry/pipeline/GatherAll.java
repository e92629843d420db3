package dev.ferry.pipeline;

import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;

/**
 * Gathers every element of a collection into one group, once they are all there: the elements and
 * one {@code none} element (so the group exists when the collection is empty) under key 0, grouped
 * by a {@code GroupByKey}. A {@code Combine.globally} would do it with seven ParDos, a side input
 * and a {@code Flatten}; the DirectRunner translates every ParDo for every bundle it runs.
 *
 * <pre>{@code
 * parts.apply("All parts", new GatherAll<>("", StringUtf8Coder.of()))
 *     .apply(ParDo.of(new JoinFn(file)));   // a DoFn of KV<Integer, Iterable<String>>
 * }</pre>
 */
final class GatherAll<T> extends PTransform<PCollection<T>, PCollection<KV<Integer, Iterable<T>>>> {
  private final T none;
  private final Coder<T> coder;

  GatherAll(T none, Coder<T> coder) {
    this.none = none;
    this.coder = coder;
  }

  @Override
  public PCollection<KV<Integer, Iterable<T>>> expand(PCollection<T> elements) {
    KvCoder<Integer, T> keyed = KvCoder.of(VarIntCoder.of(), coder);
    PCollection<KV<Integer, T>> nothing =
        elements.getPipeline().apply("None", Create.of(KV.of(0, none)).withCoder(keyed));
    return PCollectionList.of(nothing)
        .and(elements.apply("Key", WithKeys.of(0)).setCoder(keyed))
        .apply("All", Flatten.pCollections())
        .apply("Group", GroupByKey.create());
  }
}
