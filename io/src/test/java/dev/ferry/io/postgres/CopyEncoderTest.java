package dev.ferry.io.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.io.schema.ColumnDef;
import dev.ferry.io.schema.TableDef;
import dev.ferry.record.Json;
import dev.ferry.record.Record;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class CopyEncoderTest {
  private static TableDef table(String... namesAndTypes) {
    ColumnDef[] cols = new ColumnDef[namesAndTypes.length / 2];
    for (int i = 0; i < cols.length; i++) {
      cols[i] = new ColumnDef(namesAndTypes[2 * i], namesAndTypes[2 * i + 1], true, null);
    }
    return new TableDef("t", List.of(cols), List.of(), List.of());
  }

  private static String encode(CopyEncoder enc, Record... rows) {
    CopyBuffer b = new CopyBuffer(16);
    enc.begin(b);
    for (Record r : rows) {
      enc.row(r, b);
    }
    enc.end(b);
    return new String(b.toByteArray(), StandardCharsets.UTF_8);
  }

  @Test
  void choosesBinaryUnlessATypeNeedsText() {
    assertThat(CopyEncoder.forTable(table("a", "bigint", "b", "vector(2)"), false).format())
        .isEqualTo("binary");
    assertThat(CopyEncoder.forTable(table("a", "bigint", "b", "interval"), false).format())
        .isEqualTo("text");
    assertThat(CopyEncoder.forTable(table("a", "bigint", "b", "int[]"), false).format())
        .isEqualTo("text");
    assertThat(CopyEncoder.forTable(table("a", "bigint"), true).format()).isEqualTo("text");
  }

  @Test
  void textRowsEscapeAndFormatEveryKind() {
    TableDef t =
        table(
            "s",
            "text",
            "n",
            "bigint",
            "d",
            "double precision",
            "x",
            "numeric",
            "by",
            "bytea",
            "j",
            "jsonb",
            "ts",
            "timestamp",
            "tz",
            "timestamptz",
            "day",
            "date",
            "v",
            "vector(2)",
            "a",
            "text[]",
            "b",
            "boolean");
    String out =
        encode(
            new PgTextCopy(t),
            Record.of(
                "s",
                "a\tb\nc\\d\re",
                "n",
                -5L,
                "d",
                1.5e-10,
                "x",
                new BigDecimal("1E+3"),
                "by",
                new byte[] {0, (byte) 0xAB},
                "j",
                Json.of("{\"k\":\"v\\n\"}"),
                "ts",
                Instant.parse("2024-05-01T08:00:00.000001Z"),
                "tz",
                Instant.parse("-0001-12-31T23:59:59Z"),
                "day",
                LocalDate.of(0, 1, 1),
                "v",
                new float[] {0.1f, -2f},
                "a",
                Arrays.asList("x\"y", null, "p\\q"),
                "b",
                true),
            Record.of(
                "s", null, "n", null, "d", null, "x", null, "by", null, "j", null, "ts", null, "tz",
                null, "day", null, "v", null, "a", null, "b", null));
    assertThat(out)
        .isEqualTo(
            "a\\tb\\nc\\\\d\\re\t-5\t1.5E-10\t1000\t\\\\x00ab\t{\"k\":\"v\\\\n\"}"
                + "\t2024-05-01 08:00:00.000001\t0002-12-31 23:59:59.000000+00 BC\t0001-01-01 BC"
                + "\t[0.1,-2.0]\t{\"x\\\\\"y\",NULL,\"p\\\\\\\\q\"}\tt\n"
                + "\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\n");
  }

  @Test
  void binaryHasHeaderFieldCountsLengthsAndTrailer() {
    CopyBuffer b = new CopyBuffer(16);
    PgBinaryCopy enc = new PgBinaryCopy(table("a", "bigint", "b", "text"));
    enc.begin(b);
    enc.row(Record.of("a", 1L, "b", null), b);
    enc.end(b);
    assertThat(HexFormat.of().formatHex(b.toByteArray()))
        .isEqualTo(
            "5047434f50590aff0d0a00"
                + "00000000"
                + "00000000" // header, flags, extension
                + "0002"
                + "00000008"
                + "0000000000000001"
                + "ffffffff" // row
                + "ffff"); // trailer
  }

  @Test
  void refusesRecordsThatAreNotConformed() {
    PgBinaryCopy enc = new PgBinaryCopy(table("a", "bigint", "b", "text"));
    CopyBuffer b = new CopyBuffer(16);
    assertThatThrownBy(() -> enc.row(Record.of("b", "x", "a", 1L), b))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "record for table 't' is not conformed (field 0 is 'b', column 0 is 'a');"
                + " apply PgConform.forTable(table) before writing");
    assertThatThrownBy(() -> enc.row(Record.of("a", "1", "b", "x"), b))
        .hasMessage(
            "record for table 't' is not conformed (column 'a' (bigint) got a text value);"
                + " apply PgConform.forTable(table) before writing");
    assertThatThrownBy(() -> enc.row(Record.of("a", 1L), b))
        .hasMessage(
            "record for table 't' is not conformed (record has 1 fields [a], table has 2);"
                + " apply PgConform.forTable(table) before writing");
  }

  @Test
  void parsesVectorText() {
    assertThat(PgRowReader.vector("[1,-2.5,1e-07]")).containsExactly(1f, -2.5f, 1e-7f);
    assertThat(PgRowReader.vector(null)).isNull();
  }
}
