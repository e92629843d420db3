package dev.ferry.record;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;

/** Deterministic Coder for {@link Reject}, encoded as its {@link Reject#toRecord() record}. */
public final class RejectCoder extends AtomicCoder<Reject> {
  private static final RejectCoder INSTANCE = new RejectCoder();

  private RejectCoder() {}

  public static RejectCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(Reject value, OutputStream out) throws IOException {
    RecordCoder.of().encode(value.toRecord(), out);
  }

  @Override
  public Reject decode(InputStream in) throws IOException {
    return Reject.fromRecord(RecordCoder.of().decode(in));
  }

  @Override
  public void verifyDeterministic() {}
}
