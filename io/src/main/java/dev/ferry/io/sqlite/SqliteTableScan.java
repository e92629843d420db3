package dev.ferry.io.sqlite;

import dev.ferry.record.Record;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads every row of one SQLite table in one read transaction, decoded exactly as {@link
 * SqliteIO#read()} with {@code withExactValues(true)} decodes it (each cell keeps its storage
 * class, BLOBs stay bytes), optionally with the rowid as a last field {@code rowid}. Used to
 * fingerprint a source table and the table it was copied into, side by side.
 *
 * <pre>{@code
 * SqliteTableScan.scan(Path.of("app.db"), "users", List.of("id", "name"), true, r -> ...);
 * }</pre>
 */
public final class SqliteTableScan {
  private SqliteTableScan() {}

  /**
   * Calls {@code each} with every row of {@code table}, in rowid (or primary key) order.
   *
   * @param columns the columns to read, in order
   * @param withRowid also read the rowid as field {@code rowid}
   */
  public static void scan(
      Path db, String table, List<String> columns, boolean withRowid, Consumer<Record> each) {
    StringBuilder sql = new StringBuilder("SELECT ");
    for (int i = 0; i < columns.size(); i++) {
      sql.append(i == 0 ? "" : ", ").append(SqliteIdentifiers.quote(columns.get(i)));
    }
    if (withRowid) {
      sql.append(columns.isEmpty() ? "" : ", ").append("rowid AS rowid");
    }
    sql.append(" FROM ").append(SqliteIdentifiers.quote(table));
    try (Connection c = SqliteConnections.openReadOnly(db.toString());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql.toString())) {
      RowDecoder d = new RowDecoder(rs.getMetaData(), -1, "table '" + table + "'", true);
      while (rs.next()) {
        each.accept(d.decode(rs).record());
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot read table '" + table + "' of " + db + ": " + e.getMessage(), e);
    }
  }
}
