package dev.ferry.record;

import java.util.Objects;

/**
 * A record a flow could not carry, with where and why: the flow, the step (or reader/writer) that
 * refused it, the reason, the record's key fields and the record as it was at that point. Rejects
 * are written to {@code rejects/<flow>.jsonl} in the run directory and counted in the report.
 *
 * <pre>{@code
 * Reject r = Reject.of("items", "cast created_at", "unparseable timestamp 'x'", key, record);
 * }</pre>
 */
public final class Reject {
  private final String flow;
  private final String step;
  private final String reason;
  private final Record key;
  private final Record record;

  private Reject(String flow, String step, String reason, Record key, Record record) {
    this.flow = Objects.requireNonNull(flow, "flow");
    this.step = Objects.requireNonNull(step, "step");
    this.reason = Objects.requireNonNull(reason, "reason");
    this.key = key == null ? new Record() : key;
    this.record = record == null ? new Record() : record;
  }

  public static Reject of(String flow, String step, String reason, Record key, Record record) {
    return new Reject(flow, step, reason, key, record);
  }

  public String flow() {
    return flow;
  }

  public String step() {
    return step;
  }

  public String reason() {
    return reason;
  }

  public Record key() {
    return key;
  }

  public Record record() {
    return record;
  }

  /**
   * One line for a person: flow, step, key and reason, e.g. {@code flow 'items', step 'cast
   * created_at to timestamp', key {id=a2}: field 'created_at': ...}. Key text is shown unquoted.
   */
  public String describe() {
    return "flow '" + flow + "', step '" + step + "', key " + keyText() + ": " + reason;
  }

  private String keyText() {
    StringBuilder sb = new StringBuilder("{");
    for (java.util.Map.Entry<String, Object> e : key.asMap().entrySet()) {
      if (sb.length() > 1) {
        sb.append(", ");
      }
      Object v = e.getValue();
      sb.append(e.getKey())
          .append('=')
          .append(v instanceof String ? (String) v : Values.toDisplayString(v));
    }
    return sb.append('}').toString();
  }

  /** The reject as a record (the shape written to the rejects JSONL file). */
  public Record toRecord() {
    return Record.of("flow", flow, "step", step, "reason", reason, "key", key, "record", record);
  }

  /** Rebuilds a reject from {@link #toRecord()}. */
  public static Reject fromRecord(Record r) {
    return new Reject(
        (String) r.get("flow"),
        (String) r.get("step"),
        (String) r.get("reason"),
        (Record) r.get("key"),
        (Record) r.get("record"));
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Reject)) {
      return false;
    }
    Reject x = (Reject) o;
    return flow.equals(x.flow)
        && step.equals(x.step)
        && reason.equals(x.reason)
        && key.equals(x.key)
        && record.equals(x.record);
  }

  @Override
  public int hashCode() {
    return Objects.hash(flow, step, reason, key, record);
  }

  @Override
  public String toString() {
    return describe();
  }
}
