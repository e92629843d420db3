package dev.ferry.io.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SqliteDdlTest {
  @Test
  void objectNamesAreReplacedWhateverTheirQuoting() {
    assertThat(SqliteDdl.withName("CREATE INDEX [IFK_A] ON [Album] ([ArtistId])", "x_IFK_A"))
        .isEqualTo("CREATE INDEX \"x_IFK_A\" ON [Album] ([ArtistId])");
    assertThat(
            SqliteDdl.withName("CREATE UNIQUE INDEX IF NOT EXISTS \"a \"\"b\" ON t (a)", "p_a \"b"))
        .isEqualTo("CREATE UNIQUE INDEX IF NOT EXISTS \"p_a \"\"b\" ON t (a)");
    assertThat(SqliteDdl.withName("CREATE VIEW /* c */ `v` AS SELECT 1", "p_v"))
        .isEqualTo("CREATE VIEW /* c */ \"p_v\" AS SELECT 1");
    assertThat(
            SqliteDdl.withName(
                "create temp trigger main.tr after insert on t begin select 1; end", "p_tr"))
        .isEqualTo("create temp trigger \"p_tr\" after insert on t begin select 1; end");
  }

  @Test
  void tablesAreRenamedBySqliteWithEveryReference() {
    List<SqliteDdl.SchemaObject> in =
        List.of(
            new SqliteDdl.SchemaObject(
                "table", "a", "a", "CREATE TABLE a (id INTEGER PRIMARY KEY)"),
            new SqliteDdl.SchemaObject(
                "table", "b", "b", "CREATE TABLE b (id INTEGER, a_id INTEGER REFERENCES a (id))"),
            new SqliteDdl.SchemaObject("index", "ix_b", "b", "CREATE INDEX ix_b ON b (a_id)"),
            new SqliteDdl.SchemaObject(
                "view", "v", "v", "CREATE VIEW v AS SELECT a.id FROM a JOIN b ON b.a_id = a.id"));
    List<SqliteDdl.SchemaObject> out = SqliteDdl.renamed(in, Map.of("a", "p_a", "b", "p_b"), "p_");
    assertThat(out)
        .containsExactly(
            new SqliteDdl.SchemaObject(
                "table", "p_a", "p_a", "CREATE TABLE \"p_a\" (id INTEGER PRIMARY KEY)"),
            new SqliteDdl.SchemaObject(
                "table",
                "p_b",
                "p_b",
                "CREATE TABLE \"p_b\" (id INTEGER, a_id INTEGER REFERENCES \"p_a\" (id))"),
            new SqliteDdl.SchemaObject(
                "index", "p_ix_b", "p_b", "CREATE INDEX \"p_ix_b\" ON \"p_b\" (a_id)"),
            new SqliteDdl.SchemaObject(
                "view",
                "p_v",
                "v",
                "CREATE VIEW \"p_v\" AS SELECT \"p_a\".id FROM \"p_a\" JOIN \"p_b\" ON \"p_b\".a_id ="
                    + " \"p_a\".id"));
  }
}
