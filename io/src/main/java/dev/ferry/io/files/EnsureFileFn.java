package dev.ferry.io.files;

import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.util.MimeTypes;

/**
 * Makes sure an unsharded write left its one file: given how many files the write produced (one
 * element, after the write finished), creates the file empty if there were none, and outputs its
 * name. Beam's file writes produce no file at all for an empty input.
 *
 * <pre>{@code
 * names.apply(Count.globally()).apply(ParDo.of(new EnsureFileFn("run/rejects/items.jsonl")))
 * }</pre>
 */
final class EnsureFileFn extends DoFn<Long, String> {
  private final String path;

  EnsureFileFn(String path) {
    this.path = path;
  }

  @ProcessElement
  public void process(@Element Long filesWritten, OutputReceiver<String> out) throws IOException {
    ResourceId file = FileSystems.matchNewResource(path, false);
    if (filesWritten == 0) {
      try (WritableByteChannel ignored = FileSystems.create(file, MimeTypes.TEXT)) {
        // empty
      }
    }
    out.output(file.toString());
  }
}
