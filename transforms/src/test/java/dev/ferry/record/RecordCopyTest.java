package dev.ferry.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordCopyTest {
  @Test
  void copyForStepsCopiesNestedRecordsAndListsAndSharesArrays() {
    float[] vector = {1f, 2f};
    byte[] blob = {7};
    Record nested = Record.of("city", "Oslo");
    Record original =
        Record.of(
            "id",
            1L,
            "embedding",
            vector,
            "blob",
            blob,
            "address",
            nested,
            "tags",
            new ArrayList<>(List.of("a")));

    Record copy = original.copyForSteps();
    copy.put("id", 2L);
    ((Record) copy.get("address")).put("city", "Bergen");
    copy.putPath("tags", List.of("b"));

    assertThat(original.get("id")).isEqualTo(1L);
    assertThat(((Record) original.get("address")).get("city")).isEqualTo("Oslo");
    assertThat(original.get("tags")).isEqualTo(List.of("a"));
    assertThat(copy.get("embedding")).isSameAs(vector);
    assertThat(copy.get("blob")).isSameAs(blob);
    assertThat(original.copy().get("embedding")).isNotSameAs(vector).isEqualTo(vector);
  }
}
