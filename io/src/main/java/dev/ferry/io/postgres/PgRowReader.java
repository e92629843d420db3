package dev.ferry.io.postgres;

import dev.ferry.record.Json;
import dev.ferry.record.Record;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.postgresql.util.PGobject;

/**
 * Turns rows of a PostgreSQL result set into records: fields named as the result columns, in order,
 * values of Ferry's kinds. {@code smallint}/{@code integer}/{@code bigint} -> Long, {@code
 * real}/{@code double precision} -> Double, {@code numeric} -> BigDecimal ({@code NaN} and
 * infinities -> Double), {@code boolean} -> Boolean, text types and {@code uuid} -> String, {@code
 * bytea} -> byte[], {@code json}/{@code jsonb} -> {@link Json} (the text PostgreSQL returns),
 * {@code timestamp} -> Instant (the wall time read as UTC), {@code timestamptz} -> Instant, {@code
 * date} -> LocalDate, {@code vector} -> float[], arrays -> List (nested for several dimensions);
 * other types -> their text.
 *
 * <pre>{@code
 * PgRowReader reader = PgRowReader.of(rs.getMetaData());
 * while (rs.next()) { Record r = reader.read(rs); }
 * }</pre>
 */
final class PgRowReader {
  private final String[] names;
  private final PgType[] types;

  private PgRowReader(String[] names, PgType[] types) {
    this.names = names;
    this.types = types;
  }

  /**
   * A reader for a result's columns.
   *
   * @throws IllegalArgumentException if two result columns have the same name
   */
  static PgRowReader of(ResultSetMetaData md) throws SQLException {
    int n = md.getColumnCount();
    String[] names = new String[n];
    PgType[] types = new PgType[n];
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < n; i++) {
      names[i] = md.getColumnLabel(i + 1);
      if (!seen.add(names[i])) {
        throw new IllegalArgumentException(
            "the query returns two columns named '"
                + names[i]
                + "'; give them distinct names with AS");
      }
      types[i] = PgType.parse(md.getColumnTypeName(i + 1));
    }
    return new PgRowReader(names, types);
  }

  Record read(ResultSet rs) throws SQLException {
    Record r = Record.withCapacity(names.length);
    for (int i = 0; i < names.length; i++) {
      r.put(names[i], value(rs, i + 1, types[i]));
    }
    return r;
  }

  private static Object value(ResultSet rs, int col, PgType t) throws SQLException {
    switch (t.kind()) {
      case INT2:
      case INT4:
      case INT8:
        {
          long v = rs.getLong(col);
          return rs.wasNull() ? null : v;
        }
      case FLOAT4:
        {
          float v = rs.getFloat(col);
          return rs.wasNull() ? null : (double) v;
        }
      case FLOAT8:
        {
          double v = rs.getDouble(col);
          return rs.wasNull() ? null : v;
        }
      case BOOL:
        {
          boolean v = rs.getBoolean(col);
          return rs.wasNull() ? null : v;
        }
      case NUMERIC:
        return numeric(rs.getString(col));
      case BYTEA:
        return rs.getBytes(col);
      case JSON:
      case JSONB:
        {
          String s = rs.getString(col);
          return s == null ? null : Json.of(s);
        }
      case TIMESTAMP:
        {
          LocalDateTime d = rs.getObject(col, LocalDateTime.class);
          return d == null ? null : d.toInstant(ZoneOffset.UTC);
        }
      case TIMESTAMPTZ:
        {
          OffsetDateTime d = rs.getObject(col, OffsetDateTime.class);
          return d == null ? null : d.toInstant();
        }
      case DATE:
        return rs.getObject(col, LocalDate.class);
      case VECTOR:
        return vector(rs.getString(col));
      case ARRAY:
        {
          Array a = rs.getArray(col);
          return a == null ? null : list(a.getArray(), t.element());
        }
      default:
        return rs.getString(col);
    }
  }

  private static Object numeric(String s) {
    if (s == null) {
      return null;
    }
    switch (s) {
      case "NaN":
        return Double.NaN;
      case "Infinity":
        return Double.POSITIVE_INFINITY;
      case "-Infinity":
        return Double.NEGATIVE_INFINITY;
      default:
        return new BigDecimal(s);
    }
  }

  /** Parses pgvector's text form {@code [1,2.5,-3]}. */
  static float[] vector(String s) {
    if (s == null) {
      return null;
    }
    String body = s.trim();
    if (!body.startsWith("[") || !body.endsWith("]")) {
      throw new IllegalArgumentException("not a pgvector value: " + s);
    }
    body = body.substring(1, body.length() - 1);
    if (body.isBlank()) {
      return new float[0];
    }
    String[] parts = body.split(",");
    float[] out = new float[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = Float.parseFloat(parts[i].trim());
    }
    return out;
  }

  private static List<Object> list(Object array, PgType element) {
    Object[] a = (Object[]) array;
    List<Object> out = new ArrayList<>(a.length);
    for (Object o : a) {
      out.add(element(o, element));
    }
    return out;
  }

  private static Object element(Object o, PgType element) {
    if (o == null) {
      return null;
    }
    if (o instanceof Object[]) {
      return list(o, element);
    }
    if (o instanceof Long
        || o instanceof Double
        || o instanceof BigDecimal
        || o instanceof Boolean
        || o instanceof byte[]) {
      return o;
    }
    if (o instanceof Integer || o instanceof Short || o instanceof Byte) {
      return ((Number) o).longValue();
    }
    if (o instanceof Float) {
      return (double) (Float) o;
    }
    if (o instanceof Timestamp) {
      Timestamp ts = (Timestamp) o;
      return element.kind() == PgType.Kind.TIMESTAMPTZ
          ? ts.toInstant()
          : ts.toLocalDateTime().toInstant(ZoneOffset.UTC);
    }
    if (o instanceof Date) {
      return ((Date) o).toLocalDate();
    }
    if (o instanceof PGobject) {
      String v = ((PGobject) o).getValue();
      if (element.kind() == PgType.Kind.JSON || element.kind() == PgType.Kind.JSONB) {
        return Json.of(v);
      }
      if (element.kind() == PgType.Kind.VECTOR) {
        return vector(v);
      }
      return v;
    }
    if (o instanceof String) {
      switch (element.kind()) {
        case JSON:
        case JSONB:
          return Json.of((String) o);
        case VECTOR:
          return vector((String) o);
        default:
          return o;
      }
    }
    if (o instanceof UUID) {
      return o.toString();
    }
    return o.toString();
  }
}
