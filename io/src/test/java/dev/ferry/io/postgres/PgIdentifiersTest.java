package dev.ferry.io.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.io.schema.ColumnDef;
import dev.ferry.io.schema.TableDef;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PgIdentifiersTest {
  /** The names of pgloader's test/sqlite/create-collision.py (collision.db). */
  static final String PREFIX = "col_very_long_name_that_exceeds_postgresql_identifier_limit_aaa";

  static final String COL_A = PREFIX + "x";
  static final String COL_B = PREFIX + "y";

  static TableDef collisionProducts() {
    return new TableDef(
        "products",
        List.of(
            new ColumnDef("id", "INTEGER", false, null),
            new ColumnDef("name", "TEXT", false, null),
            new ColumnDef(COL_A, "INTEGER", true, null),
            new ColumnDef(COL_B, "INTEGER", true, null)),
        List.of("id"),
        List.of());
  }

  @Test
  void quotesEverything() {
    assertThat(PgIdentifiers.quote("Order Details")).isEqualTo("\"Order Details\"");
    assertThat(PgIdentifiers.quote("order")).isEqualTo("\"order\"");
    assertThat(PgIdentifiers.quote("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(PgIdentifiers.qualified("my schema", "user")).isEqualTo("\"my schema\".\"user\"");
    assertThatThrownBy(() -> PgIdentifiers.quote(""))
        .hasMessage("PostgreSQL identifier must not be empty");
    assertThatThrownBy(() -> PgIdentifiers.quote("a\0b"))
        .hasMessage("PostgreSQL identifier must not contain the NUL character: 'a\\0b'");
  }

  @Test
  void truncatesTo63BytesWithoutSplittingACharacter() {
    assertThat(PgIdentifiers.truncated(COL_A)).isEqualTo(PREFIX);
    assertThat(PgIdentifiers.truncated("short")).isEqualTo("short");
    String accents = "é".repeat(40); // 80 bytes
    String t = PgIdentifiers.truncated(accents);
    assertThat(t).isEqualTo("é".repeat(31));
    assertThat(t.getBytes(StandardCharsets.UTF_8)).hasSize(62);
  }

  @Test
  void refusesColumnsThatCollideAfterTruncation() {
    assertThatThrownBy(() -> PgIdentifiers.checkTable(collisionProducts()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "table 'products': columns '"
                + COL_A
                + "' and '"
                + COL_B
                + "' both become '"
                + PREFIX
                + "' because PostgreSQL truncates identifiers to 63 bytes; rename one of them");
  }

  @Test
  void refusesDuplicateColumnsAndAcceptsDistinctOnes() {
    TableDef dup =
        new TableDef(
            "t",
            List.of(new ColumnDef("a", "text", true, null), new ColumnDef("a", "text", true, null)),
            List.of(),
            List.of());
    assertThatThrownBy(() -> PgIdentifiers.checkTable(dup))
        .hasMessage("table 't': column 'a' is declared twice");
    TableDef ok =
        new TableDef(
            "t",
            List.of(
                new ColumnDef("A", "text", true, null),
                new ColumnDef("a", "text", true, null),
                new ColumnDef(PREFIX, "text", true, null)),
            List.of(),
            List.of());
    PgIdentifiers.checkTable(ok);
  }

  @Test
  void refusesTablesThatCollideInASchema() {
    TableDef a = new TableDef(COL_A, List.of(), List.of(), List.of());
    TableDef b = new TableDef(COL_B, List.of(), List.of(), List.of());
    assertThatThrownBy(() -> PgIdentifiers.checkTables("public", List.of(a, b)))
        .hasMessage(
            "schema 'public': tables '"
                + COL_A
                + "' and '"
                + COL_B
                + "' both become '"
                + PREFIX
                + "' because PostgreSQL truncates identifiers to 63 bytes; rename one of them");
    assertThatThrownBy(
            () -> PgIdentifiers.checkTables("s", List.of(a.withName("x"), collisionProducts())))
        .hasMessageStartingWith("table 'products': columns '");
  }
}
