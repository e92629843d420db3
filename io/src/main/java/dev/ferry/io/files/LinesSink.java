package dev.ferry.io.files;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import org.apache.beam.sdk.io.FileIO;

/**
 * A {@link FileIO.Sink} writing each element, one or more lines of text, followed by {@code \n} (an
 * empty element writes nothing), in UTF-8.
 *
 * <pre>{@code
 * FileIO.<String>write().via(new LinesSink()).to("out/")
 * }</pre>
 */
final class LinesSink implements FileIO.Sink<String> {
  private static final long serialVersionUID = 1L;
  private transient Writer writer;

  @Override
  public void open(WritableByteChannel channel) {
    writer =
        new BufferedWriter(
            new OutputStreamWriter(Channels.newOutputStream(channel), StandardCharsets.UTF_8),
            1 << 16);
  }

  @Override
  public void write(String lines) throws IOException {
    if (!lines.isEmpty()) {
      writer.write(lines);
      writer.write('\n');
    }
  }

  @Override
  public void flush() throws IOException {
    writer.flush();
  }
}
