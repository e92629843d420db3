package dev.ferry.io.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.io.schema.ColumnDef;
import dev.ferry.io.schema.TableDef;
import dev.ferry.record.Json;
import dev.ferry.record.Record;
import dev.ferry.steps.StepRejection;
import dev.ferry.steps.TimestampRule;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.util.SerializableUtils;
import org.junit.jupiter.api.Test;

class PgConformTest {
  static final TableDef ITEMS =
      new TableDef(
          "items",
          List.of(
              new ColumnDef("id", "bigint", false, null),
              new ColumnDef("user_id", "text", false, null),
              new ColumnDef("small", "smallint", true, null),
              new ColumnDef("medium", "integer", true, null),
              new ColumnDef("ratio", "double precision", true, null),
              new ColumnDef("r4", "real", true, null),
              new ColumnDef("price", "numeric(10,2)", true, null),
              new ColumnDef("exact", "numeric", true, null),
              new ColumnDef("ok", "boolean", true, null),
              new ColumnDef("code", "varchar(3)", true, null),
              new ColumnDef("blob", "bytea", true, null),
              new ColumnDef("raw", "jsonb", true, null),
              new ColumnDef("plain_json", "json", true, null),
              new ColumnDef("created_at", "timestamp", true, null),
              new ColumnDef("seen_at", "timestamptz", true, null),
              new ColumnDef("day", "date", true, null),
              new ColumnDef("uid", "uuid", true, null),
              new ColumnDef("embedding", "vector(3)", true, null),
              new ColumnDef("tags", "text[]", true, null),
              new ColumnDef("span", "interval", true, null)),
          List.of("id"),
          List.of());

  private static Record conform(Record r) throws StepRejection {
    return PgConform.forTable(ITEMS).apply(r);
  }

  private static String reason(Record r) {
    try {
      conform(r);
    } catch (StepRejection e) {
      return e.getMessage();
    }
    throw new AssertionError("not rejected: " + r);
  }

  @Test
  void uuidsComeOutCanonicalWhateverTheirSpelling() throws Exception {
    String canonical = "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11";
    for (String in :
        List.of(
            canonical,
            " " + canonical + " ",
            "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11",
            "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}",
            "a0eebc999c0b4ef8bb6d6bb9bd380a11")) {
      assertThat(conform(Record.of("id", 1L, "user_id", "t", "uid", in)).get("uid"))
          .as(in)
          .isEqualTo(canonical);
    }
    Record same = conform(Record.of("id", 1L, "user_id", "t", "uid", canonical));
    assertThat(same.get("uid")).isSameAs(canonical);
    assertThat(PgConform.isCanonicalUuid(canonical)).isTrue();
    assertThat(PgConform.isCanonicalUuid("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1g")).isFalse();
    assertThat(PgConform.isCanonicalUuid("a0eebc99x9c0b-4ef8-bb6d-6bb9bd380a11")).isFalse();
    assertThat(PgConform.isCanonicalUuid("A0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")).isFalse();
    assertThat(
            reason(
                Record.of("id", 1L, "user_id", "t", "uid", "a0eebc99-9c0b4ef8-bb6d-6bb9bd380a11")))
        .isEqualTo(
            "table 'items', column 'uid' (uuid): cannot cast text"
                + " 'a0eebc99-9c0b4ef8-bb6d-6bb9bd380a11' to uuid: not a UUID");
  }

  @Test
  void convertsEveryKindAndOrdersFieldsAsColumns() throws Exception {
    Record in =
        Record.of(
            "span", "1 day",
            "tags", List.of("a", "b"),
            "embedding", "[1, 2.5, -3]",
            "uid", "{A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11}",
            "day", "2024-02-29",
            "seen_at", "2024-05-01T08:00:00.123456+02:00",
            "created_at", "2024-05-01 08:00:00.000001",
            "plain_json", "{ \"b\": 1,  \"a\": [1, 2] }",
            "raw", "{ \"b\": 1,  \"a\": [1, 2] }",
            "blob", "hé",
            "code", "abc",
            "ok", "yes",
            "exact", "0.000123",
            "price", 12.345,
            "r4", "1.5",
            "ratio", 3L,
            "medium", "2147483647",
            "small", -32768L,
            "user_id", 42L,
            "id", "7");
    Record out = conform(in);
    assertThat(out.names()).containsExactlyElementsOf(ITEMS.columnNames());
    assertThat(out.get("id")).isEqualTo(7L);
    assertThat(out.get("user_id")).isEqualTo("42");
    assertThat(out.get("small")).isEqualTo(-32768L);
    assertThat(out.get("medium")).isEqualTo(2147483647L);
    assertThat(out.get("ratio")).isEqualTo(3.0);
    assertThat(out.get("r4")).isEqualTo(1.5);
    assertThat(out.get("price")).isEqualTo(new BigDecimal("12.35"));
    assertThat(out.get("exact")).isEqualTo(new BigDecimal("0.000123"));
    assertThat(out.get("ok")).isEqualTo(true);
    assertThat(out.get("code")).isEqualTo("abc");
    assertThat((byte[]) out.get("blob")).containsExactly(0x68, 0xC3, 0xA9);
    // single-line JSON text is validated and kept as written (PostgreSQL normalizes jsonb)
    assertThat(out.get("raw")).isEqualTo(Json.of("{ \"b\": 1,  \"a\": [1, 2] }"));
    assertThat(out.get("plain_json")).isEqualTo(Json.of("{ \"b\": 1,  \"a\": [1, 2] }"));
    assertThat(out.get("created_at")).isEqualTo(Instant.parse("2024-05-01T08:00:00.000001Z"));
    assertThat(out.get("seen_at")).isEqualTo(Instant.parse("2024-05-01T06:00:00.123456Z"));
    assertThat(out.get("day")).isEqualTo(LocalDate.of(2024, 2, 29));
    assertThat(out.get("uid")).isEqualTo("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
    assertThat((float[]) out.get("embedding")).containsExactly(1f, 2.5f, -3f);
    assertThat(out.get("tags")).isEqualTo(List.of("a", "b"));
    assertThat(out.get("span")).isEqualTo("1 day");
  }

  @Test
  void fillsAbsentColumnsWithNull() throws Exception {
    Record out = conform(Record.of("user_id", "t1", "id", 1L));
    assertThat(out.names()).containsExactlyElementsOf(ITEMS.columnNames());
    assertThat(out.get("id")).isEqualTo(1L);
    assertThat(out.get("user_id")).isEqualTo("t1");
    assertThat(out.get("raw")).isNull();
    assertThat(out.has("raw")).isTrue();
  }

  @Test
  void rejectsWithExactReasons() {
    assertThat(reason(Record.of("id", 1L, "user_id", "t", "foo", 1L)))
        .isEqualTo("table 'items' has no column 'foo'");
    assertThat(reason(Record.of("id", 1L)))
        .isEqualTo("table 'items', column 'user_id' is NOT NULL but the value is null");
    assertThat(reason(Record.of("id", 1L, "user_id", null)))
        .isEqualTo("table 'items', column 'user_id' is NOT NULL but the value is null");
    assertThat(reason(Record.of("id", "lots-of-it", "user_id", "t")))
        .isEqualTo(
            "table 'items', column 'id' (bigint): cannot cast text 'lots-of-it' to int: not an"
                + " integer");
    assertThat(reason(Record.of("id", 1L, "user_id", "t", "small", 32768L)))
        .isEqualTo("table 'items', column 'small' (smallint): 32768 is out of range for smallint");
    assertThat(reason(Record.of("id", 1L, "user_id", "t", "medium", -2147483649L)))
        .isEqualTo(
            "table 'items', column 'medium' (integer): -2147483649 is out of range for integer");
    assertThat(reason(Record.of("id", 1L, "user_id", "t", "price", "123456789")))
        .isEqualTo(
            "table 'items', column 'price' (numeric(10,2)): 123456789 does not fit numeric(10,2):"
                + " at most 8 digits before the decimal point");
    assertThat(reason(Record.of("id", 1L, "user_id", "t", "code", "abcd")))
        .isEqualTo(
            "table 'items', column 'code' (varchar(3)): text of 4 characters is too long for"
                + " character varying(3): 'abcd'");
    assertThat(reason(Record.of("id", 1L, "user_id", "a\0b")))
        .isEqualTo(
            "table 'items', column 'user_id' (text): PostgreSQL text cannot hold the NUL character"
                + " (at index 1 of 3 characters)");
    assertThat(reason(Record.of("id", 1L, "user_id", "t", "raw", "{\"a\":")))
        .startsWith("table 'items', column 'raw' (jsonb): invalid JSON: ");
    assertThat(reason(Record.of("id", 1L, "user_id", "t", "raw", "\"a\\u0000b\"")))
        .isEqualTo(
            "table 'items', column 'raw' (jsonb): jsonb cannot hold the escaped NUL character"
                + " \\u0000 in '\"a\\u0000b\"'");
    assertThat(reason(Record.of("id", 1L, "user_id", "t", "embedding", List.of(1.0, 2.0))))
        .isEqualTo(
            "table 'items', column 'embedding' (vector(3)): vector has 2 dimensions, column"
                + " vector(3) needs 3");
    assertThat(
            reason(Record.of("id", 1L, "user_id", "t", "embedding", new float[] {1, Float.NaN, 2})))
        .isEqualTo(
            "table 'items', column 'embedding' (vector(3)): vector element 1 is NaN, not a finite"
                + " number");
    assertThat(
            reason(
                Record.of(
                    "id",
                    1L,
                    "user_id",
                    "t",
                    "embedding",
                    new float[] {1, 2, Float.NEGATIVE_INFINITY})))
        .isEqualTo(
            "table 'items', column 'embedding' (vector(3)): vector element 2 is -Infinity, not a"
                + " finite number");
    assertThat(reason(Record.of("id", 1L, "user_id", "t", "uid", "not-a-uuid")))
        .isEqualTo(
            "table 'items', column 'uid' (uuid): cannot cast text 'not-a-uuid' to uuid: not a UUID");
    assertThat(reason(Record.of("id", 1L, "user_id", "t", "r4", 1e300)))
        .isEqualTo("table 'items', column 'r4' (real): 1.0E300 is out of range for real");
    assertThat(reason(Record.of("id", 1L, "user_id", "t", "tags", "a,b")))
        .isEqualTo(
            "table 'items', column 'tags' (text[]): cannot cast text 'a,b' to text[]: not a list");
    assertThat(reason(Record.of("id", 1L, "user_id", "t", "created_at", "yesterday")))
        .isEqualTo(
            "table 'items', column 'created_at' (timestamp): cannot cast text 'yesterday' to"
                + " timestamp: matches none of the formats [iso]");
  }

  @Test
  void isSerializableAndLabelled() throws Exception {
    PgConform c = SerializableUtils.clone(PgConform.forTable(ITEMS));
    assertThat(c.label()).isEqualTo("conform to items");
    Record out = c.apply(Record.of("id", 2L, "user_id", "u"));
    assertThat(out.get("id")).isEqualTo(2L);
    assertThat(Arrays.asList(out.names().toArray())).hasSize(ITEMS.columns().size());
  }

  @Test
  void readsTimestampsWithAGivenRule() throws Exception {
    PgConform c =
        PgConform.forTable(
            ITEMS, TimestampRule.of(List.of("dd/MM/yyyy HH:mm"), "Europe/Paris", "ms"));
    Record out =
        c.apply(
            Record.of(
                "id", 1L, "user_id", "u", "created_at", "01/05/2024 10:00", "seen_at", 1000L));
    assertThat(out.get("created_at")).isEqualTo(Instant.parse("2024-05-01T08:00:00Z"));
    assertThat(out.get("seen_at")).isEqualTo(Instant.parse("1970-01-01T00:00:01Z"));
  }

  @Test
  void refusesCollidingTables() {
    assertThatThrownBy(() -> PgConform.forTable(PgIdentifiersTest.collisionProducts()))
        .hasMessageStartingWith("table 'products': columns '");
  }
}
