package dev.ferry.steps;

import java.util.ArrayList;
import java.util.List;

/**
 * The kinds a {@code cast} step converts to, each with its word in specs and its {@link Casts}
 * function. {@code json} and {@code jsonb} both give a {@link dev.ferry.record.Json}; the name only
 * says which column type the writer should prefer.
 *
 * <pre>{@code
 * Object t = CastKind.parse("timestamp").cast("2024-05-01", TimestampRule.DEFAULT);
 * }</pre>
 */
enum CastKind {
  JSON("json"),
  JSONB("jsonb"),
  TIMESTAMP("timestamp"),
  DATE("date"),
  INT("int"),
  FLOAT("float"),
  DECIMAL("decimal"),
  BOOL("bool"),
  TEXT("text"),
  VECTOR("vector"),
  BYTES("bytes");

  private final String word;

  CastKind(String word) {
    this.word = word;
  }

  String word() {
    return word;
  }

  /** The spec words, in order, for messages. */
  static List<String> words() {
    List<String> out = new ArrayList<>();
    for (CastKind k : values()) {
      out.add(k.word);
    }
    return out;
  }

  static CastKind parse(String word) {
    for (CastKind k : values()) {
      if (k.word.equals(word)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown cast kind '" + word + "'");
  }

  boolean usesTimestampRule() {
    return this == TIMESTAMP || this == DATE;
  }

  Object cast(Object v, TimestampRule rule) throws CastException {
    switch (this) {
      case JSON:
      case JSONB:
        return Casts.toJson(v);
      case TIMESTAMP:
        return Casts.toTimestamp(v, rule);
      case DATE:
        return Casts.toDate(v, rule);
      case INT:
        return Casts.toInt(v);
      case FLOAT:
        return Casts.toFloat(v);
      case DECIMAL:
        return Casts.toDecimal(v);
      case BOOL:
        return Casts.toBool(v);
      case TEXT:
        return Casts.toText(v);
      case VECTOR:
        return Casts.toVector(v);
      case BYTES:
        return Casts.toBytes(v);
      default:
        throw new IllegalStateException("unhandled cast kind " + this);
    }
  }
}
