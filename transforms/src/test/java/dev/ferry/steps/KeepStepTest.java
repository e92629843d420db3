package dev.ferry.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.record.Record;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeepStepTest {
  @Test
  void keepsTheNamedFieldsInTheGivenOrderAndLeavesMissingOnesAbsent() throws StepRejection {
    Step keep = Steps.create("keep", Map.of("fields", List.of("c", "a", "missing")));
    Record in = Record.of("a", 1L, "b", Record.of("x", 2L), "c", null);
    Record out = keep.apply(in.copy());
    assertThat(out).isEqualTo(Record.of("c", null, "a", 1L));
    assertThat(out.names()).containsExactly("c", "a");
    assertThat(keep.label()).isEqualTo("keep c, a, missing");
  }

  @Test
  void refusesNestedPathsAndEmptyLists() {
    assertThatThrownBy(() -> Steps.create("keep", Map.of("fields", List.of("a.b"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("step 'keep': 'fields' names top-level fields only, not 'a.b'");
    assertThatThrownBy(() -> Steps.create("keep", Map.of("fields", List.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("step 'keep': 'fields' must not be empty");
  }
}
