package dev.ferry.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MongoSpecTest {
  private static final String DIR = "src/test/resources/specs/";

  @Test
  void theS5ExampleLoadsWithItsMongoSourcesTargetsChecksAndRollback() throws Exception {
    Spec spec =
        SpecLoader.load(
            Path.of("../examples/s5-userdata-split/spec.yaml"),
            Map.of("restore_collection", "ud_v1"),
            Map.of("FERRY_MONGO_URI", "mongodb://u:secret@h:27017"));
    SourceSpec.Mongodb ud = (SourceSpec.Mongodb) spec.source("user_data");
    assertThat(ud.uri().reveal()).isEqualTo("mongodb://u:secret@h:27017");
    assertThat(ud.uri().toString()).doesNotContain("secret");
    assertThat(ud.database()).isEqualTo("narrative");
    assertThat(ud.collection()).isEqualTo("user_data");
    TargetSpec.Mongodb restored = (TargetSpec.Mongodb) spec.target("restored");
    assertThat(restored.collection()).isEqualTo("ud_v1");
    FlowSpec dm = spec.flows().get(0);
    assertThat(dm.from()).isEqualTo(new FromSpec.Table("user_data", "user_data"));
    assertThat(dm.key()).containsExactly("dataset_id");
    assertThat(dm.to().indexes())
        .containsExactly(
            new IndexSpec(List.of("dataset_id"), true, null),
            new IndexSpec(List.of("user_id", "created_at"), false, null));
    assertThat(dm.checks().sampleSize()).isEqualTo(1000);
    assertThat(dm.checks().sampleSeed()).isEqualTo(42);
    assertThat(spec.flows().get(1).checks().nonEmpty())
        .isEqualTo(Map.of("transformation_history", "transformation_steps"));
    RollbackSpec rb = spec.rollback();
    assertThat(rb.join())
        .containsExactly(
            new RollbackSpec.Side("dataset_metadata_src", "dataset_id", null),
            new RollbackSpec.Side("transformation_configs_src", "dataset_id", "tc"));
    assertThat(rb.steps()).hasSize(16);
    assertThat(rb.target()).isEqualTo("restored");
    assertThat(rb.key()).containsExactly("_id");
    assertThat(rb.compareSource()).isEqualTo("user_data");
    assertThat(spec.describe()).doesNotContain("secret");
    TargetSpec.Mongodb dmTarget = (TargetSpec.Mongodb) spec.target("dataset_metadata");
    assertThat(dmTarget.collections())
        .isEqualTo(
            Map.of(
                "model_configs",
                List.of(
                    new IndexSpec(List.of("model_id"), true, null),
                    new IndexSpec(List.of("user_id", "dataset_id"), false, null))));
    assertThat(((TargetSpec.Mongodb) spec.target("transformation_configs")).collections())
        .isEmpty();
  }

  @Test
  void declaredCollectionMistakesAreNamedWithFileLineAndField() {
    String f = DIR + "errors/mongo-collections-bad.yaml";
    SpecException e =
        catchThrowableOfType(
            SpecException.class, () -> SpecLoader.load(Path.of(f), Map.of(), Map.of()));
    assertThat(e.getMessage())
        .isEqualTo(
            String.join(
                "\n",
                f
                    + ":12: targets.out.collections.model_configs.indexes[0].unique: expected true"
                    + " or false, got string 'yes please'",
                f
                    + ":13: targets.out.collections.model_configs.indexes[1].columns: required"
                    + " field is missing",
                f
                    + ":14: targets.out.collections.model_configs.ttl: unknown key 'ttl' (known:"
                    + " indexes)",
                f
                    + ":15: targets.out.collections.system.views: 'system.views' is not a valid"
                    + " collection name",
                f + ":16: targets.out.collections.plain: expected a mapping, got a list"));
  }

  @Test
  void mongoMistakesAreNamedWithFileLineAndField() {
    String f = DIR + "errors/mongo-bad.yaml";
    SpecException e =
        catchThrowableOfType(
            SpecException.class, () -> SpecLoader.load(Path.of(f), Map.of(), Map.of()));
    assertThat(e.getMessage())
        .isEqualTo(
            String.join(
                "\n",
                f + ":4: sources.users.uri: must start with 'mongodb://' or 'mongodb+srv://'",
                f + ":6: sources.nodb.database: required field is missing",
                f
                    + ":11: flows[0].from.query: source 'users' is mongodb: give its collection,"
                    + " or table: for another one",
                f + ":12: flows[0].to.table: required when from.query is used",
                f + ":16: rollback.join[1].source: source 'files' is jsonl, not mongodb",
                f + ":16: rollback.join[1].as: required field is missing",
                f + ":18: rollback.compare.source: source 'files' is jsonl, not mongodb"));
  }
}
