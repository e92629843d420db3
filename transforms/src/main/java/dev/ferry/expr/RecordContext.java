package dev.ferry.expr;

import dev.ferry.record.Record;
import org.apache.commons.jexl3.JexlContext;

/**
 * The variables an {@link Expression} sees: the top-level fields of one record, read-only.
 *
 * <pre>{@code
 * expression.evaluate(new RecordContext(record));
 * }</pre>
 */
final class RecordContext implements JexlContext {
  private final Record record;

  RecordContext(Record record) {
    this.record = record;
  }

  @Override
  public Object get(String name) {
    return RecordView.wrap(record.get(name));
  }

  @Override
  public boolean has(String name) {
    return record.has(name);
  }

  @Override
  public void set(String name, Object value) {
    throw new UnsupportedOperationException("expressions cannot change the record");
  }
}
