package dev.ferry.io.postgres;

import java.io.Serializable;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A PostgreSQL column type understood by Ferry: its {@link Kind} (which Java value it takes and how
 * it travels in binary COPY), its canonical name as {@code format_type()} prints it, and its
 * modifiers (length, precision and scale, vector dimension). Spellings are normalized, so {@code
 * int8}, {@code BIGINT} and {@code bigserial} are all {@code bigint}, and {@code varchar(20)} is
 * {@code character varying(20)}.
 *
 * <pre>{@code
 * PgType t = PgType.parse("decimal(10,2)");
 * t.kind();   // NUMERIC
 * t.name();   // numeric(10,2)
 * t.scale();  // 2
 * }</pre>
 */
public final class PgType implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The value kinds of PostgreSQL columns that Ferry distinguishes. */
  public enum Kind {
    BOOL,
    INT2,
    INT4,
    INT8,
    FLOAT4,
    FLOAT8,
    NUMERIC,
    TEXT,
    BYTEA,
    JSON,
    JSONB,
    TIMESTAMP,
    TIMESTAMPTZ,
    DATE,
    UUID,
    VECTOR,
    /** An array of an element type; travels as text in COPY. */
    ARRAY,
    /** Any other type; values are written as their text form and PostgreSQL parses them. */
    OTHER
  }

  private static final Map<String, Kind> KINDS =
      Map.ofEntries(
          Map.entry("bool", Kind.BOOL),
          Map.entry("boolean", Kind.BOOL),
          Map.entry("int2", Kind.INT2),
          Map.entry("smallint", Kind.INT2),
          Map.entry("smallserial", Kind.INT2),
          Map.entry("serial2", Kind.INT2),
          Map.entry("int4", Kind.INT4),
          Map.entry("int", Kind.INT4),
          Map.entry("integer", Kind.INT4),
          Map.entry("serial", Kind.INT4),
          Map.entry("serial4", Kind.INT4),
          Map.entry("int8", Kind.INT8),
          Map.entry("bigint", Kind.INT8),
          Map.entry("bigserial", Kind.INT8),
          Map.entry("serial8", Kind.INT8),
          Map.entry("float4", Kind.FLOAT4),
          Map.entry("real", Kind.FLOAT4),
          Map.entry("float8", Kind.FLOAT8),
          Map.entry("float", Kind.FLOAT8),
          Map.entry("double precision", Kind.FLOAT8),
          Map.entry("numeric", Kind.NUMERIC),
          Map.entry("decimal", Kind.NUMERIC),
          Map.entry("text", Kind.TEXT),
          Map.entry("varchar", Kind.TEXT),
          Map.entry("character varying", Kind.TEXT),
          Map.entry("char", Kind.TEXT),
          Map.entry("character", Kind.TEXT),
          Map.entry("bpchar", Kind.TEXT),
          Map.entry("name", Kind.TEXT),
          Map.entry("bytea", Kind.BYTEA),
          Map.entry("json", Kind.JSON),
          Map.entry("jsonb", Kind.JSONB),
          Map.entry("timestamp", Kind.TIMESTAMP),
          Map.entry("timestamp without time zone", Kind.TIMESTAMP),
          Map.entry("timestamptz", Kind.TIMESTAMPTZ),
          Map.entry("timestamp with time zone", Kind.TIMESTAMPTZ),
          Map.entry("date", Kind.DATE),
          Map.entry("uuid", Kind.UUID),
          Map.entry("vector", Kind.VECTOR));

  private final Kind kind;
  private final String name;
  private final int length;
  private final int scale;
  private final PgType element;

  private PgType(Kind kind, String name, int length, int scale, PgType element) {
    this.kind = kind;
    this.name = name;
    this.length = length;
    this.scale = scale;
    this.element = element;
  }

  /**
   * Parses a type as written in DDL or printed by {@code format_type()}; unknown names become
   * {@link Kind#OTHER} with their lower-cased spelling. A schema qualifier ({@code public.vector})
   * and surrounding quotes are dropped.
   */
  public static PgType parse(String type) {
    Objects.requireNonNull(type, "type");
    String t = type.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    if (t.equals("\"char\"")) {
      return new PgType(Kind.OTHER, t, -1, -1, null);
    }
    t = t.replace("\"", "");
    if (t.isEmpty()) {
      throw new IllegalArgumentException("empty PostgreSQL type");
    }
    if (t.endsWith("]")) {
      int open = t.indexOf('[');
      PgType elem = parse(t.substring(0, open));
      return array(elem);
    }
    if (t.endsWith(" array")) {
      return array(parse(t.substring(0, t.length() - " array".length())));
    }
    if (t.startsWith("_") && KINDS.containsKey(t.substring(1))) {
      return array(parse(t.substring(1)));
    }
    int paren = t.indexOf('(');
    int dot = t.indexOf('.');
    if (dot >= 0 && (paren < 0 || dot < paren)) {
      t = t.substring(dot + 1);
      paren = t.indexOf('(');
    }
    String base = t;
    int a = -1;
    int b = -1;
    if (paren >= 0) {
      int close = t.indexOf(')', paren);
      if (close < 0) {
        return new PgType(Kind.OTHER, t, -1, -1, null);
      }
      String rest = t.substring(close + 1).trim();
      base = (t.substring(0, paren).trim() + (rest.isEmpty() ? "" : " " + rest)).trim();
      String[] parts = t.substring(paren + 1, close).split(",");
      if (parts.length > 2) {
        return new PgType(Kind.OTHER, t, -1, -1, null);
      }
      try {
        a = Integer.parseInt(parts[0].trim());
        b = parts.length > 1 ? Integer.parseInt(parts[1].trim()) : -1;
      } catch (NumberFormatException e) {
        return new PgType(Kind.OTHER, t, -1, -1, null);
      }
    }
    Kind kind = KINDS.get(base);
    if (kind == null) {
      return new PgType(Kind.OTHER, t, -1, -1, null);
    }
    switch (kind) {
      case BOOL:
        return simple(kind, "boolean");
      case INT2:
        return simple(kind, "smallint");
      case INT4:
        return simple(kind, "integer");
      case INT8:
        return simple(kind, "bigint");
      case FLOAT4:
        return simple(kind, "real");
      case FLOAT8:
        if (base.equals("float") && a >= 1 && a <= 24) {
          return simple(Kind.FLOAT4, "real");
        }
        return simple(kind, "double precision");
      case NUMERIC:
        if (a < 0) {
          return simple(kind, "numeric");
        }
        int s = Math.max(b, 0);
        return new PgType(kind, "numeric(" + a + "," + s + ")", a, s, null);
      case TEXT:
        switch (base) {
          case "varchar":
          case "character varying":
            return new PgType(
                kind, a < 0 ? "character varying" : "character varying(" + a + ")", a, -1, null);
          case "char":
          case "character":
            int n = a < 0 ? 1 : a;
            return new PgType(kind, "character(" + n + ")", n, -1, null);
          case "bpchar":
            return a < 0
                ? simple(kind, "bpchar")
                : new PgType(kind, "character(" + a + ")", a, -1, null);
          default:
            return simple(kind, base);
        }
      case TIMESTAMP:
        return new PgType(
            kind,
            a < 0 ? "timestamp without time zone" : "timestamp(" + a + ") without time zone",
            a,
            -1,
            null);
      case TIMESTAMPTZ:
        return new PgType(
            kind,
            a < 0 ? "timestamp with time zone" : "timestamp(" + a + ") with time zone",
            a,
            -1,
            null);
      case VECTOR:
        return new PgType(kind, a < 0 ? "vector" : "vector(" + a + ")", a, -1, null);
      default:
        return simple(kind, base);
    }
  }

  private static PgType simple(Kind kind, String name) {
    return new PgType(kind, name, -1, -1, null);
  }

  private static PgType array(PgType elem) {
    if (elem.kind == Kind.ARRAY) {
      return elem;
    }
    return new PgType(Kind.ARRAY, elem.name + "[]", -1, -1, elem);
  }

  public Kind kind() {
    return kind;
  }

  /** The canonical name, as {@code format_type()} prints it. */
  public String name() {
    return name;
  }

  /**
   * The length of {@code character varying(n)} and {@code character(n)}, the dimension of {@code
   * vector(n)}, the precision of {@code numeric(p,s)} and {@code timestamp(p)}; -1 if none.
   */
  public int length() {
    return length;
  }

  /** The scale of {@code numeric(p,s)}; -1 if none. */
  public int scale() {
    return scale;
  }

  /** The element type of an array, or null. */
  public PgType element() {
    return element;
  }

  /** True if values of this type can travel in binary COPY. */
  public boolean binaryCopy() {
    return kind != Kind.ARRAY && kind != Kind.OTHER;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PgType && ((PgType) o).name.equals(name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  @Override
  public String toString() {
    return name;
  }
}
