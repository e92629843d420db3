package dev.ferry.pipeline;

import dev.ferry.record.Record;
import dev.ferry.record.Reject;
import java.io.IOException;
import java.util.List;

/**
 * The vector facts of a fused flow's read range ({@link FusedFlowFn}): every batch the writer gets
 * adds its records' fingerprints, count, digest and nearest records to the sample queries, and the
 * vector check's rejects are noted; when the range ends, its fingerprint lines are a part of {@code
 * facts/<flow>/fingerprints.jsonl} ({@link RangeParts}) and its other facts one small {@link
 * VectorRangeFacts} for {@link WriteVectorFacts}.
 *
 * <pre>{@code
 * FusedVectorFacts f = new FusedVectorFacts(config, "run/facts/v/fingerprints.jsonl");
 * f.begin(3); f.add(batch); String part = f.endPart(); VectorRangeFacts facts = f.endFacts();
 * }</pre>
 */
final class FusedVectorFacts implements AutoCloseable {
  private final VectorRangeFacts.Builder facts;
  private final RangeParts fingerprints;

  FusedVectorFacts(VectorFacts.Config config, String fingerprintsFile) {
    this.facts = new VectorRangeFacts.Builder(config.queries(), config.space(), config.k());
    this.fingerprints = new RangeParts(fingerprintsFile);
  }

  void begin(int order) throws IOException {
    facts.build(); // drops what a range that failed half-way added
    fingerprints.begin(order);
  }

  /** Adds a batch as the writer gets it. */
  void add(List<Record> batch) throws IOException {
    for (Record r : batch) {
      if (VectorFacts.hasVector(r)) {
        String id = (String) r.get("id");
        long fingerprint = facts.add(id, (float[]) r.get("embedding"));
        fingerprints.write(Record.of("id", id, "fingerprint", fingerprint));
      }
    }
  }

  /** Notes a reject; only the vector check's count (as invalid source vectors). */
  void reject(Reject r) {
    if (VectorCheckStep.LABEL.equals(r.step())) {
      Object id = r.record().get("id");
      facts.invalid(id == null ? "" : id.toString(), r.reason());
    }
  }

  /** Ends the range's fingerprints; returns their part, or null when there were none. */
  String endPart() throws IOException {
    return fingerprints.end();
  }

  /** The range's facts. */
  VectorRangeFacts endFacts() {
    return facts.build();
  }

  @Override
  public void close() throws IOException {
    fingerprints.close();
  }
}
