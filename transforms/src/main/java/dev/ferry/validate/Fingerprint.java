package dev.ferry.validate;

import dev.ferry.record.Json;
import dev.ferry.record.Record;
import dev.ferry.steps.CastException;
import dev.ferry.steps.Casts;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Plain functions that fingerprint records for validation: the canonical text of a record's key,
 * one 64-bit hash per column, a hash of the whole row, and the columns in which two fingerprints
 * differ. Hashes are xxHash64 over {@link CanonicalBytes}: JSON values are canonicalized first, so
 * a JSONB round trip (keys reordered, spacing changed) hashes the same; decimals ignore trailing
 * zeros and a whole decimal hashes like the same int; nested records ignore field order; floats and
 * vectors hash by their exact bits, timestamps by epoch nanoseconds.
 *
 * <pre>{@code
 * Fingerprint.keyString(Record.of("id", "a2"));          // "id=a2"
 * Record hashes = Fingerprint.columnHashes(record);       // {id=..., payload=...} as Longs
 * List<String> changed = Fingerprint.differingColumns(sourceHashes, targetHashes);
 * }</pre>
 */
public final class Fingerprint {
  private Fingerprint() {}

  /**
   * The key as text for a person and for joining: {@code name=value} pairs joined by commas, e.g.
   * {@code id=a2} or {@code a=1,b=x}. Backslash, comma and equals sign are escaped with a
   * backslash, null is {@code \N}, bytes are {@code \x} and hex, JSON is canonical, lists and
   * records are their JSON text. Values are written without their kind, so an int key 7 and a text
   * key "7" join: stores often disagree on key types.
   */
  public static String keyString(Record key) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, Object> e : key.asMap().entrySet()) {
      if (sb.length() > 0) {
        sb.append(',');
      }
      escape(sb, e.getKey());
      sb.append('=');
      keyValue(sb, e.getValue());
    }
    return sb.toString();
  }

  /** A record with the same field names, each holding the Long hash of that field's value. */
  public static Record columnHashes(Record r) {
    CanonicalBytes out = new CanonicalBytes();
    Record hashes = Record.withCapacity(r.size());
    for (Map.Entry<String, Object> e : r.asMap().entrySet()) {
      hashes.put(e.getKey(), out.reset().value(e.getValue()).hash());
    }
    return hashes;
  }

  /** The 64-bit hash of one value. */
  public static long hash(Object value) {
    return new CanonicalBytes().value(value).hash();
  }

  /** The hash of a whole row (all fields, in any order) as 16 hex digits. */
  public static String rowHash(Record r) {
    return HexFormat.of().toHexDigits(hash(r));
  }

  /**
   * The names of the columns whose hashes differ, or that only one side has: the source's columns
   * in order, then the target's extra ones.
   */
  public static List<String> differingColumns(Record source, Record target) {
    List<String> out = new ArrayList<>();
    for (String n : source.names()) {
      if (!target.has(n) || !Objects.equals(source.get(n), target.get(n))) {
        out.add(n);
      }
    }
    for (String n : target.names()) {
      if (!source.has(n)) {
        out.add(n);
      }
    }
    return out;
  }

  private static void keyValue(StringBuilder sb, Object v) {
    if (v == null) {
      sb.append("\\N");
    } else if (v instanceof byte[]) {
      sb.append("\\x").append(HexFormat.of().formatHex((byte[]) v));
    } else if (v instanceof BigDecimal) {
      sb.append(CanonicalJson.number((BigDecimal) v));
    } else if (v instanceof Json) {
      String text = ((Json) v).text();
      try {
        text = CanonicalJson.of(text);
      } catch (IllegalArgumentException e) {
        // keep the text as it is
      }
      escape(sb, text);
    } else {
      String text;
      try {
        text = Casts.toText(v);
      } catch (CastException e) {
        text = String.valueOf(v);
      }
      escape(sb, text);
    }
  }

  private static void escape(StringBuilder sb, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' || c == ',' || c == '=') {
        sb.append('\\');
      }
      sb.append(c);
    }
  }
}
