package dev.ferry.io.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.io.schema.ColumnDef;
import dev.ferry.io.schema.IndexDef;
import dev.ferry.io.schema.TableDef;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PgTypeMappingTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "INTEGER|bigint",
        "INT|bigint",
        "integer auto_increment|bigint",
        "INTEGER AUTOINCREMENT|bigint",
        "int unsigned|bigint",
        "BIGINT|bigint",
        "bigint unsigned|numeric(20)",
        "UNSIGNED BIG INT|numeric(20)",
        "smallint|smallint",
        "smallint unsigned|integer",
        "tinyint|smallint",
        "tinyint unsigned|smallint",
        "mediumint|integer",
        "mediumint unsigned|integer",
        "REAL|double precision",
        "DOUBLE|double precision",
        "double precision|double precision",
        "FLOAT|double precision",
        "NUMERIC(10,2)|numeric(10,2)",
        "DECIMAL(10, 2)|numeric(10,2)",
        "decimal(7)|numeric(7)",
        "NUMERIC|numeric",
        "VARCHAR(255)|text",
        "NVARCHAR(40)|text",
        "CHAR(3)|text",
        "NCHAR(55)|text",
        "VARYING CHARACTER(255)|text",
        "TEXT|text",
        "CLOB|text",
        "text nocase|text",
        "text collate nocase|text",
        "BLOB|bytea",
        "DATETIME|timestamp",
        "TIMESTAMP|timestamp",
        "DATE|date",
        "BOOLEAN|boolean",
        "bool|boolean",
        "JSON|jsonb",
        "''|text",
        "BIGINTEGER|bigint",
        "LONGTEXT|text",
        "MEDIUMBLOB|bytea",
        "FLOATING|double precision",
        "geometry|text",
        "uuid|text",
      })
  void mapsSqliteTypes(String sqlite, String pg) {
    assertThat(PgTypeMapping.fromSqlite(sqlite)).isEqualTo(pg);
  }

  @Test
  void nullDeclaredTypeIsText() {
    assertThat(PgTypeMapping.fromSqlite(null)).isEqualTo("text");
  }

  @Test
  void mapsATableWithOverrides() {
    TableDef sqlite =
        new TableDef(
            "items",
            List.of(
                new ColumnDef("id", "INTEGER", true, null),
                new ColumnDef("raw_response", "TEXT", true, null),
                new ColumnDef("created_at", "TEXT", false, "CURRENT_TIMESTAMP"),
                new ColumnDef("qty", "INT", true, "(0)"),
                new ColumnDef("label", "VARCHAR(10)", true, "'none'"),
                new ColumnDef("stamp", "DATETIME", true, "(datetime('now'))")),
            List.of("id"),
            List.of(new IndexDef("idx_items_created", List.of("created_at"), false)));
    TableDef pg =
        PgTypeMapping.toPostgres(
            sqlite, Map.of("raw_response", "jsonb", "created_at", "timestamp"));
    assertThat(pg)
        .isEqualTo(
            new TableDef(
                "items",
                List.of(
                    new ColumnDef("id", "bigint", false, null),
                    new ColumnDef("raw_response", "jsonb", true, null),
                    new ColumnDef("created_at", "timestamp", false, "CURRENT_TIMESTAMP"),
                    new ColumnDef("qty", "bigint", true, "0"),
                    new ColumnDef("label", "text", true, "'none'"),
                    new ColumnDef("stamp", "timestamp", true, null)),
                List.of("id"),
                List.of(new IndexDef("idx_items_created", List.of("created_at"), false))));
  }

  @Test
  void refusesOverridesForUnknownColumns() {
    TableDef sqlite =
        new TableDef(
            "items", List.of(new ColumnDef("id", "INTEGER", false, null)), List.of(), List.of());
    assertThatThrownBy(() -> PgTypeMapping.toPostgres(sqlite, Map.of("idd", "text")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "type override for column 'idd', but table 'items' has no such column (columns: [id])");
  }

  @Test
  void translatesDefaultsThatMeanTheSameForTheColumnType() {
    assertThat(PgTypeMapping.defaultFor("NULL", "bigint")).isNull();
    assertThat(PgTypeMapping.defaultFor("-1.5e3", "double precision")).isEqualTo("-1.5e3");
    assertThat(PgTypeMapping.defaultFor("true", "boolean")).isEqualTo("TRUE");
    assertThat(PgTypeMapping.defaultFor("1", "boolean")).isEqualTo("1::int::boolean");
    assertThat(PgTypeMapping.defaultFor("'it''s'", "text")).isEqualTo("'it''s'");
    assertThat(PgTypeMapping.defaultFor("X'0aFF'", "bytea")).isEqualTo("'\\x0aFF'::bytea");
    assertThat(PgTypeMapping.defaultFor("current_timestamp", "timestamp"))
        .isEqualTo("CURRENT_TIMESTAMP");
    assertThat(PgTypeMapping.defaultFor("strftime('%s','now')", "bigint")).isNull();
  }

  @Test
  void dropsDefaultsThatWouldNotFitTheColumnType() {
    // pgloader's sqlite.db: "StartTime DATETIME DEFAULT 0"
    assertThat(PgTypeMapping.defaultFor("0", "timestamp")).isNull();
    assertThat(PgTypeMapping.defaultFor("CURRENT_TIMESTAMP", "text")).isNull();
    assertThat(PgTypeMapping.defaultFor("'abc'", "bigint")).isNull();
    assertThat(PgTypeMapping.defaultFor("TRUE", "text")).isNull();
  }
}
