package dev.ferry.cli;

import java.util.List;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.resourcehints.ResourceHints;
import org.apache.beam.sdk.util.SerializableUtils;

/**
 * Starts Beam's one-time start-up work on a background thread as soon as the JVM starts, for the
 * commands that build a pipeline ({@code run} without {@code --dry-run}, and {@code validate}). The
 * first use of {@link PipelineOptionsFactory} checks every options interface on the class path
 * against all the others, in cold code: most of a second on two cores. Then come the class
 * initializations the main thread would otherwise meet one by one while it builds the pipeline: the
 * pipeline model's protocol-buffer descriptors (through {@link ResourceHints}, about a tenth of a
 * second), the native compressor that Java-serialized DoFns go through, and the default coders.
 * Begun here, this overlaps parsing the command line, loading the spec and planning instead of
 * following them. Nothing is decided here: the options themselves are still built from the command
 * line ({@link Runners}), and a failure here is left for that to meet and report.
 *
 * <pre>{@code
 * BeamWarmUp.start(args);
 * new CommandLine(new Ferry()).execute(args);
 * }</pre>
 */
final class BeamWarmUp {
  private BeamWarmUp() {}

  static void start(String[] args) {
    if (!buildsPipeline(List.of(args))) {
      return;
    }
    Thread t =
        new Thread(
            () -> {
              try {
                PipelineOptionsFactory.getRegisteredOptions();
                ResourceHints.create();
                SerializableUtils.serializeToByteArray("ferry");
                CoderRegistry.createDefault();
              } catch (RuntimeException | LinkageError e) {
                // Met again, and reported, when the run builds its options.
              }
            },
            "ferry-beam-warm-up");
    t.setDaemon(true);
    t.start();
  }

  static boolean buildsPipeline(List<String> args) {
    if (args.isEmpty() || args.contains("--help") || args.contains("-h")) {
      return false;
    }
    String command = args.get(0);
    return command.equals("validate") || (command.equals("run") && !args.contains("--dry-run"));
  }
}
