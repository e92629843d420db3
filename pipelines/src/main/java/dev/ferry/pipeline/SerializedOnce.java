package dev.ferry.pipeline;

import java.io.Serializable;
import org.apache.beam.sdk.util.SerializableUtils;

/**
 * A value Java-serialized once, when the pipeline is built, and carried as those bytes from then
 * on. A DoFn that holds its settings this way serializes as a byte array: the DirectRunner
 * serializes and deserializes every ParDo's DoFn again for each bundle it runs (to read the
 * transform's schema and side-input information), which for a DoFn holding a whole flow's steps,
 * tables and target was a tenth of a worker's time. The value itself is deserialized on first
 * {@link #get()} in each copy.
 *
 * <pre>{@code
 * SerializedOnce<Settings> settings = new SerializedOnce<>(new Settings(...));
 * settings.get().flow();
 * }</pre>
 *
 * @param <T> the value's type
 */
final class SerializedOnce<T extends Serializable> implements Serializable {
  private static final long serialVersionUID = 1L;

  private final byte[] bytes;
  private final String description;
  private transient T value;

  /** Serializes {@code value} now; {@code description} names it in a deserialization error. */
  SerializedOnce(T value, String description) {
    this.bytes = SerializableUtils.serializeToByteArray(value);
    this.description = description;
    this.value = value;
  }

  /** The value: the one given in this JVM, otherwise deserialized on first use. */
  @SuppressWarnings("unchecked")
  T get() {
    T v = value;
    if (v == null) {
      v = (T) SerializableUtils.deserializeFromByteArray(bytes, description);
      value = v;
    }
    return v;
  }
}
