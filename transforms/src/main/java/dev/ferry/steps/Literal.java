package dev.ferry.steps;

import dev.ferry.record.Record;
import dev.ferry.record.RecordCoder;
import dev.ferry.record.Values;
import java.io.Serializable;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.util.CoderUtils;

/**
 * A constant Ferry value held by a step (the {@code value} of {@code set} and {@code default}). It
 * travels in the step's Java serialization as the Coder's bytes, since records are not {@link
 * Serializable}, and hands each record its own copy.
 *
 * <pre>{@code
 * Literal l = Literal.of(Map.of("source", "legacy"));  // normalized to a record
 * record.putPath("meta", l.fresh());
 * }</pre>
 */
final class Literal implements Serializable {
  private static final long serialVersionUID = 1L;

  private final byte[] encoded;
  private transient Object value;
  private transient boolean decoded;

  private Literal(Object value) {
    this.value = value;
    this.decoded = true;
    try {
      this.encoded = CoderUtils.encodeToByteArray(RecordCoder.of(), Record.of("v", value));
    } catch (CoderException e) {
      throw new IllegalStateException("cannot encode literal " + value, e);
    }
  }

  /**
   * A literal from a value as parsed from YAML, normalized into Ferry kinds.
   *
   * @throws IllegalArgumentException if the value has no Ferry kind
   */
  static Literal of(Object value) {
    return new Literal(Values.normalize(value));
  }

  /** A private copy of the value. */
  Object fresh() {
    if (!decoded) {
      try {
        value = CoderUtils.decodeFromByteArray(RecordCoder.of(), encoded).get("v");
      } catch (CoderException e) {
        throw new IllegalStateException("cannot decode literal", e);
      }
      decoded = true;
    }
    return Values.deepCopy(value);
  }
}
