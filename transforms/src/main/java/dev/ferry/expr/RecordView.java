package dev.ferry.expr;

import dev.ferry.record.Record;
import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A read-only {@link Map} view of a record for JEXL: nested records and lists are wrapped as they
 * are read, so an expression can navigate {@code meta.user_id} but change nothing.
 *
 * <pre>{@code
 * Object v = RecordView.wrap(record);   // a read-only Map
 * }</pre>
 */
final class RecordView extends AbstractMap<String, Object> {
  private final Record record;

  private RecordView(Record record) {
    this.record = record;
  }

  /** Wraps records and lists in read-only views; other values are returned as they are. */
  static Object wrap(Object v) {
    if (v instanceof Record) {
      return new RecordView((Record) v);
    } else if (v instanceof List) {
      return new ListView((List<?>) v);
    }
    return v;
  }

  Record record() {
    return record;
  }

  @Override
  public Object get(Object key) {
    return key instanceof String ? wrap(record.get((String) key)) : null;
  }

  @Override
  public boolean containsKey(Object key) {
    return key instanceof String && record.has((String) key);
  }

  @Override
  public int size() {
    return record.size();
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<String, Object>> iterator() {
        Iterator<Entry<String, Object>> it = record.asMap().entrySet().iterator();
        return new Iterator<>() {
          @Override
          public boolean hasNext() {
            return it.hasNext();
          }

          @Override
          public Entry<String, Object> next() {
            Entry<String, Object> e = it.next();
            return new SimpleImmutableEntry<>(e.getKey(), wrap(e.getValue()));
          }
        };
      }

      @Override
      public int size() {
        return record.size();
      }
    };
  }

  /** A read-only view of a Ferry list whose records and lists are wrapped as they are read. */
  static final class ListView extends AbstractList<Object> {
    private final List<?> list;

    ListView(List<?> list) {
      this.list = list;
    }

    List<?> list() {
      return list;
    }

    @Override
    public Object get(int index) {
      return wrap(list.get(index));
    }

    @Override
    public int size() {
      return list.size();
    }
  }
}
