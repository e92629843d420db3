package dev.ferry.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.record.Json;
import dev.ferry.record.Record;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.util.SerializableUtils;
import org.junit.jupiter.api.Test;

class StepBehaviourTest {
  private static Map<String, Object> args(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  private static Record apply(String kind, Map<String, Object> args, Record r) throws Exception {
    // every step is used as Beam uses it: after a Java serialization round trip
    Step s = SerializableUtils.clone(Steps.create(kind, args));
    return s.apply(r);
  }

  private static void rejected(String kind, Map<String, Object> args, Record r, String reason) {
    assertThatThrownBy(() -> apply(kind, args, r))
        .isInstanceOf(StepRejection.class)
        .hasMessage(reason);
  }

  @Test
  void setLiteralsAreNormalizedAndCopiedPerRecord() throws Exception {
    Map<String, Object> yaml = new LinkedHashMap<>();
    yaml.put("n", 1);
    yaml.put("tags", List.of("a", 2));
    Step s = SerializableUtils.clone(Steps.create("set", args("field", "meta.src", "value", yaml)));
    Record first = s.apply(Record.of("id", 1L));
    assertThat(first)
        .isEqualTo(
            Record.of(
                "id", 1L, "meta", Record.of("src", Record.of("n", 1L, "tags", List.of("a", 2L)))));
    ((Record) first.getPath("meta.src")).put("n", 99L);
    assertThat(s.apply(Record.of("id", 2L)).getPath("meta.src.n")).isEqualTo(1L);
    assertThat(apply("set", args("field", "id", "value", 7), Record.of("id", 1L, "x", 2L)))
        .isEqualTo(Record.of("id", 7L, "x", 2L));
    assertThat(apply("set", args("field", "x", "value", null), Record.of("id", 1L)))
        .isEqualTo(Record.of("id", 1L, "x", null));
  }

  @Test
  void setFromAnExpression() throws Exception {
    Map<String, Object> a = args("field", "label", "expr", "name ?? 'unknown'");
    assertThat(apply("set", a, Record.of("name", null)))
        .isEqualTo(Record.of("name", null, "label", "unknown"));
    assertThat(apply("set", a, Record.of("name", "Ada")))
        .isEqualTo(Record.of("name", "Ada", "label", "Ada"));
    assertThat(
            apply(
                "set",
                args("field", "meta.total", "expr", "qty * price"),
                Record.of("qty", 3L, "price", 2.5)))
        .isEqualTo(Record.of("qty", 3L, "price", 2.5, "meta", Record.of("total", 7.5)));
    rejected(
        "set",
        args("field", "total", "expr", "qty * price"),
        Record.of("qty", 3L),
        "field 'total': expression 'qty * price' failed at 1:7: variable 'price' is undefined");
    rejected(
        "set",
        args("field", "id.x", "value", 1),
        Record.of("id", 3L),
        "field 'id.x': cannot set 'id.x': 'id' holds a int, not a record");
  }

  @Test
  void renameKeepsPosition() throws Exception {
    assertThat(apply("rename", args("from", "b", "to", "z"), Record.of("a", 1L, "b", 2L, "c", 3L)))
        .isEqualTo(Record.of("a", 1L, "z", 2L, "c", 3L));
    assertThat(apply("rename", args("from", "q", "to", "z"), Record.of("a", 1L)))
        .isEqualTo(Record.of("a", 1L));
  }

  @Test
  void moveBetweenNestedPaths() throws Exception {
    assertThat(
            apply(
                "move",
                args("from", "user_id", "to", "meta.user.id"),
                Record.of("user_id", "t1", "x", 1L)))
        .isEqualTo(Record.of("x", 1L, "meta", Record.of("user", Record.of("id", "t1"))));
    assertThat(
            apply(
                "move",
                args("from", "meta.a", "to", "a"),
                Record.of("meta", Record.of("a", null, "b", 2L))))
        .isEqualTo(Record.of("meta", Record.of("b", 2L), "a", null));
    assertThat(apply("move", args("from", "missing", "to", "x"), Record.of("a", 1L)))
        .isEqualTo(Record.of("a", 1L));
    assertThat(apply("move", args("from", "a", "to", "a"), Record.of("a", 1L, "b", 2L)))
        .isEqualTo(Record.of("a", 1L, "b", 2L));
    rejected(
        "move",
        args("from", "a", "to", "b.c"),
        Record.of("a", 1L, "b", "text"),
        "field 'b.c': cannot set 'b.c': 'b' holds a text, not a record");
  }

  @Test
  void dropFieldsAndPaths() throws Exception {
    Record r = Record.of("a", 1L, "b", 2L, "m", Record.of("x", 1L, "y", 2L));
    assertThat(apply("drop", args("fields", List.of("a", "m.x", "nope", "nope.deeper")), r))
        .isEqualTo(Record.of("b", 2L, "m", Record.of("y", 2L)));
    assertThat(apply("drop", args("field", "b"), Record.of("a", 1L, "b", 2L)))
        .isEqualTo(Record.of("a", 1L));
  }

  @Test
  void defaultSetsMissingOrNull() throws Exception {
    Map<String, Object> a = args("field", "meta.status", "value", "active");
    assertThat(apply("default", a, Record.of("id", 1L)))
        .isEqualTo(Record.of("id", 1L, "meta", Record.of("status", "active")));
    assertThat(apply("default", a, Record.of("meta", Record.of("status", null))))
        .isEqualTo(Record.of("meta", Record.of("status", "active")));
    assertThat(apply("default", a, Record.of("meta", Record.of("status", "gone"))))
        .isEqualTo(Record.of("meta", Record.of("status", "gone")));
  }

  @Test
  void dropNullsEverywhereOrOnlyNamed() throws Exception {
    List<Object> list = new ArrayList<>(Arrays.asList(null, Record.of("k", null, "v", 1L)));
    Record r =
        Record.of(
            "a", null, "b", 1L, "m", Record.of("x", null, "y", Record.of("z", null)), "l", list);
    assertThat(apply("drop-nulls", args(), r.copy()))
        .isEqualTo(
            Record.of(
                "b",
                1L,
                "m",
                Record.of("y", new Record()),
                "l",
                Arrays.asList(null, Record.of("v", 1L))));
    assertThat(apply("drop-nulls", args("fields", List.of("m.x", "b", "nope")), r.copy()))
        .isEqualTo(
            Record.of("a", null, "b", 1L, "m", Record.of("y", Record.of("z", null)), "l", list));
  }

  @Test
  void castsNullAndMissingAlone() throws Exception {
    Map<String, Object> a = args("field", "created_at", "to", "timestamp");
    assertThat(apply("cast", a, Record.of("id", 1L))).isEqualTo(Record.of("id", 1L));
    assertThat(apply("cast", a, Record.of("created_at", null)))
        .isEqualTo(Record.of("created_at", null));
    assertThat(apply("cast", a, Record.of("created_at", "2024-05-01 08:00:00.000000", "x", 1L)))
        .isEqualTo(Record.of("created_at", Instant.parse("2024-05-01T08:00:00Z"), "x", 1L));
  }

  @Test
  void castsEveryKind() throws Exception {
    // single-line JSON is validated and kept as written; line breaks are compacted away
    assertThat(apply("cast", args("field", "d", "to", "json"), Record.of("d", "{ \"a\" : 1 }")))
        .isEqualTo(Record.of("d", Json.of("{ \"a\" : 1 }")));
    assertThat(apply("cast", args("field", "d", "to", "jsonb"), Record.of("d", "[1,\n 2]")))
        .isEqualTo(Record.of("d", Json.of("[1,2]")));
    assertThat(
            apply(
                "cast",
                args("field", "d", "to", "date", "zone", "Europe/Paris"),
                Record.of("d", "2024-05-01T23:30:00Z")))
        .isEqualTo(Record.of("d", LocalDate.of(2024, 5, 2)));
    assertThat(
            apply(
                "cast",
                args(
                    "field",
                    "t",
                    "to",
                    "timestamp",
                    "formats",
                    "dd/MM/yyyy HH:mm",
                    "zone",
                    "Europe/Paris"),
                Record.of("t", "01/05/2024 08:00")))
        .isEqualTo(Record.of("t", Instant.parse("2024-05-01T06:00:00Z")));
    assertThat(
            apply(
                "cast",
                args("field", "t", "to", "timestamp", "epoch", "ms"),
                Record.of("t", 1714550400000L)))
        .isEqualTo(Record.of("t", Instant.parse("2024-05-01T08:00:00Z")));
    assertThat(apply("cast", args("field", "n", "to", "int"), Record.of("n", "42")))
        .isEqualTo(Record.of("n", 42L));
    assertThat(apply("cast", args("field", "n", "to", "float"), Record.of("n", "4.5")))
        .isEqualTo(Record.of("n", 4.5));
    assertThat(apply("cast", args("field", "n", "to", "decimal"), Record.of("n", "4.50")))
        .isEqualTo(Record.of("n", new BigDecimal("4.50")));
    assertThat(apply("cast", args("field", "n", "to", "bool"), Record.of("n", "yes")))
        .isEqualTo(Record.of("n", true));
    assertThat(apply("cast", args("field", "n", "to", "text"), Record.of("n", 7L)))
        .isEqualTo(Record.of("n", "7"));
    assertThat(apply("cast", args("field", "n", "to", "bytes"), Record.of("n", "A")))
        .isEqualTo(Record.of("n", new byte[] {65}));
    assertThat(
            apply(
                "cast",
                args("field", "m.e", "to", "vector", "dimension", 3),
                Record.of("m", Record.of("e", "[1,2,3]"))))
        .isEqualTo(Record.of("m", Record.of("e", new float[] {1f, 2f, 3f})));
  }

  @Test
  void castFailuresAreRejectionsNamingTheField() {
    rejected(
        "cast",
        args("field", "created_at", "to", "timestamp"),
        Record.of("created_at", "yesterday"),
        "field 'created_at': cannot cast text 'yesterday' to timestamp: matches none of the"
            + " formats [iso]");
    rejected(
        "cast",
        args("field", "doc", "to", "json"),
        Record.of("doc", "{\"a\":"),
        "field 'doc': invalid JSON: Unexpected end-of-input within/between Object entries at"
            + " line 1 column 6 in '{\"a\":'");
    rejected(
        "cast",
        args("field", "e", "to", "vector", "dimension", 4),
        Record.of("e", List.of(1L, 2L, 3L)),
        "field 'e': vector has 3 dimensions, expected 4");
    rejected(
        "cast",
        args("field", "n", "to", "int"),
        Record.of("n", "4.5"),
        "field 'n': cannot cast text '4.5' to int: not an integer");
  }
}
