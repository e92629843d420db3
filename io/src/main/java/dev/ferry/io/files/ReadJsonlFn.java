package dev.ferry.io.files;

import dev.ferry.record.FlowTags;
import dev.ferry.record.Record;
import dev.ferry.record.RecordBatch;
import dev.ferry.record.RecordJson;
import dev.ferry.record.Reject;
import dev.ferry.steps.CastException;
import dev.ferry.steps.Casts;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.transforms.DoFn;

/**
 * Reads one whole JSON Lines file per element, streaming its lines so line numbers are exact: each
 * line is decoded as strict UTF-8 and parsed with {@link RecordJson#read}; records go out in
 * batches to {@link FlowTags#RECORDS}, bad lines as {@link Reject}s (step {@value #STEP}, key
 * {@code {file, line}}, record {@code {text}}) to {@link FlowTags#REJECTS}. Blank lines are
 * skipped.
 *
 * <pre>{@code
 * files.apply(ParDo.of(new ReadJsonlFn("items", 2000))
 *     .withOutputTags(FlowTags.RECORDS, TupleTagList.of(FlowTags.REJECTS)));
 * }</pre>
 */
final class ReadJsonlFn extends DoFn<FileIO.ReadableFile, RecordBatch> {
  static final String STEP = "read jsonl";

  private final String flow;
  private final int batchSize;

  ReadJsonlFn(String flow, int batchSize) {
    this.flow = flow;
    this.batchSize = batchSize;
  }

  @ProcessElement
  public void process(@Element FileIO.ReadableFile file, MultiOutputReceiver out)
      throws IOException {
    String name = file.getMetadata().resourceId().toString();
    List<Record> batch = new ArrayList<>(batchSize);
    try (InputStream in = new BufferedInputStream(Channels.newInputStream(file.open()), 1 << 16)) {
      LineReader lines = new LineReader(in);
      for (byte[] bytes = lines.next(); bytes != null; bytes = lines.next()) {
        if (isBlank(bytes)) {
          continue;
        }
        String where = "file '" + name + "', line " + lines.lineNumber() + ": ";
        Record key = Record.of("file", name, "line", lines.lineNumber());
        String text;
        try {
          text = Casts.decodeUtf8(bytes);
        } catch (CastException e) {
          out.get(FlowTags.REJECTS)
              .output(Reject.of(flow, STEP, where + e.getMessage(), key, Record.of("text", bytes)));
          continue;
        }
        try {
          batch.add(RecordJson.read(text));
        } catch (IllegalArgumentException | DateTimeException e) {
          String reason = where + e.getMessage().replace('\n', ' ');
          out.get(FlowTags.REJECTS)
              .output(Reject.of(flow, STEP, reason, key, Record.of("text", text)));
          continue;
        }
        if (batch.size() == batchSize) {
          out.get(FlowTags.RECORDS).output(RecordBatch.of(batch));
          batch = new ArrayList<>(batchSize);
        }
      }
    }
    if (!batch.isEmpty()) {
      out.get(FlowTags.RECORDS).output(RecordBatch.of(batch));
    }
  }

  private static boolean isBlank(byte[] line) {
    for (byte b : line) {
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }
}
