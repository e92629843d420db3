package dev.ferry.record;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.beam.sdk.testing.CoderProperties;
import org.junit.jupiter.api.Test;

class RejectCoderTest {
  @Test
  void roundTripsAReject() throws Exception {
    Reject r =
        Reject.of(
            "items",
            "cast created_at to timestamp",
            "field 'created_at': bad",
            Record.of("id", "a2"),
            Samples.everyKind());
    CoderProperties.coderDecodeEncodeEqual(RejectCoder.of(), r);
    assertThat(r.describe())
        .isEqualTo(
            "flow 'items', step 'cast created_at to timestamp', key {id=a2}: field"
                + " 'created_at': bad");
  }
}
