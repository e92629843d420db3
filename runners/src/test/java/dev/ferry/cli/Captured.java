package dev.ferry.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.IntSupplier;

/**
 * What an in-process {@code ferry} command printed and returned: runs it with stdout and stderr
 * captured, and puts the real streams back afterwards.
 *
 * <pre>{@code
 * Captured c = Captured.run(() -> Ferry.execute("run", spec.toString()));
 * assertThat(c.code()).isZero();
 * }</pre>
 */
record Captured(int code, String out, String err) {

  static Captured run(IntSupplier command) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = command.getAsInt();
      return new Captured(
          code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }
}
