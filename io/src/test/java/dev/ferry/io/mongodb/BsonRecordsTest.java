package dev.ferry.io.mongodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.record.Json;
import dev.ferry.record.Record;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.BsonRegularExpression;
import org.bson.BsonTimestamp;
import org.bson.Document;
import org.bson.codecs.DocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

class BsonRecordsTest {
  private static final ObjectId OID = new ObjectId("5ca4bbcea2dd94ee58162a68");

  private static Document everyType() {
    return new Document("_id", OID)
        .append("i32", 42)
        .append("i64big", 5_000_000_000L)
        .append("i64small", 7L)
        .append("dbl", 1.0)
        .append("dec", Decimal128.parse("1234.50"))
        .append("decNaN", Decimal128.NaN)
        .append("at", new Date(226117231000L))
        .append("bin", new Binary(new byte[] {1, 2, 3}))
        .append("uuid", new Binary((byte) 4, new byte[16]))
        .append("ts", new BsonTimestamp(1700000000, 3))
        .append("re", new BsonRegularExpression("^a", "i"))
        .append("none", null)
        .append("ok", true)
        .append(
            "geo",
            new Document("type", "Point").append("coordinates", List.of(-93.24565, 44.85466)))
        .append("tags", List.of("a", 2, new Document("k", "v")));
  }

  /** The BSON bytes, which differ for different types even when values look alike. */
  private static byte[] bytes(Document d) {
    BasicOutputBuffer out = new BasicOutputBuffer();
    new DocumentCodec()
        .encode(new org.bson.BsonBinaryWriter(out), d, EncoderContext.builder().build());
    return out.toByteArray();
  }

  @Test
  void everyTypeMapsToTheDocumentedKind() {
    Record r = BsonRecords.toRecord(everyType());
    assertThat(r.get("_id")).isEqualTo(Record.of("$oid", "5ca4bbcea2dd94ee58162a68"));
    assertThat(r.get("i32")).isEqualTo(42L);
    assertThat(r.get("i64big")).isEqualTo(5_000_000_000L);
    assertThat(r.get("i64small")).isEqualTo(Record.of("$numberLong", "7"));
    assertThat(r.get("dbl")).isEqualTo(1.0);
    assertThat(r.get("dec")).isEqualTo(new BigDecimal("1234.50"));
    assertThat(r.get("decNaN")).isEqualTo(Record.of("$numberDecimal", "NaN"));
    assertThat(r.get("at")).isEqualTo(Instant.parse("1977-03-02T02:20:31Z"));
    assertThat((byte[]) r.get("bin")).containsExactly(1, 2, 3);
    assertThat(r.get("uuid"))
        .isEqualTo(
            Record.of("$binary", Record.of("base64", "AAAAAAAAAAAAAAAAAAAAAA==", "subType", "04")));
    assertThat(r.get("ts"))
        .isEqualTo(Record.of("$timestamp", Record.of("t", 1700000000L, "i", 3L)));
    assertThat(r.get("re"))
        .isEqualTo(Record.of("$regularExpression", Record.of("pattern", "^a", "options", "i")));
    assertThat(r.has("none")).isTrue();
    assertThat(r.get("none")).isNull();
    assertThat(r.get("geo"))
        .isEqualTo(Record.of("type", "Point", "coordinates", List.of(-93.24565, 44.85466)));
    assertThat(r.get("tags")).isEqualTo(List.of("a", 2L, Record.of("k", "v")));
    assertThat(r.names())
        .containsExactly(
            "_id",
            "i32",
            "i64big",
            "i64small",
            "dbl",
            "dec",
            "decNaN",
            "at",
            "bin",
            "uuid",
            "ts",
            "re",
            "none",
            "ok",
            "geo",
            "tags");
  }

  @Test
  void everyTypeSurvivesTheRoundTripByteForByte() {
    Document original = everyType();
    Document back = BsonRecords.toDocument(BsonRecords.toRecord(original));
    assertThat(bytes(back)).isEqualTo(bytes(original));
    assertThat(back.get("i32")).isInstanceOf(Integer.class);
    assertThat(back.get("i64small")).isEqualTo(7L);
    assertThat(back.get("_id")).isEqualTo(OID);
  }

  @Test
  void ferryOnlyKindsBecomeTheNearestBsonType() {
    Record r =
        Record.of(
            "day", LocalDate.of(2024, 5, 1),
            "vec", new float[] {0.5f, -1f},
            "doc", Json.of("{\"a\": [1, 2.5]}"),
            "oid", Record.of("$oid", "5ca4bbcea2dd94ee58162a68"));
    Document d = BsonRecords.toDocument(r);
    assertThat(d.get("day")).isEqualTo(Date.from(Instant.parse("2024-05-01T00:00:00Z")));
    assertThat(d.get("vec")).isEqualTo(List.of(0.5, -1.0));
    assertThat(BsonDocument.parse(new Document("x", d.get("doc")).toJson()).toJson())
        .isEqualTo("{\"x\": {\"a\": [1, 2.5]}}");
    assertThat(d.get("oid")).isEqualTo(OID);
  }

  @Test
  void aDecimalBsonCannotHoldIsRefusedNamingTheField() {
    Record r = Record.of("price", new BigDecimal("1.0000000000000000000000000000000000001"));
    assertThatThrownBy(() -> BsonRecords.toDocument(r))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "field 'price': decimal 1.0000000000000000000000000000000000001 does not fit a"
                + " Decimal128");
  }
}
