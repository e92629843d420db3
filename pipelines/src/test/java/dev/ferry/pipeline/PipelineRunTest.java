package dev.ferry.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InvalidClassException;
import org.junit.jupiter.api.Test;

class PipelineRunTest {
  @Test
  void aFailureIsToldByItsInnermostCausesMessage() {
    Exception e =
        new RuntimeException(
            "Pipeline execution failed",
            new IllegalStateException("wrap", new IllegalArgumentException("table 'items': no")));
    assertThat(PipelineRun.rootMessage(e)).isEqualTo("table 'items': no");
  }

  @Test
  void aClassAWorkerCouldNotFindLinkOrReadIsNamedWithItsExceptionsType() {
    assertThat(
            PipelineRun.rootMessage(
                new RuntimeException(new ClassNotFoundException("dev.ferry.cli.FerryBuild"))))
        .isEqualTo("ClassNotFoundException: dev.ferry.cli.FerryBuild");
    assertThat(PipelineRun.rootMessage(new NoClassDefFoundError("dev/ferry/x/Y")))
        .isEqualTo("NoClassDefFoundError: dev/ferry/x/Y");
    assertThat(
            PipelineRun.rootMessage(
                new IllegalStateException(
                    new InvalidClassException("dev.ferry.x.Y", "local class incompatible"))))
        .isEqualTo("InvalidClassException: dev.ferry.x.Y; local class incompatible");
  }

  @Test
  void aCauseWithoutMessageIsNamedByItsClass() {
    assertThat(PipelineRun.rootMessage(new RuntimeException(new NullPointerException())))
        .isEqualTo("java.lang.NullPointerException");
  }
}
