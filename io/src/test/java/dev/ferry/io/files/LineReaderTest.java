package dev.ferry.io.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineReaderTest {
  private static List<String> lines(byte[] in) throws IOException {
    LineReader r = new LineReader(new ByteArrayInputStream(in));
    List<String> out = new ArrayList<>();
    for (byte[] l = r.next(); l != null; l = r.next()) {
      out.add(r.lineNumber() + ":" + new String(l, StandardCharsets.ISO_8859_1));
    }
    return out;
  }

  private static List<String> lines(String in) throws IOException {
    return lines(in.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void splitsOnNewlinesAndDropsCarriageReturns() throws IOException {
    assertThat(lines("a\nb\r\n\nc")).containsExactly("1:a", "2:b", "3:", "4:c");
  }

  @Test
  void aFinalNewlineDoesNotStartALine() throws IOException {
    assertThat(lines("a\n")).containsExactly("1:a");
    assertThat(lines("")).isEmpty();
    assertThat(lines("\n")).containsExactly("1:");
  }

  @Test
  void linesLongerThanTheBufferAndRawBytes() throws IOException {
    String longLine = "x".repeat(200_000);
    assertThat(lines(longLine + "\n\u0096y\n")).containsExactly("1:" + longLine, "2:\u0096y");
  }
}
