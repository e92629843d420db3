package dev.ferry.io.cosmos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.record.Record;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Documents to records and back: value kinds, vectors bit for bit, server fields dropped. */
class CosmosDocumentsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void mapsEveryJsonKindAndDropsServerFields() throws Exception {
    ObjectNode doc =
        (ObjectNode)
            JSON.readTree(
                "{\"id\":\"a\",\"n\":3,\"x\":1.5,\"ok\":true,\"none\":null,"
                    + "\"meta\":{\"tags\":[\"t\",2],\"embedding\":[1,2]},"
                    + "\"embedding\":[0.25,-1,3.5e-3],\"_rid\":\"r\",\"_etag\":\"e\",\"_ts\":1}");
    Record r = CosmosDocuments.toRecord(doc, Set.of("embedding"));
    assertThat(r.names()).containsExactly("id", "n", "x", "ok", "none", "meta", "embedding");
    assertThat(r.get("n")).isEqualTo(3L);
    assertThat(r.get("x")).isEqualTo(1.5);
    assertThat(r.get("none")).isNull();
    assertThat(r.getPath("meta.tags")).isEqualTo(List.of("t", 2L));
    assertThat(r.getPath("meta.embedding")).isEqualTo(List.of(1L, 2L));
    assertThat((float[]) r.get("embedding")).containsExactly(0.25f, -1f, 0.0035f);
  }

  @Test
  void vectorsSurviveTheRoundTripBitForBit() throws Exception {
    float[] v = {
      Float.MIN_VALUE, 0.1f, -0f, 1.0000001f, 3.4028235e38f, 1.17549435E-38f, 0.33333334f
    };
    Record r = Record.of("id", "v", "embedding", v);
    String text = JSON.writeValueAsString(CosmosDocuments.toDocument(r));
    Record back = CosmosDocuments.toRecord(JSON.readTree(text), Set.of("embedding"));
    float[] got = (float[]) back.get("embedding");
    for (int i = 0; i < v.length; i++) {
      assertThat(Float.floatToRawIntBits(got[i])).isEqualTo(Float.floatToRawIntBits(v[i]));
    }
  }

  @Test
  void valuesJsonCannotHoldAreRefusedByField() {
    assertThatThrownBy(
            () ->
                CosmosDocuments.toDocument(Record.of("id", "a", "e", new float[] {1f, Float.NaN})))
        .hasMessage("field 'e': element 1 is NaN, not a JSON number");
    assertThatThrownBy(() -> CosmosDocuments.toDocument(Record.of("m", Record.of("x", Double.NaN))))
        .hasMessage("field 'm.x': NaN is not a JSON number");
  }

  @Test
  void partitionKeyValuesFollowThePathsAndMissingIsNull() {
    Record r = Record.of("a", "x", "n", Record.of("b", 2L));
    assertThat(CosmosDocuments.partitionKeyValues(r, List.of("/a", "/n/b", "/c")))
        .containsExactly("x", 2L, null);
  }
}
