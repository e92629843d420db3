package dev.ferry.io.ranges;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.io.BoundedSource;
import org.apache.beam.sdk.io.Read;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/**
 * A bounded source whose elements are planned ranges, one split per range: a runner hands the
 * splits out one at a time to whichever worker asks for more, so a worker that drew short ranges
 * takes more of them. The ranges are planned before the pipeline runs; reading a range is the job
 * of the DoFn that receives it.
 *
 * <pre>{@code
 * PCollection<ReadTask> ranges = p.apply(RangeSource.read(plan, SerializableCoder.of(ReadTask.class)));
 * }</pre>
 *
 * @param <T> a range: what a worker needs to read it
 */
public final class RangeSource<T> extends BoundedSource<T> {
  private static final long serialVersionUID = 1L;

  private final List<T> ranges;
  private final Coder<T> coder;

  private RangeSource(List<T> ranges, Coder<T> coder) {
    this.ranges = ranges;
    this.coder = coder;
  }

  /** Reads {@code ranges}, each a split of its own. */
  public static <T> PTransform<PBegin, PCollection<T>> read(List<T> ranges, Coder<T> coder) {
    return Read.from(new RangeSource<>(new ArrayList<>(ranges), coder));
  }

  /** One source per range, whatever size was asked for. */
  @Override
  public List<RangeSource<T>> split(long desiredBundleSizeBytes, PipelineOptions options) {
    if (ranges.size() <= 1) {
      return List.of(this);
    }
    List<RangeSource<T>> out = new ArrayList<>(ranges.size());
    for (T r : ranges) {
      out.add(new RangeSource<>(List.of(r), coder));
    }
    return out;
  }

  /** The number of ranges: a size in ranges rather than bytes, which keeps splits one range. */
  @Override
  public long getEstimatedSizeBytes(PipelineOptions options) {
    return ranges.size();
  }

  @Override
  public Coder<T> getOutputCoder() {
    return coder;
  }

  @Override
  public BoundedReader<T> createReader(PipelineOptions options) {
    return new RangeReader<>(this);
  }

  /** Outputs the source's ranges in order. */
  private static final class RangeReader<T> extends BoundedReader<T> {
    private final RangeSource<T> source;
    private int next = -1;

    RangeReader(RangeSource<T> source) {
      this.source = source;
    }

    @Override
    public boolean start() {
      return advance();
    }

    @Override
    public boolean advance() {
      next++;
      return next < source.ranges.size();
    }

    @Override
    public T getCurrent() {
      if (next < 0 || next >= source.ranges.size()) {
        throw new NoSuchElementException();
      }
      return source.ranges.get(next);
    }

    @Override
    public void close() throws IOException {}

    @Override
    public BoundedSource<T> getCurrentSource() {
      return source;
    }
  }
}
