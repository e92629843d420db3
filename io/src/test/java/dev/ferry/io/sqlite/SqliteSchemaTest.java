package dev.ferry.io.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.io.schema.ColumnDef;
import dev.ferry.io.schema.IndexDef;
import dev.ferry.io.schema.TableDef;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteSchemaTest {
  @TempDir Path dir;

  @Test
  void chinookTablesInSqliteMasterOrder() {
    assertThat(SqliteSchema.tables(TestData.chinook()))
        .extracting(TableDef::name)
        .containsExactly(
            "Album",
            "Artist",
            "Customer",
            "Employee",
            "Genre",
            "Invoice",
            "InvoiceLine",
            "MediaType",
            "Playlist",
            "PlaylistTrack",
            "Track");
  }

  @Test
  void chinookTrackColumnsKeyAndIndexes() {
    TableDef track = SqliteSchema.table(TestData.chinook(), "Track");
    assertThat(track.columns())
        .containsExactly(
            new ColumnDef("TrackId", "INTEGER", false, null),
            new ColumnDef("Name", "NVARCHAR(200)", false, null),
            new ColumnDef("AlbumId", "INTEGER", true, null),
            new ColumnDef("MediaTypeId", "INTEGER", false, null),
            new ColumnDef("GenreId", "INTEGER", true, null),
            new ColumnDef("Composer", "NVARCHAR(220)", true, null),
            new ColumnDef("Milliseconds", "INTEGER", false, null),
            new ColumnDef("Bytes", "INTEGER", true, null),
            new ColumnDef("UnitPrice", "NUMERIC(10,2)", false, null));
    assertThat(track.primaryKey()).containsExactly("TrackId");
    assertThat(track.indexes())
        .containsExactly(
            new IndexDef("IPK_Track", List.of("TrackId"), true),
            new IndexDef("IFK_TrackAlbumId", List.of("AlbumId"), false),
            new IndexDef("IFK_TrackGenreId", List.of("GenreId"), false),
            new IndexDef("IFK_TrackMediaTypeId", List.of("MediaTypeId"), false));
  }

  @Test
  void chinookCompositeKeySkipsThePrimaryKeyAutoindex() {
    TableDef pt = SqliteSchema.table(TestData.chinook(), "PlaylistTrack");
    assertThat(pt.primaryKey()).containsExactly("PlaylistId", "TrackId");
    assertThat(pt.indexes())
        .containsExactly(
            new IndexDef("IPK_PlaylistTrack", List.of("PlaylistId", "TrackId"), true),
            new IndexDef("IFK_PlaylistTrackTrackId", List.of("TrackId"), false));
  }

  @Test
  void chinookTrackInfo() {
    assertThat(SqliteSchema.info(TestData.chinook(), "Track"))
        .isEqualTo(new TableInfo("Track", true, "rowid", "TrackId", null, 3503));
    assertThat(SqliteSchema.info(TestData.chinook(), "PlaylistTrack"))
        .isEqualTo(new TableInfo("PlaylistTrack", true, "rowid", null, null, 8715));
  }

  @Test
  void northwindOrderDetailsWithASpaceInItsName() {
    TableDef od = SqliteSchema.table(TestData.northwind(), "Order Details");
    assertThat(od)
        .isEqualTo(
            new TableDef(
                "Order Details",
                List.of(
                    new ColumnDef("OrderID", "INTEGER", false, null),
                    new ColumnDef("ProductID", "INTEGER", false, null),
                    new ColumnDef("UnitPrice", "NUMERIC", false, "0"),
                    new ColumnDef("Quantity", "INTEGER", false, "1"),
                    new ColumnDef("Discount", "REAL", false, "0")),
                List.of("OrderID", "ProductID"),
                List.of()));
    assertThat(SqliteSchema.info(TestData.northwind(), "order details"))
        .isEqualTo(new TableInfo("Order Details", true, "rowid", null, null, 2155));
  }

  @Test
  void northwindSkipsSqliteSequence() {
    assertThat(SqliteSchema.tables(TestData.northwind()))
        .extracting(TableDef::name)
        .containsExactly(
            "Categories",
            "CustomerCustomerDemo",
            "CustomerDemographics",
            "Customers",
            "Employees",
            "EmployeeTerritories",
            "Order Details",
            "Orders",
            "Products",
            "Regions",
            "Shippers",
            "Suppliers",
            "Territories");
  }

  @Test
  void pgloaderOdditiesKeepTheirDeclaredTypesAndDefaults() {
    Path db = TestData.pgloaderSqlite();
    assertThat(SqliteSchema.table(db, "double").columns())
        .containsExactly(
            new ColumnDef("x", "double precision", true, null),
            new ColumnDef("y", "REAL", true, null));
    assertThat(SqliteSchema.table(db, "t548").columns())
        .containsExactly(
            new ColumnDef("foo", "numeric(20, 6)", true, null),
            new ColumnDef("bar", "numeric(12,4)", true, null));
    assertThat(SqliteSchema.table(db, "datetime_default").columns())
        .containsExactly(
            new ColumnDef("i", "INTEGER", true, null),
            new ColumnDef("foo", "datetime", true, "DATETIME('now', 'localtime')"));
    assertThat(SqliteSchema.table(db, "typenames").columns().get(1))
        .isEqualTo(new ColumnDef("is_public", "INTEGER", true, "'\"0\"'"));
    assertThat(SqliteSchema.table(db, "references"))
        .isEqualTo(
            new TableDef(
                "references",
                List.of(new ColumnDef("id", "INTEGER", true, null)),
                List.of(),
                List.of()));
    // "integer auto_increment" is not INTEGER: a plain key with a pk autoindex, not a rowid alias
    assertThat(SqliteSchema.info(db, "autoinc"))
        .isEqualTo(new TableInfo("autoinc", true, "rowid", null, null, 3));
    assertThat(SqliteSchema.info(db, "user"))
        .isEqualTo(new TableInfo("user", true, "rowid", "id", null, 4));
    // the README's 21 tables include the internal sqlite_sequence
    assertThat(SqliteSchema.tables(db)).hasSize(20);
  }

  @Test
  void uniqueConstraintsWithoutRowidAndIndexesItCannotDescribe() throws Exception {
    Path db = dir.resolve("s.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE \"we\"\"ird\"(k INT PRIMARY KEY, a TEXT UNIQUE, b, rowid, UNIQUE (b, a))"
              + " WITHOUT ROWID");
      s.execute("CREATE INDEX i_expr ON \"we\"\"ird\"(lower(a))");
      s.execute("CREATE INDEX i_part ON \"we\"\"ird\"(b) WHERE b > 0");
      s.execute("CREATE INDEX i_desc ON \"we\"\"ird\"(b DESC, k)");
      s.execute("CREATE TABLE shadow(rowid, _rowid_, v)");
      s.execute("INSERT INTO shadow VALUES (1, 2, 3)");
    }
    TableDef t = SqliteSchema.table(db, "we\"ird");
    assertThat(t.primaryKey()).containsExactly("k");
    assertThat(t.indexes())
        .containsExactly(
            new IndexDef("sqlite_autoindex_we\"ird_2", List.of("a"), true),
            new IndexDef("sqlite_autoindex_we\"ird_3", List.of("b", "a"), true),
            new IndexDef("i_desc", List.of("b", "k"), false));
    assertThat(SqliteSchema.info(db, "we\"ird"))
        .isEqualTo(new TableInfo("we\"ird", false, null, null, "k", 0));
    assertThat(SqliteSchema.info(db, "shadow"))
        .isEqualTo(new TableInfo("shadow", true, "oid", null, null, 1));
  }

  @Test
  void unknownTableIsNamed() {
    assertThatThrownBy(() -> SqliteSchema.table(TestData.chinook(), "Nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("SQLite database has no table 'Nope'");
  }
}
