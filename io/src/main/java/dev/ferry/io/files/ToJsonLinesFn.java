package dev.ferry.io.files;

import dev.ferry.record.Record;
import dev.ferry.record.RecordBatch;
import dev.ferry.record.RecordJson;
import dev.ferry.record.Reject;
import org.apache.beam.sdk.transforms.DoFn;

/**
 * Turns a batch of records, or one reject, into its JSON Lines text: one {@link RecordJson} line
 * per record, joined by {@code \n} without a final one, so a batch stays one element on its way to
 * the file.
 *
 * <pre>{@code
 * batches.apply(ParDo.of(new ToJsonLinesFn.Batches()))
 * rejects.apply(ParDo.of(new ToJsonLinesFn.Rejects()))
 * }</pre>
 */
final class ToJsonLinesFn {
  private ToJsonLinesFn() {}

  /** A batch to its lines; an empty batch to nothing. */
  static final class Batches extends DoFn<RecordBatch, String> {
    @ProcessElement
    public void process(@Element RecordBatch batch, OutputReceiver<String> out) {
      if (batch.isEmpty()) {
        return;
      }
      StringBuilder sb = new StringBuilder(batch.size() * 128);
      for (Record r : batch) {
        if (sb.length() > 0) {
          sb.append('\n');
        }
        sb.append(RecordJson.write(r));
      }
      out.output(sb.toString());
    }
  }

  /** A reject to the line of {@link Reject#toRecord()}. */
  static final class Rejects extends DoFn<Reject, String> {
    @ProcessElement
    public void process(@Element Reject reject, OutputReceiver<String> out) {
      out.output(RecordJson.write(reject.toRecord()));
    }
  }
}
