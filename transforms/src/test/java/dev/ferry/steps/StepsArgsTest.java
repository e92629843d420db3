package dev.ferry.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StepsArgsTest {
  private static Map<String, Object> args(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  private static void refused(String kind, Map<String, Object> args, String message) {
    assertThatThrownBy(() -> Steps.create(kind, args))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void unknownKind() {
    refused(
        "foo",
        Map.of(),
        "unknown step 'foo' (known: set, rename, move, drop, default, drop-nulls, cast, where, reject, aggregate, keep)");
    refused(
        null,
        Map.of(),
        "unknown step 'null' (known: set, rename, move, drop, default, drop-nulls,"
            + " cast, where, reject, aggregate, keep)");
  }

  @Test
  void unknownAndMissingArguments() {
    refused(
        "cast",
        args("field", "a", "to", "timestamp", "fromat", "x"),
        "step 'cast': unknown argument 'fromat' (known: field, to, formats, zone, epoch,"
            + " dimension)");
    refused("cast", args("to", "int"), "step 'cast': missing argument 'field'");
    refused("cast", null, "step 'cast': missing argument 'field'");
    refused("cast", args("field", "a"), "step 'cast': missing argument 'to'");
    refused("rename", args("from", "a"), "step 'rename': missing argument 'to'");
    refused("default", args("field", "a"), "step 'default': missing argument 'value'");
    refused(
        "move",
        args("from", "a", "to", "b", "too", "c"),
        "step 'move': unknown argument 'too' (known: from, to)");
  }

  @Test
  void badValues() {
    refused(
        "cast",
        args("field", "a", "to", "jsn"),
        "step 'cast': 'to' must be one of json, jsonb, timestamp, date, int, float, decimal, bool,"
            + " text, vector, bytes, not 'jsn'");
    refused("cast", args("field", 3, "to", "int"), "step 'cast': 'field' must be text, not int");
    refused(
        "cast", args("field", null, "to", "int"), "step 'cast': 'field' must be text, not null");
    refused("rename", args("from", "", "to", "b"), "step 'rename': 'from' must not be empty");
    refused(
        "move",
        args("from", "a..b", "to", "c"),
        "step 'move': 'from': empty segment in field path 'a..b'");
    refused(
        "drop",
        args("fields", List.of("a", 2)),
        "step 'drop': 'fields' must be a non-empty list of text, but holds int");
    refused("drop", args("fields", List.of()), "step 'drop': 'fields' must not be empty");
    refused(
        "drop",
        args("field", "a", "fields", List.of("b")),
        "step 'drop': give exactly one of 'field' or 'fields'");
    refused("drop", args(), "step 'drop': give exactly one of 'field' or 'fields'");
    refused(
        "drop-nulls",
        args("fields", Map.of("a", 1)),
        "step 'drop-nulls': 'fields' must be a non-empty list of text, not map");
  }

  @Test
  void setNeedsExactlyOneOfValueOrExpr() {
    refused("set", args("field", "a"), "step 'set': give exactly one of 'value' or 'expr'");
    refused(
        "set",
        args("field", "a", "value", 1, "expr", "1"),
        "step 'set': give exactly one of 'value' or 'expr'");
    refused(
        "set",
        args("field", "a", "expr", "b +"),
        "step 'set': invalid expression 'b +' at 1:3: parsing error in '+'");
    refused(
        "set",
        args("field", "a", "value", new Object()),
        "step 'set': 'value': unsupported value type java.lang.Object (allowed: null, bool, int,"
            + " float, decimal, text, bytes, timestamp, date, json, vector, list, record)");
  }

  @Test
  void castOptionsBelongToTheirKinds() {
    refused(
        "cast",
        args("field", "a", "to", "int", "zone", "UTC"),
        "step 'cast': 'zone' applies only to 'to: timestamp' and 'to: date'");
    refused(
        "cast",
        args("field", "a", "to", "text", "dimension", 3),
        "step 'cast': 'dimension' applies only to 'to: vector'");
    refused(
        "cast",
        args("field", "a", "to", "vector", "dimension", 0),
        "step 'cast': 'dimension' must be a positive whole number, not 0");
    refused(
        "cast",
        args("field", "a", "to", "vector", "dimension", "3"),
        "step 'cast': 'dimension' must be a positive whole number, not text");
    refused(
        "cast",
        args("field", "a", "to", "timestamp", "epoch", "ns"),
        "step 'cast': 'epoch' must be one of s, ms, us, not 'ns'");
    refused(
        "cast",
        args("field", "a", "to", "timestamp", "zone", "Mars/Base"),
        "step 'cast': unknown time zone 'Mars/Base'");
    refused(
        "cast",
        args("field", "a", "to", "date", "formats", List.of("dd/MM/yyyy{")),
        "step 'cast': invalid timestamp format 'dd/MM/yyyy{': Pattern includes reserved"
            + " character: '{'");
  }

  @Test
  void labels() {
    assertThat(Steps.create("set", args("field", "user_id", "value", "x")).label())
        .isEqualTo("set user_id");
    assertThat(Steps.create("rename", args("from", "a", "to", "b")).label())
        .isEqualTo("rename a to b");
    assertThat(Steps.create("move", args("from", "a", "to", "m.a")).label())
        .isEqualTo("move a to m.a");
    assertThat(Steps.create("drop", args("fields", List.of("a", "b.c"))).label())
        .isEqualTo("drop a, b.c");
    assertThat(Steps.create("drop", args("field", "a")).label()).isEqualTo("drop a");
    assertThat(Steps.create("default", args("field", "s", "value", 1)).label())
        .isEqualTo("default s");
    assertThat(Steps.create("drop-nulls", args()).label()).isEqualTo("drop-nulls");
    assertThat(Steps.create("drop-nulls", args("fields", List.of("a"))).label())
        .isEqualTo("drop-nulls a");
    assertThat(Steps.create("cast", args("field", "created_at", "to", "timestamp")).label())
        .isEqualTo("cast created_at to timestamp");
    assertThat(Steps.create("cast", args("field", "doc", "to", "jsonb")).label())
        .isEqualTo("cast doc to jsonb");
    assertThat(Steps.KINDS)
        .containsExactly(
            "set",
            "rename",
            "move",
            "drop",
            "default",
            "drop-nulls",
            "cast",
            "where",
            "reject",
            "aggregate",
            "keep");
  }
}
