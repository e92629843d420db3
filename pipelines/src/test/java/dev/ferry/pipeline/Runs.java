package dev.ferry.pipeline;

import dev.ferry.report.RunReport;
import dev.ferry.spec.Spec;
import dev.ferry.spec.SpecLoader;
import java.nio.file.Path;
import java.util.Map;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/** Runs specs in tests on the DirectRunner with all its checks on. */
final class Runs {
  private Runs() {}

  static Spec load(Path spec, Map<String, String> params) throws Exception {
    return SpecLoader.load(spec, params, TestDb.specEnv());
  }

  static PipelineOptions direct() {
    return PipelineOptionsFactory.fromArgs("--runner=DirectRunner", "--targetParallelism=2")
        .create();
  }

  static RunReport run(Spec spec, Path runDir) {
    return Migration.run(spec, new RunSettings(runDir, false, "DirectRunner"), direct(), c -> {});
  }

  /** A run that first backs up the spec's SQLite files under {@code backups} (null: no backup). */
  static RunReport run(Spec spec, Path runDir, Path backups) {
    return Migration.run(
        spec, new RunSettings(runDir, false, "DirectRunner"), direct(), c -> {}, backups);
  }

  static RunReport runStrict(Spec spec, Path runDir) {
    return Migration.run(spec, new RunSettings(runDir, true, "DirectRunner"), direct(), c -> {});
  }

  static RunReport validate(Spec spec, Path runDir) {
    return Migration.validate(
        spec, new RunSettings(runDir, false, "DirectRunner"), direct(), c -> {});
  }
}
