package dev.ferry.io.sqlite;

import dev.ferry.record.Record;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * An independent way to know what a table holds, for expected values: plain JDBC with explicit
 * {@code typeof()} per cell and the matching getter, not the reader's decoding path.
 */
final class DirectRows {
  private DirectRows() {}

  static List<Record> read(Path db, String table) throws SQLException {
    List<Record> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      List<String> columns = new ArrayList<>();
      try (ResultSet rs =
          s.executeQuery(
              "SELECT name FROM pragma_table_info('"
                  + table.replace("'", "''")
                  + "') ORDER BY cid")) {
        while (rs.next()) {
          columns.add(rs.getString(1));
        }
      }
      StringBuilder sql = new StringBuilder("SELECT ");
      for (String col : columns) {
        String q = '"' + col.replace("\"", "\"\"") + '"';
        sql.append("typeof(").append(q).append("), ").append(q).append(", ");
      }
      sql.setLength(sql.length() - 2);
      sql.append(" FROM \"").append(table.replace("\"", "\"\"")).append('"');
      try (ResultSet rs = s.executeQuery(sql.toString())) {
        while (rs.next()) {
          Record r = new Record();
          for (int i = 0; i < columns.size(); i++) {
            int col = 2 * i + 2;
            String type = rs.getString(col - 1);
            Object v;
            switch (type) {
              case "integer":
                v = rs.getLong(col);
                break;
              case "real":
                v = rs.getDouble(col);
                break;
              case "text":
                v = new String(rs.getBytes(col), StandardCharsets.UTF_8);
                break;
              case "blob":
                v = rs.getBytes(col);
                break;
              default:
                v = null;
            }
            r.put(columns.get(i), v);
          }
          out.add(r);
        }
      }
    }
    return out;
  }
}
