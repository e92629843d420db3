package dev.ferry.record;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.util.VarInt;

/**
 * The deterministic binary Coder for {@link Record}: a length prefix, then fields in order, each
 * value tagged with its kind. Vectors are raw big-endian float32, so they round-trip bit-exact (NaN
 * payloads included). Equal records encode to equal bytes, so records can be keys.
 *
 * <pre>{@code
 * PCollection<Record> records = ...;
 * records.setCoder(RecordCoder.of());
 * }</pre>
 */
public final class RecordCoder extends AtomicCoder<Record> {
  private static final RecordCoder INSTANCE = new RecordCoder();

  private RecordCoder() {}

  public static RecordCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(Record value, OutputStream out) throws IOException {
    if (value == null) {
      throw new CoderException("cannot encode a null Record");
    }
    ValueWriter w = new ValueWriter(256);
    w.writeRecord(value);
    VarInt.encode(w.length(), out);
    out.write(w.array(), 0, w.length());
  }

  @Override
  public Record decode(InputStream in) throws IOException {
    int len = VarInt.decodeInt(in);
    byte[] b = new byte[len];
    new DataInputStream(in).readFully(b);
    return new ValueReader(b, 0, len).readRecord();
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return true;
  }

  /** Encodes one record to bytes (for fingerprints and tests). */
  public static byte[] toBytes(Record r) {
    ValueWriter w = new ValueWriter(256);
    w.writeRecord(r);
    return java.util.Arrays.copyOf(w.array(), w.length());
  }

  /** Encodes one value to bytes in the Coder's format (used by fingerprints). */
  public static byte[] valueToBytes(Object v) {
    ValueWriter w = new ValueWriter(64);
    w.writeValue(v);
    return java.util.Arrays.copyOf(w.array(), w.length());
  }
}
