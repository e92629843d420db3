package dev.ferry.record;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A typed document: ordered, named fields whose values are one of Ferry's value kinds. It is the
 * currency of every pipeline, whether the source holds rows (SQLite, PostgreSQL) or documents.
 *
 * <p>Allowed values: {@code null}, {@link Boolean}, {@link Long}, {@link Double}, {@link
 * BigDecimal}, {@link String}, {@code byte[]}, {@link Instant} (timestamp), {@link LocalDate},
 * {@link Json}, {@code float[]} (vector), {@link List} of values, and nested {@code Record}. Other
 * Java types are converted on {@link #put} ({@code Integer}, {@code Short}, {@code Byte} to Long;
 * {@code Float} to Double) or refused with an error naming the field.
 *
 * <pre>{@code
 * Record r = Record.of("id", 1L, "name", "Ada");
 * r.putPath("meta.user_id", "t1");     // creates the nested record "meta"
 * Object v = r.getPath("meta.user_id"); // "t1"
 * }</pre>
 *
 * <p>A record is mutable; transforms must {@link #copy()} an input before changing it.
 */
public final class Record {
  private final FieldMap fields;

  public Record() {
    this.fields = new FieldMap(8);
  }

  private Record(FieldMap copyOf) {
    this.fields = new FieldMap(copyOf);
  }

  private Record(int expectedSize) {
    this.fields = new FieldMap(expectedSize);
  }

  /** A record with room for {@code n} fields. */
  public static Record withCapacity(int n) {
    return new Record(n);
  }

  /** Builds a record from alternating names and values. */
  public static Record of(Object... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("Record.of needs name/value pairs");
    }
    Record r = new Record(namesAndValues.length / 2);
    for (int i = 0; i < namesAndValues.length; i += 2) {
      r.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return r;
  }

  /** Sets a top-level field (appended if new, replaced in place if present). */
  public Record put(String name, Object value) {
    Objects.requireNonNull(name, "field name");
    fields.put(name, normalize(name, value));
    return this;
  }

  public Object get(String name) {
    return fields.get(name);
  }

  /** The name of the field at position {@code i} (0-based, in field order). */
  public String nameAt(int i) {
    if (i < 0 || i >= fields.size()) {
      throw new IndexOutOfBoundsException("field " + i + " of a record with " + size() + " fields");
    }
    return fields.nameAt(i);
  }

  /** The value of the field at position {@code i} (0-based, in field order). */
  public Object valueAt(int i) {
    if (i < 0 || i >= fields.size()) {
      throw new IndexOutOfBoundsException("field " + i + " of a record with " + size() + " fields");
    }
    return fields.valueAt(i);
  }

  public boolean has(String name) {
    return fields.containsKey(name);
  }

  /** Removes a top-level field; returns its value or null. */
  public Object remove(String name) {
    return fields.remove(name);
  }

  public int size() {
    return fields.size();
  }

  public boolean isEmpty() {
    return fields.isEmpty();
  }

  /** Field names in order (unmodifiable view). */
  public Set<String> names() {
    return Collections.unmodifiableSet(fields.keySet());
  }

  /** Fields in order (unmodifiable view). */
  public Map<String, Object> asMap() {
    return Collections.unmodifiableMap(fields);
  }

  /** Renames a field in place, keeping its position. No-op if absent. */
  public Record rename(String from, String to) {
    int i = fields.indexOf(from);
    if (i < 0 || from.equals(to)) {
      return this;
    }
    fields.remove(to);
    fields.setNameAt(fields.indexOf(from), to);
    return this;
  }

  // ---- nested paths: "a.b.c" addresses field c of record b of record a ----

  /** Splits a dotted path; a name containing dots can be written with backquotes: {@code `a.b`}. */
  public static List<String> splitPath(String path) {
    List<String> parts = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '`') {
        quoted = !quoted;
      } else if (c == '.' && !quoted) {
        parts.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    parts.add(cur.toString());
    for (String p : parts) {
      if (p.isEmpty()) {
        throw new IllegalArgumentException("empty segment in field path '" + path + "'");
      }
    }
    return parts;
  }

  /** A path of one segment, written without dots or backquotes: it names a top-level field. */
  private static boolean topLevel(String path) {
    int n = path.length();
    for (int i = 0; i < n; i++) {
      char c = path.charAt(i);
      if (c == '.' || c == '`') {
        return false;
      }
    }
    return n > 0;
  }

  /** True if the path exists (its value may be null). */
  public boolean hasPath(String path) {
    if (topLevel(path)) {
      return has(path);
    }
    List<String> parts = splitPath(path);
    Record cur = this;
    for (int i = 0; i < parts.size() - 1; i++) {
      Object next = cur.get(parts.get(i));
      if (!(next instanceof Record)) {
        return false;
      }
      cur = (Record) next;
    }
    return cur.has(parts.get(parts.size() - 1));
  }

  /** The value at a dotted path, or null if any segment is missing. */
  public Object getPath(String path) {
    if (topLevel(path)) {
      return get(path);
    }
    List<String> parts = splitPath(path);
    Record cur = this;
    for (int i = 0; i < parts.size() - 1; i++) {
      Object next = cur.get(parts.get(i));
      if (!(next instanceof Record)) {
        return null;
      }
      cur = (Record) next;
    }
    return cur.get(parts.get(parts.size() - 1));
  }

  /**
   * Sets the value at a dotted path, creating intermediate records. Fails if an intermediate
   * segment holds a non-record value.
   */
  public Record putPath(String path, Object value) {
    if (topLevel(path)) {
      return put(path, value);
    }
    List<String> parts = splitPath(path);
    Record cur = this;
    for (int i = 0; i < parts.size() - 1; i++) {
      String seg = parts.get(i);
      Object next = cur.get(seg);
      if (next == null) {
        Record created = new Record();
        cur.put(seg, created);
        cur = created;
      } else if (next instanceof Record) {
        cur = (Record) next;
      } else {
        throw new IllegalArgumentException(
            "cannot set '"
                + path
                + "': '"
                + seg
                + "' holds a "
                + Values.kind(next)
                + ", not a record");
      }
    }
    cur.put(parts.get(parts.size() - 1), value);
    return this;
  }

  /** Removes the value at a dotted path; returns it, or null if absent. */
  public Object removePath(String path) {
    if (topLevel(path)) {
      return remove(path);
    }
    List<String> parts = splitPath(path);
    Record cur = this;
    for (int i = 0; i < parts.size() - 1; i++) {
      Object next = cur.get(parts.get(i));
      if (!(next instanceof Record)) {
        return null;
      }
      cur = (Record) next;
    }
    return cur.remove(parts.get(parts.size() - 1));
  }

  /** A deep copy: nested records, lists, arrays are copied too. */
  public Record copy() {
    Record r = new Record(fields);
    for (int i = 0; i < r.fields.size(); i++) {
      Object v = r.fields.valueAt(i);
      if (v instanceof Record || v instanceof List || v instanceof byte[] || v instanceof float[]) {
        r.fields.setValueAt(i, Values.deepCopy(v));
      }
    }
    return r;
  }

  /**
   * A copy for a chain of steps to change: nested records and lists are copied, arrays ({@code
   * float[]} vectors, {@code byte[]}) are shared, because no step changes an array in place (a cast
   * makes a new one). Saves copying every vector of a bulk path once per record.
   */
  public Record copyForSteps() {
    Record r = new Record(fields);
    for (int i = 0; i < r.fields.size(); i++) {
      Object v = r.fields.valueAt(i);
      if (v instanceof Record || v instanceof List) {
        r.fields.setValueAt(i, Values.deepCopy(v));
      }
    }
    return r;
  }

  /** A new record holding only the named top-level fields, in the order given. */
  public Record project(List<String> names) {
    Record r = new Record(names.size());
    for (String n : names) {
      r.fields.put(n, fields.get(n));
    }
    return r;
  }

  private static Object normalize(String name, Object value) {
    try {
      return Values.normalize(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("field '" + name + "': " + e.getMessage(), e);
    }
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Record)) {
      return false;
    }
    Record other = (Record) o;
    if (other.fields.size() != fields.size()) {
      return false;
    }
    var a = fields.entrySet().iterator();
    var b = other.fields.entrySet().iterator();
    while (a.hasNext()) {
      var ea = a.next();
      var eb = b.next();
      if (!ea.getKey().equals(eb.getKey()) || !Values.equal(ea.getValue(), eb.getValue())) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = 1;
    for (Map.Entry<String, Object> e : fields.entrySet()) {
      h = 31 * h + e.getKey().hashCode();
      h = 31 * h + Values.hash(e.getValue());
    }
    return h;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    boolean first = true;
    for (Map.Entry<String, Object> e : fields.entrySet()) {
      if (!first) {
        sb.append(", ");
      }
      first = false;
      sb.append(e.getKey()).append('=').append(Values.toDisplayString(e.getValue()));
    }
    return sb.append('}').toString();
  }

  /** Used by {@link Values#deepCopy}; kept here so the map stays private. */
  static List<Object> copyList(List<?> list) {
    List<Object> out = new ArrayList<>(list.size());
    for (Object o : list) {
      out.add(Values.deepCopy(o));
    }
    return out;
  }

  static String arrayString(float[] v) {
    return Arrays.toString(v);
  }
}
