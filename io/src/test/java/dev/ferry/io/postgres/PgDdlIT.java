package dev.ferry.io.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.io.schema.ColumnDef;
import dev.ferry.io.schema.IndexDef;
import dev.ferry.io.schema.TableDef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PgDdlIT {
  private static PgTestDb db;

  @BeforeAll
  static void start() throws SQLException {
    db = PgTestDb.withSchema("ferry_it_ddl");
  }

  @AfterAll
  static void stop() throws SQLException {
    db.close();
  }

  /** Like the S2 seed's SQLite {@code items} table. */
  static TableDef sqliteItems(String name) {
    return new TableDef(
        name,
        List.of(
            new ColumnDef("id", "INTEGER", false, null),
            new ColumnDef("title", "VARCHAR(200)", false, null),
            new ColumnDef("price", "DECIMAL(10,2)", true, "0"),
            new ColumnDef("ratio", "REAL", true, null),
            new ColumnDef("image", "BLOB", true, null),
            new ColumnDef("raw_response", "TEXT", true, null),
            new ColumnDef("created_at", "TEXT", true, "CURRENT_TIMESTAMP"),
            new ColumnDef("done", "BOOLEAN", true, null),
            new ColumnDef("anything", "", true, null)),
        List.of("id"),
        List.of(
            new IndexDef("idx_created", List.of("created_at"), false),
            new IndexDef("idx_title_price", List.of("title", "price"), true)));
  }

  @Test
  void createsTheMappedTableAndDescribesItBack() throws SQLException {
    TableDef pg =
        PgTypeMapping.toPostgres(
                sqliteItems("items"), Map.of("raw_response", "jsonb", "created_at", "timestamp"))
            .withColumns(
                List.of(
                    new ColumnDef("id", "bigint", false, null),
                    new ColumnDef("title", "text", false, null),
                    new ColumnDef("price", "numeric(10,2)", true, "0"),
                    new ColumnDef("ratio", "double precision", true, null),
                    new ColumnDef("image", "bytea", true, null),
                    new ColumnDef("raw_response", "jsonb", true, null),
                    new ColumnDef("created_at", "timestamp", true, "CURRENT_TIMESTAMP"),
                    new ColumnDef("done", "boolean", true, null),
                    new ColumnDef("anything", "text", true, null),
                    new ColumnDef("embedding", "vector(3)", true, null)));
    assertThat(PgTypeMapping.toPostgres(sqliteItems("items"), Map.of()).columns())
        .extracting(ColumnDef::type)
        .containsExactly(
            "bigint",
            "text",
            "numeric(10,2)",
            "double precision",
            "bytea",
            "text",
            "text",
            "boolean",
            "text");
    PgDdl.createTable(db.conn, db.schema(), pg);
    PgDdl.createTable(db.conn, db.schema(), pg); // again: harmless

    TableDef back = PgDdl.describe(db.conn, db.schema(), "items").orElseThrow();
    assertThat(back)
        .isEqualTo(
            new TableDef(
                "items",
                List.of(
                    new ColumnDef("id", "bigint", false, null),
                    new ColumnDef("title", "text", false, null),
                    new ColumnDef("price", "numeric(10,2)", true, "0"),
                    new ColumnDef("ratio", "double precision", true, null),
                    new ColumnDef("image", "bytea", true, null),
                    new ColumnDef("raw_response", "jsonb", true, null),
                    new ColumnDef(
                        "created_at", "timestamp without time zone", true, "CURRENT_TIMESTAMP"),
                    new ColumnDef("done", "boolean", true, null),
                    new ColumnDef("anything", "text", true, null),
                    new ColumnDef("embedding", "vector(3)", true, null)),
                List.of("id"),
                List.of(
                    new IndexDef("idx_created", List.of("created_at"), false),
                    new IndexDef("idx_title_price", List.of("title", "price"), true))));
    assertThat(PgDdl.differences(pg, back)).isEmpty();
    PgDdl.checkCompatible(pg, back);
    PgDdl.ensureTable(db.conn, db.schema(), pg);
  }

  @Test
  void indexNamesStayUniqueInTheSchema() throws SQLException {
    List<IndexDef> shared =
        List.of(
            new IndexDef("idx_shop_created", List.of("created_at"), false),
            new IndexDef("idx_shop_title_price", List.of("title", "price"), true));
    TableDef a = PgTypeMapping.toPostgres(sqliteItems("shop_a"), Map.of()).withIndexes(shared);
    TableDef b = PgTypeMapping.toPostgres(sqliteItems("shop_b"), Map.of()).withIndexes(shared);
    String longName = "idx_" + "x".repeat(70);
    TableDef c =
        PgTypeMapping.toPostgres(sqliteItems("shop_c"), Map.of())
            .withIndexes(List.of(new IndexDef(longName, List.of("title"), false)));
    PgDdl.createTable(db.conn, db.schema(), a);
    PgDdl.createTable(db.conn, db.schema(), b);
    PgDdl.createTable(db.conn, db.schema(), b); // re-run finds its own indexes
    PgDdl.createTable(db.conn, db.schema(), c);
    assertThat(PgDdl.describe(db.conn, db.schema(), "shop_a").orElseThrow().indexes())
        .extracting(IndexDef::name)
        .containsExactly("idx_shop_created", "idx_shop_title_price");
    assertThat(PgDdl.describe(db.conn, db.schema(), "shop_b").orElseThrow().indexes())
        .extracting(IndexDef::name)
        .containsExactly("shop_b_idx_shop_created", "shop_b_idx_shop_title_price");
    String limited = PgDdl.limit(longName);
    assertThat(limited).hasSize(63).startsWith("idx_xxxx").matches(".*_[0-9a-f]{8}");
    assertThat(PgDdl.describe(db.conn, db.schema(), "shop_c").orElseThrow().indexes())
        .extracting(IndexDef::name)
        .containsExactly(limited);
  }

  @Test
  void quotesNamesWithSpacesAndReservedWords() throws SQLException {
    TableDef t =
        new TableDef(
            "Order Details",
            List.of(
                new ColumnDef("order", "bigint", false, null),
                new ColumnDef("User Name", "text", true, null)),
            List.of("order"),
            List.of(new IndexDef("select", List.of("User Name"), false)));
    PgDdl.createTable(db.conn, db.schema(), t);
    assertThat(PgDdl.describe(db.conn, db.schema(), "Order Details"))
        .contains(
            new TableDef(
                "Order Details",
                List.of(
                    new ColumnDef("order", "bigint", false, null),
                    new ColumnDef("User Name", "text", true, null)),
                List.of("order"),
                List.of(new IndexDef("select", List.of("User Name"), false))));
    assertThat(PgDdl.describe(db.conn, db.schema(), "order details")).isEmpty();
  }

  @Test
  void refusesCollidingColumnsBeforeCreatingAnything() throws SQLException {
    TableDef products = PgIdentifiersTest.collisionProducts();
    TableDef pg = PgTypeMapping.toPostgres(products, Map.of());
    assertThatThrownBy(() -> PgDdl.createTable(db.conn, db.schema(), pg))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "table 'products': columns '"
                + PgIdentifiersTest.COL_A
                + "' and '"
                + PgIdentifiersTest.COL_B
                + "' both become '"
                + PgIdentifiersTest.PREFIX
                + "' because PostgreSQL truncates identifiers to 63 bytes; rename one of them");
    assertThat(PgDdl.describe(db.conn, db.schema(), "products")).isEmpty();
  }

  @Test
  void listsEveryDifferenceOfAnExistingTable() throws SQLException {
    db.exec(
        "CREATE TABLE ferry_it_ddl.legacy (id integer PRIMARY KEY, name varchar(10) NOT NULL,"
            + " tenant text NOT NULL, note text)");
    TableDef expected =
        new TableDef(
            "legacy",
            List.of(
                new ColumnDef("id", "bigint", false, null),
                new ColumnDef("name", "text", true, null),
                new ColumnDef("note", "text", true, null),
                new ColumnDef("raw", "jsonb", true, null)),
            List.of("id", "name"),
            List.of());
    TableDef existing = PgDdl.describe(db.conn, db.schema(), "legacy").orElseThrow();
    assertThatThrownBy(() -> PgDdl.checkCompatible(expected, existing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "table 'legacy' in the database does not match its definition:"
                + " column 'id' is integer in the database, expected bigint;"
                + " column 'name' is character varying(10) in the database, expected text;"
                + " column 'name' is NOT NULL in the database, but the definition allows nulls;"
                + " column 'raw' (jsonb) is missing;"
                + " column 'tenant' (text) is NOT NULL without a default in the database,"
                + " but is not written;"
                + " primary key is [id] in the database, expected [id, name]");
    assertThatThrownBy(() -> PgDdl.ensureTable(db.conn, db.schema(), expected))
        .hasMessageStartingWith("table 'legacy' in the database does not match its definition:");
  }

  @Test
  void truncatesATable() throws SQLException {
    db.exec("CREATE TABLE ferry_it_ddl.scratch (id bigint PRIMARY KEY)");
    db.exec("INSERT INTO ferry_it_ddl.scratch VALUES (1), (2)");
    PgDdl.truncate(db.conn, db.schema(), "scratch");
    assertThat(db.rows("SELECT count(*) FROM ferry_it_ddl.scratch")).containsExactly(List.of(0L));
  }

  @Test
  void runsFlywayMigrationsFromAFolder(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("V1__create.sql"),
        "CREATE TABLE langchain_pg_collection (uuid uuid PRIMARY KEY, name text NOT NULL,"
            + " cmetadata jsonb);\n");
    PgConnection pg = PgTestDb.server();
    assertThat(PgDdl.migrateFlyway(pg, "ferry_it_ddl_flyway", dir)).isEqualTo(1);
    assertThat(PgDdl.migrateFlyway(pg, "ferry_it_ddl_flyway", dir)).isEqualTo(0);
    try {
      Optional<TableDef> t =
          PgDdl.describe(db.conn, "ferry_it_ddl_flyway", "langchain_pg_collection");
      assertThat(t)
          .contains(
              new TableDef(
                  "langchain_pg_collection",
                  List.of(
                      new ColumnDef("uuid", "uuid", false, null),
                      new ColumnDef("name", "text", false, null),
                      new ColumnDef("cmetadata", "jsonb", true, null)),
                  List.of("uuid"),
                  List.of()));
    } finally {
      db.exec("DROP SCHEMA ferry_it_ddl_flyway CASCADE");
    }
    assertThatThrownBy(() -> PgDdl.migrateFlyway(pg, "x", dir.resolve("nope")))
        .hasMessage(
            "Flyway migrations folder '"
                + dir.resolve("nope")
                + "' does not exist or is not a directory");
  }
}
