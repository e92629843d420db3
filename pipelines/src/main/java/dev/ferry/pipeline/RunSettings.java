package dev.ferry.pipeline;

import java.nio.file.Path;

/**
 * How one command runs a spec: where its run directory is, whether the first reject fails the run
 * ({@code --strict}, also settable in the spec's options), and the runner's name for the report.
 *
 * <pre>{@code
 * RunSettings s = new RunSettings(Path.of("runs/demo"), false, "DirectRunner");
 * }</pre>
 *
 * @param runDirectory where the report, rejects and diffs go (created if missing)
 * @param strict fail on the first reject
 * @param runnerName the runner's name, shown in the report
 */
public record RunSettings(Path runDirectory, boolean strict, String runnerName) {}
