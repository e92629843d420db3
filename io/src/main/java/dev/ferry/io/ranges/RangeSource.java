package dev.ferry.io.ranges;

import java.io.IOException;
import java.io.Serializable;
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
 * takes more of them. Reading a range is the job of the DoFn that receives it.
 *
 * <p>The ranges are planned either while the pipeline is built ({@link #read}: the caller passes
 * them), or when the runner splits the source ({@link #planned}: a {@link Plan} asks the store).
 * The DirectRunner splits a source as it starts reading it; Flink splits it on the JobManager while
 * the job starts, so a store that only the cluster reaches is planned there, and a plan that fails
 * fails the job before any task runs, with the plan's message.
 *
 * <pre>{@code
 * PCollection<ReadTask> ranges = p.apply(RangeSource.read(plan, SerializableCoder.of(ReadTask.class)));
 * PCollection<IdRange> idRanges = p.apply(RangeSource.planned(idRangePlan, SerializableCoder.of(IdRange.class)));
 * }</pre>
 *
 * @param <T> a range: what a worker needs to read it
 */
public final class RangeSource<T> extends BoundedSource<T> {
  private static final long serialVersionUID = 1L;

  /**
   * Asks a store for its ranges when the source is split. Serialized with the pipeline, so it holds
   * what it needs to connect (not a connection).
   */
  @FunctionalInterface
  public interface Plan<T> extends Serializable {
    /**
     * The ranges, in the order their records should be read; fails naming what it could not read.
     */
    List<T> ranges() throws Exception;
  }

  private final List<T> ranges; // null until the plan has run
  private final Plan<T> plan;
  private final Coder<T> coder;

  private RangeSource(List<T> ranges, Plan<T> plan, Coder<T> coder) {
    this.ranges = ranges;
    this.plan = plan;
    this.coder = coder;
  }

  /** Reads {@code ranges}, each a split of its own. */
  public static <T> PTransform<PBegin, PCollection<T>> read(List<T> ranges, Coder<T> coder) {
    return Read.from(new RangeSource<>(new ArrayList<>(ranges), null, coder));
  }

  /**
   * Reads the ranges {@code plan} gives when the runner splits the source, each a split of its own.
   */
  public static <T> PTransform<PBegin, PCollection<T>> planned(Plan<T> plan, Coder<T> coder) {
    if (plan == null) {
      throw new IllegalArgumentException("RangeSource.planned: plan must not be null");
    }
    return Read.from(new RangeSource<>(null, plan, coder));
  }

  /** One source per range, whatever size was asked for (planning the ranges first if need be). */
  @Override
  public List<RangeSource<T>> split(long desiredBundleSizeBytes, PipelineOptions options)
      throws Exception {
    List<T> all = ranges != null ? ranges : planNow();
    if (all.size() <= 1) {
      return List.of(ranges != null ? this : new RangeSource<>(all, null, coder));
    }
    List<RangeSource<T>> out = new ArrayList<>(all.size());
    for (T r : all) {
      out.add(new RangeSource<>(List.of(r), null, coder));
    }
    return out;
  }

  private List<T> planNow() throws Exception {
    List<T> planned = plan.ranges();
    if (planned == null) {
      throw new IllegalStateException("the range plan " + plan + " gave no list of ranges");
    }
    return new ArrayList<>(planned);
  }

  /**
   * The number of ranges: a size in ranges rather than bytes, which keeps splits one range (0 for a
   * source not planned yet: its size is not known before the plan runs).
   */
  @Override
  public long getEstimatedSizeBytes(PipelineOptions options) {
    return ranges == null ? 0 : ranges.size();
  }

  @Override
  public Coder<T> getOutputCoder() {
    return coder;
  }

  /** A reader of every range: of the planned ones when a runner reads the source unsplit. */
  @Override
  public BoundedReader<T> createReader(PipelineOptions options) throws IOException {
    if (ranges != null) {
      return new RangeReader<>(this);
    }
    try {
      return new RangeReader<>(new RangeSource<>(planNow(), null, coder));
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException(e.getMessage(), e);
    }
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
