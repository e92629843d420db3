package dev.ferry.io.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.io.postgres.PgType.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PgTypeTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "bigint|INT8|bigint",
        "INT8|INT8|bigint",
        "bigserial|INT8|bigint",
        "int|INT4|integer",
        "int4|INT4|integer",
        "serial|INT4|integer",
        "smallint|INT2|smallint",
        "double precision|FLOAT8|double precision",
        "DOUBLE   PRECISION|FLOAT8|double precision",
        "float8|FLOAT8|double precision",
        "float|FLOAT8|double precision",
        "float(24)|FLOAT4|real",
        "float(25)|FLOAT8|double precision",
        "real|FLOAT4|real",
        "numeric|NUMERIC|numeric",
        "decimal(10,2)|NUMERIC|numeric(10,2)",
        "numeric(12)|NUMERIC|numeric(12,0)",
        "bool|BOOL|boolean",
        "text|TEXT|text",
        "varchar(20)|TEXT|character varying(20)",
        "character varying|TEXT|character varying",
        "char|TEXT|character(1)",
        "char(3)|TEXT|character(3)",
        "bpchar|TEXT|bpchar",
        "bytea|BYTEA|bytea",
        "json|JSON|json",
        "jsonb|JSONB|jsonb",
        "timestamp|TIMESTAMP|timestamp without time zone",
        "timestamp(3)|TIMESTAMP|timestamp(3) without time zone",
        "timestamp(3) without time zone|TIMESTAMP|timestamp(3) without time zone",
        "timestamptz|TIMESTAMPTZ|timestamp with time zone",
        "timestamp with time zone|TIMESTAMPTZ|timestamp with time zone",
        "date|DATE|date",
        "uuid|UUID|uuid",
        "vector(3)|VECTOR|vector(3)",
        "public.vector(1024)|VECTOR|vector(1024)",
        "vector|VECTOR|vector",
        "integer[]|ARRAY|integer[]",
        "text[][]|ARRAY|text[]",
        "_int4|ARRAY|integer[]",
        "varchar(5) array|ARRAY|character varying(5)[]",
        "interval|OTHER|interval",
        "time without time zone|OTHER|time without time zone",
        "inet|OTHER|inet",
        "\"char\"|OTHER|\"char\"",
      })
  void parsesAndNormalizes(String input, Kind kind, String name) {
    PgType t = PgType.parse(input);
    assertThat(t.kind()).isEqualTo(kind);
    assertThat(t.name()).isEqualTo(name);
  }

  @Test
  void exposesModifiers() {
    PgType n = PgType.parse("numeric(10,2)");
    assertThat(n.length()).isEqualTo(10);
    assertThat(n.scale()).isEqualTo(2);
    assertThat(PgType.parse("vector(768)").length()).isEqualTo(768);
    assertThat(PgType.parse("varchar(5)").length()).isEqualTo(5);
    assertThat(PgType.parse("text").length()).isEqualTo(-1);
    assertThat(PgType.parse("bigint[]").element()).isEqualTo(PgType.parse("int8"));
    assertThat(PgType.parse("bigint[]").binaryCopy()).isFalse();
    assertThat(PgType.parse("interval").binaryCopy()).isFalse();
    assertThat(PgType.parse("jsonb").binaryCopy()).isTrue();
  }
}
