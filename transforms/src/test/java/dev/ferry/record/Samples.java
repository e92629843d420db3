package dev.ferry.record;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Records holding every value kind, shared by the coder and JSON tests. */
final class Samples {
  private Samples() {}

  static final float NAN_PAYLOAD = Float.intBitsToFloat(0x7fc00123);

  static Record everyKind() {
    List<Object> withNull = new ArrayList<>(Arrays.asList(1L, null, "x"));
    return Record.of(
        "null",
        null,
        "yes",
        true,
        "no",
        false,
        "int",
        -42L,
        "big",
        Long.MAX_VALUE,
        "float",
        3.25,
        "negzero",
        -0.0,
        "nan",
        Double.NaN,
        "inf",
        Double.NEGATIVE_INFINITY,
        "decimal",
        new BigDecimal("12345678901234567890.1230"),
        "text",
        "héllo, \"wörld\"\n",
        "bytes",
        new byte[] {0, 1, (byte) 0xff},
        "ts",
        Instant.parse("2024-05-01T08:00:00.123456789Z"),
        "old",
        Instant.parse("1900-01-01T00:00:00Z"),
        "date",
        LocalDate.of(2024, 5, 1),
        "json",
        Json.of("{\"b\":[1,2.50,null],\"a\":\"x\"}"),
        "vector",
        new float[] {0.1f, -0.0f, Float.NaN, NAN_PAYLOAD, Float.POSITIVE_INFINITY, 1e-45f},
        "empty_vector",
        new float[0],
        "list",
        withNull,
        "empty_list",
        List.of(),
        "nested",
        Record.of("a", 1L, "deeper", Record.of("v", new float[] {1f, 2f}, "l", List.of("q"))),
        "empty_record",
        new Record(),
        "list_of_records",
        List.of(Record.of("k", "v"), Record.of()));
  }
}
