package dev.ferry.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.record.Json;
import dev.ferry.record.Record;
import dev.ferry.steps.StepRejection;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The vector check step (invalid vectors by id) and the LangChain row shape. */
class VectorCheckStepTest {

  @Test
  void rejectsBadVectorsNamingTheId() throws StepRejection {
    VectorCheckStep step = new VectorCheckStep(3);
    assertThat(step.apply(Record.of("id", "ok", "embedding", new float[] {0f, 1f, 0f})))
        .isNotNull();
    assertThatThrownBy(() -> step.apply(Record.of("id", "a", "embedding", new float[] {1f, 2f})))
        .isInstanceOf(StepRejection.class)
        .hasMessage("id 'a': embedding has dimension 2, the collection 3");
    assertThatThrownBy(
            () -> step.apply(Record.of("id", "b", "embedding", new float[] {1f, Float.NaN, 0f})))
        .hasMessage("id 'b': embedding[1] is NaN");
    assertThatThrownBy(
            () ->
                step.apply(
                    Record.of("id", "c", "embedding", new float[] {Float.NEGATIVE_INFINITY, 0, 0})))
        .hasMessage("id 'c': embedding[0] is infinite");
    assertThatThrownBy(() -> step.apply(Record.of("id", "d", "embedding", new float[3])))
        .hasMessage("id 'd': embedding is all zeros");
    assertThatThrownBy(() -> step.apply(Record.of("id", "e", "embedding", null)))
        .hasMessage("id 'e': no embedding");
    assertThat(VectorCheckStep.problem(new float[] {1f, 2f, 3f, 4f}, 0)).isNull();
  }

  @Test
  void namesTheFirstBadElementOfALongVector() {
    float[] v = new float[768];
    v[0] = Float.MIN_VALUE; // the smallest subnormal: not zero
    assertThat(VectorCheckStep.problem(v, 768)).isNull();
    v[700] = Float.NaN;
    v[701] = Float.POSITIVE_INFINITY;
    assertThat(VectorCheckStep.problem(v, 768)).isEqualTo("embedding[700] is NaN");
    v[3] = Float.NEGATIVE_INFINITY;
    assertThat(VectorCheckStep.problem(v, 768)).isEqualTo("embedding[3] is infinite");
    assertThat(VectorCheckStep.problem(new float[] {Float.MAX_VALUE, -Float.MAX_VALUE}, 2))
        .isNull();
    assertThat(VectorCheckStep.problem(new float[] {-0f, 0f, -0f}, 0))
        .isEqualTo("embedding is all zeros");
    assertThat(VectorCheckStep.problem(new float[] {-0f, Float.NaN}, 0))
        .isEqualTo("embedding[1] is NaN");
  }

  @Test
  void langchainRowStepShapesTheRow() {
    LangchainLayout.RowStep step = LangchainLayout.rowStep("docs", "cosine");
    float[] v = {0.5f, -1f};
    Record in =
        Record.of("id", "r1", "embedding", v, "document", "hello", "metadata", Record.of("p", 3L));
    Record out = step.apply(in);
    assertThat(out.names())
        .containsExactly("id", "collection_id", "embedding", "document", "cmetadata");
    assertThat(out.get("collection_id"))
        .isEqualTo(LangchainLayout.collectionUuid("docs").toString());
    assertThat(out.get("embedding")).isSameAs(v);
    assertThat(out.get("cmetadata")).isEqualTo(Record.of("p", 3L));
    Record none =
        step.apply(Record.of("id", "r2", "embedding", v, "document", null, "metadata", null));
    assertThat(none.get("cmetadata")).isEqualTo(Json.of("{}"));
    assertThat(LangchainLayout.collectionUuid("docs"))
        .isEqualTo(LangchainLayout.collectionUuid("docs"));
    assertThat(LangchainLayout.collectionUuid("docs"))
        .isNotEqualTo(LangchainLayout.collectionUuid("docs2"));
    assertThat(LangchainLayout.embeddingTable(384).columns().get(2).type())
        .isEqualTo("vector(384)");
    assertThat(LangchainLayout.embeddingTable(384).primaryKey()).isEqualTo(List.of("id"));
  }
}
