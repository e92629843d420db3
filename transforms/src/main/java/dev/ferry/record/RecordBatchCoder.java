package dev.ferry.record;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.util.VarInt;

/**
 * The Coder for {@link RecordBatch}: top-level field names are written once per batch in a
 * dictionary and each record refers to them by index, so rows of the same table cost only their
 * values. Deterministic.
 *
 * <pre>{@code
 * batches.setCoder(RecordBatchCoder.of());
 * }</pre>
 */
public final class RecordBatchCoder extends AtomicCoder<RecordBatch> {
  private static final RecordBatchCoder INSTANCE = new RecordBatchCoder();

  private RecordBatchCoder() {}

  public static RecordBatchCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(RecordBatch batch, OutputStream out) throws IOException {
    Map<String, Integer> dict = new HashMap<>();
    List<String> names = new ArrayList<>();
    for (Record r : batch) {
      for (String n : r.names()) {
        if (dict.putIfAbsent(n, names.size()) == null) {
          names.add(n);
        }
      }
    }
    ValueWriter w = new ValueWriter(64 + batch.size() * 64);
    w.writeVarLong(names.size());
    for (String n : names) {
      w.writeString(n);
    }
    w.writeVarLong(batch.size());
    for (Record r : batch) {
      w.writeVarLong(r.size());
      for (Map.Entry<String, Object> e : r.asMap().entrySet()) {
        w.writeVarLong(dict.get(e.getKey()));
        w.writeValue(e.getValue());
      }
    }
    VarInt.encode(w.length(), out);
    out.write(w.array(), 0, w.length());
  }

  @Override
  public RecordBatch decode(InputStream in) throws IOException {
    int len = VarInt.decodeInt(in);
    byte[] b = new byte[len];
    new DataInputStream(in).readFully(b);
    ValueReader r = new ValueReader(b, 0, len);
    int nNames = r.readLength();
    String[] names = new String[nNames];
    for (int i = 0; i < nNames; i++) {
      names[i] = r.readString();
    }
    int n = r.readLength();
    List<Record> records = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int fields = r.readLength();
      Record rec = Record.withCapacity(fields);
      for (int f = 0; f < fields; f++) {
        long idx = r.readVarLong();
        if (idx < 0 || idx >= nNames) {
          throw new IOException("bad field index " + idx + " in Ferry batch encoding");
        }
        rec.put(names[(int) idx], r.readValue());
      }
      records.add(rec);
    }
    return RecordBatch.of(records);
  }

  @Override
  public void verifyDeterministic() {}
}
