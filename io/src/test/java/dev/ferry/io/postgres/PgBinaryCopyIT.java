package dev.ferry.io.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.io.schema.ColumnDef;
import dev.ferry.io.schema.TableDef;
import dev.ferry.record.Json;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each binary encoder gives exactly the bytes of the server's own {@code *_send} function. */
class PgBinaryCopyIT {
  private static PgTestDb db;

  @BeforeAll
  static void start() throws SQLException {
    db = PgTestDb.withSchema("ferry_it_binary");
  }

  @AfterAll
  static void stop() throws SQLException {
    db.close();
  }

  /** The encoder's bytes for one value, without the int32 length prefix. */
  static byte[] encoded(String type, Object v) {
    TableDef t =
        new TableDef("t", List.of(new ColumnDef("c", type, true, null)), List.of(), List.of());
    PgBinaryCopy enc = new PgBinaryCopy(t);
    CopyBuffer b = new CopyBuffer(64);
    enc.value(0, v, b);
    byte[] all = b.toByteArray();
    return Arrays.copyOfRange(all, 4, all.length);
  }

  /** The server's bytes: {@code sendFunction(literal::type)}. */
  static byte[] server(String sendFunction, String literal, String type) throws SQLException {
    try (PreparedStatement ps =
        db.conn.prepareStatement("SELECT " + sendFunction + "(?::" + type + ")")) {
      ps.setString(1, literal);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBytes(1);
      }
    }
  }

  private static void same(String send, String literal, String type, Object value)
      throws SQLException {
    byte[] mine = encoded(type, value);
    byte[] theirs = server(send, literal, type);
    assertThat(HexFormat.of().formatHex(mine))
        .as("%s %s", type, literal)
        .isEqualTo(HexFormat.of().formatHex(theirs));
  }

  @Test
  void numericMatchesNumericSend() throws SQLException {
    for (String s :
        List.of(
            "0",
            "0.00",
            "-1.5",
            "0.000123",
            "-0.000123",
            "12345678901234567890.123456",
            "-12345678901234567890.123456",
            "10000",
            "9999.9999",
            "100000000000000000000000000000000000000001",
            "0.00000000000000000000000000001")) {
      same("numeric_send", s, "numeric", new BigDecimal(s));
    }
  }

  @Test
  void scalarsMatchTheirSendFunctions() throws SQLException {
    same("boolsend", "true", "boolean", true);
    same("int2send", "-32768", "smallint", -32768L);
    same("int4send", "2147483647", "integer", 2147483647L);
    same("int8send", "-9223372036854775808", "bigint", Long.MIN_VALUE);
    same("float4send", "0.1", "real", (double) 0.1f);
    same("float8send", "-2.2250738585072014E-308", "double precision", -2.2250738585072014E-308);
    same("float8send", "NaN", "double precision", Double.NaN);
    same("textsend", "héllo \"wörld\"", "text", "héllo \"wörld\"");
    same("varcharsend", "abc", "varchar(5)", "abc");
    same("byteasend", "\\x00ff10", "bytea", new byte[] {0, (byte) 0xFF, 0x10});
    same("json_send", "{\"b\": 1,  \"a\":2}", "json", Json.of("{\"b\": 1,  \"a\":2}"));
    // jsonb_send prints the normalized text; jsonb_recv parses whatever text it gets
    same("jsonb_send", "{\"a\": 2, \"b\": 1}", "jsonb", Json.of("{\"a\": 2, \"b\": 1}"));
    same(
        "timestamp_send",
        "2024-05-01 08:00:00.123456",
        "timestamp",
        Instant.parse("2024-05-01T08:00:00.123456Z"));
    same(
        "timestamp_send",
        "1969-12-31 23:59:59.999999",
        "timestamp",
        Instant.parse("1969-12-31T23:59:59.999999Z"));
    same(
        "timestamptz_send",
        "2024-05-01 10:00:00.5+02",
        "timestamptz",
        Instant.parse("2024-05-01T08:00:00.5Z"));
    same("date_send", "1999-12-31", "date", LocalDate.of(1999, 12, 31));
    same("date_send", "2024-02-29", "date", LocalDate.of(2024, 2, 29));
    same(
        "uuid_send",
        "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
        "uuid",
        "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
    same("vector_send", "[1,-2.5,0.1]", "vector(3)", new float[] {1f, -2.5f, 0.1f});
  }
}
