package dev.ferry.io.postgres;

import dev.ferry.io.schema.ColumnDef;
import dev.ferry.io.schema.TableDef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps SQLite declared column types to PostgreSQL types the way pgloader does, and SQLite table
 * definitions to PostgreSQL ones.
 *
 * <p>The rules, in order: modifiers SQLite ignores ({@code unsigned}, {@code auto_increment},
 * {@code autoincrement}, {@code nocase}, {@code collate X}) are dropped first, {@code unsigned}
 * widening the integer type one step; then known names map as follows:
 *
 * <ul>
 *   <li>{@code integer}, {@code int}, {@code bigint}, {@code int8} -> {@code bigint} (SQLite
 *       integers are 64-bit); {@code mediumint} -> {@code integer}; {@code smallint}, {@code int2},
 *       {@code tinyint} -> {@code smallint}; {@code smallint unsigned}, {@code mediumint unsigned}
 *       -> {@code integer}; {@code bigint unsigned} -> {@code numeric(20)}
 *   <li>{@code real}, {@code double}, {@code double precision}, {@code float} -> {@code double
 *       precision}
 *   <li>{@code numeric(p,s)}, {@code decimal(p,s)} -> {@code numeric(p,s)}; bare -> {@code numeric}
 *   <li>{@code varchar(n)}, {@code nvarchar}, {@code char}, {@code nchar}, {@code character},
 *       {@code text}, {@code clob} -> {@code text} (lengths are dropped, as pgloader does)
 *   <li>{@code blob} -> {@code bytea}
 *   <li>{@code datetime}, {@code timestamp} -> {@code timestamp}; {@code date} -> {@code date}
 *   <li>{@code boolean}, {@code bool} -> {@code boolean}; {@code json}, {@code jsonb} -> {@code
 *       jsonb}
 * </ul>
 *
 * Other names follow SQLite's own affinity rules (a name containing {@code INT} is an integer, one
 * containing {@code CHAR}, {@code CLOB} or {@code TEXT} is text, {@code BLOB} is bytes, {@code
 * REAL}, {@code FLOA} or {@code DOUB} is a float); anything still unknown becomes {@code text}.
 *
 * <p>An <b>empty declared type</b> becomes {@code text}, not {@code bytea}: SQLite typeless columns
 * hold whatever was inserted, usually text and numbers, and every scalar has a text form, while
 * only blobs have a bytea form. Binary data in a typeless column should be given an override to
 * {@code bytea}.
 *
 * <pre>{@code
 * PgTypeMapping.fromSqlite("INTEGER");        // bigint
 * PgTypeMapping.fromSqlite("DECIMAL(10,2)");  // numeric(10,2)
 * TableDef pg = PgTypeMapping.toPostgres(sqliteItems, Map.of("raw_response", "jsonb"));
 * }</pre>
 */
public final class PgTypeMapping {
  private static final Pattern NUMERIC_MODS =
      Pattern.compile("\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\)");
  private static final Pattern COLLATE = Pattern.compile("\\bcollate\\s+\\S+");
  private static final Pattern DROPPED =
      Pattern.compile("\\b(auto_increment|autoincrement|nocase|rtrim|binary|signed|zerofill)\\b");
  private static final Pattern NUMBER =
      Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");

  private PgTypeMapping() {}

  /** The PostgreSQL type for a SQLite declared type (see the class comment for the rules). */
  public static String fromSqlite(String declaredType) {
    String t = declaredType == null ? "" : declaredType.trim().toLowerCase(Locale.ROOT);
    t = COLLATE.matcher(t).replaceAll(" ");
    boolean unsigned = t.matches(".*\\bunsigned\\b.*");
    t = t.replaceAll("\\bunsigned\\b", " ");
    t = DROPPED.matcher(t).replaceAll(" ");
    t = t.replaceAll("\\s+", " ").trim();
    if (t.isEmpty()) {
      return "text";
    }
    int paren = t.indexOf('(');
    String base = (paren < 0 ? t : t.substring(0, paren)).trim();
    String mods = paren < 0 ? "" : t.substring(paren);
    switch (base) {
      case "integer":
      case "int":
      case "int4":
      case "mediumint":
        return base.equals("mediumint") ? "integer" : "bigint";
      case "bigint":
      case "int8":
      case "big int":
        return unsigned ? "numeric(20)" : "bigint";
      case "unsigned big int":
        return "numeric(20)";
      case "smallint":
      case "int2":
        return unsigned ? "integer" : "smallint";
      case "tinyint":
        return "smallint";
      case "real":
      case "double":
      case "double precision":
      case "float":
      case "float4":
      case "float8":
        return "double precision";
      case "numeric":
      case "decimal":
        return numeric(mods);
      case "varchar":
      case "nvarchar":
      case "varying character":
      case "character varying":
      case "native character":
      case "char":
      case "nchar":
      case "character":
      case "text":
      case "clob":
      case "string":
        return "text";
      case "blob":
        return "bytea";
      case "datetime":
      case "timestamp":
        return "timestamp";
      case "date":
        return "date";
      case "boolean":
      case "bool":
        return "boolean";
      case "json":
      case "jsonb":
        return "jsonb";
      default:
        return byAffinity(base);
    }
  }

  private static String numeric(String mods) {
    Matcher m = NUMERIC_MODS.matcher(mods);
    if (!m.lookingAt()) {
      return "numeric";
    }
    return m.group(2) == null
        ? "numeric(" + m.group(1) + ")"
        : "numeric(" + m.group(1) + "," + m.group(2) + ")";
  }

  private static String byAffinity(String base) {
    if (base.contains("int")) {
      return "bigint";
    }
    if (base.contains("char") || base.contains("clob") || base.contains("text")) {
      return "text";
    }
    if (base.contains("blob")) {
      return "bytea";
    }
    if (base.contains("real") || base.contains("floa") || base.contains("doub")) {
      return "double precision";
    }
    return "text";
  }

  /**
   * A PostgreSQL definition of a SQLite table: same name, columns, nullability, primary key and
   * indexes, types mapped with {@link #fromSqlite} unless {@code overrides} names the column (its
   * value is a PostgreSQL type, used as given). Defaults that mean the same in PostgreSQL (numbers,
   * quoted strings, {@code NULL}, {@code TRUE}/{@code FALSE}, {@code CURRENT_TIMESTAMP}, {@code
   * CURRENT_DATE}, {@code CURRENT_TIME}, blob literals) are kept; others (such as {@code
   * datetime('now')}) are dropped, since the writer sends every column anyway.
   *
   * @throws IllegalArgumentException if an override names a column the table does not have
   */
  public static TableDef toPostgres(TableDef sqliteTable, Map<String, String> overrides) {
    Map<String, String> o = overrides == null ? Map.of() : overrides;
    Set<String> names = new HashSet<>(sqliteTable.columnNames());
    for (String k : o.keySet()) {
      if (!names.contains(k)) {
        throw new IllegalArgumentException(
            "type override for column '"
                + k
                + "', but table '"
                + sqliteTable.name()
                + "' has no such column (columns: "
                + sqliteTable.columnNames()
                + ")");
      }
    }
    List<ColumnDef> cols = new ArrayList<>();
    for (ColumnDef c : sqliteTable.columns()) {
      String type = o.containsKey(c.name()) ? o.get(c.name()) : fromSqlite(c.type());
      boolean nullable = c.nullable() && !sqliteTable.primaryKey().contains(c.name());
      cols.add(new ColumnDef(c.name(), type, nullable, defaultFor(c.defaultExpr(), type)));
    }
    return sqliteTable.withColumns(cols);
  }

  /** A SQLite default expression that means the same in PostgreSQL, or null. */
  static String defaultFor(String sqliteDefault, String pgType) {
    String d = literalDefault(sqliteDefault);
    if (d == null) {
      return null;
    }
    String t = pgType.toLowerCase(Locale.ROOT);
    boolean temporal = t.startsWith("timestamp") || t.equals("date") || t.startsWith("time");
    boolean numeric =
        t.equals("bigint")
            || t.equals("integer")
            || t.equals("smallint")
            || t.startsWith("numeric")
            || t.equals("double precision")
            || t.equals("real");
    if (d.startsWith("CURRENT_")) {
      return temporal ? d : null;
    }
    if (d.equals("TRUE") || d.equals("FALSE")) {
      return t.equals("boolean") ? d : null;
    }
    if (NUMBER.matcher(d).matches()) {
      return numeric
          ? d
          : t.equals("boolean") && (d.equals("0") || d.equals("1")) ? d + "::int::boolean" : null;
    }
    if (d.endsWith("::bytea")) {
      return t.equals("bytea") ? d : null;
    }
    // a quoted string: PostgreSQL parses it as the column's type when a row is inserted, so only
    // text keeps it unconditionally; other types would fail at CREATE TABLE time or at insert.
    return t.equals("text") || t.startsWith("varchar") || t.startsWith("char") ? d : null;
  }

  /** A SQLite default that is a plain literal or a CURRENT_* keyword, normalized, or null. */
  private static String literalDefault(String sqliteDefault) {
    if (sqliteDefault == null) {
      return null;
    }
    String d = sqliteDefault.trim();
    while (d.startsWith("(") && d.endsWith(")")) {
      d = d.substring(1, d.length() - 1).trim();
    }
    String u = d.toUpperCase(Locale.ROOT);
    switch (u) {
      case "NULL":
        return null;
      case "TRUE":
      case "FALSE":
      case "CURRENT_TIMESTAMP":
      case "CURRENT_DATE":
      case "CURRENT_TIME":
        return u;
      default:
        break;
    }
    if (NUMBER.matcher(d).matches()) {
      return d;
    }
    if (d.length() >= 2 && d.startsWith("'") && d.endsWith("'")) {
      return d;
    }
    if (d.length() >= 3 && (u.startsWith("X'")) && d.endsWith("'")) {
      return "'\\x" + d.substring(2, d.length() - 1) + "'::bytea";
    }
    return null;
  }
}
