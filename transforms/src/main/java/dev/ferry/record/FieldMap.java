package dev.ferry.record;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The ordered name-to-value storage behind {@link Record}: two parallel arrays searched linearly.
 * Records hold a handful to a few dozen fields, where a scan beats hashing and a copy is two array
 * copies — a {@code LinkedHashMap} (an entry object per field) cost more than the steps themselves
 * on bulk paths. Insertion order is kept; replacing a value keeps its position.
 *
 * <pre>{@code
 * FieldMap m = new FieldMap(4);
 * m.put("id", 1L);
 * m.get("id");   // 1L
 * }</pre>
 */
final class FieldMap extends AbstractMap<String, Object> {
  private String[] names;
  private Object[] values;
  private int size;

  FieldMap(int capacity) {
    int n = Math.max(4, capacity);
    names = new String[n];
    values = new Object[n];
  }

  /** A copy with the same names and the same value references (the caller deep-copies). */
  FieldMap(FieldMap other) {
    names = Arrays.copyOf(other.names, Math.max(4, other.size));
    values = Arrays.copyOf(other.values, Math.max(4, other.size));
    size = other.size;
  }

  int indexOf(Object name) {
    for (int i = 0; i < size; i++) {
      String n = names[i];
      if (n == name || n.equals(name)) {
        return i;
      }
    }
    return -1;
  }

  String nameAt(int i) {
    return names[i];
  }

  Object valueAt(int i) {
    return values[i];
  }

  void setValueAt(int i, Object v) {
    values[i] = v;
  }

  void setNameAt(int i, String n) {
    names[i] = n;
  }

  @Override
  public Object get(Object name) {
    int i = indexOf(name);
    return i < 0 ? null : values[i];
  }

  @Override
  public boolean containsKey(Object name) {
    return indexOf(name) >= 0;
  }

  @Override
  public Object put(String name, Object value) {
    int i = indexOf(name);
    if (i >= 0) {
      Object old = values[i];
      values[i] = value;
      return old;
    }
    if (size == names.length) {
      names = Arrays.copyOf(names, size * 2);
      values = Arrays.copyOf(values, size * 2);
    }
    names[size] = name;
    values[size] = value;
    size++;
    return null;
  }

  @Override
  public Object remove(Object name) {
    int i = indexOf(name);
    if (i < 0) {
      return null;
    }
    Object old = values[i];
    int tail = size - i - 1;
    System.arraycopy(names, i + 1, names, i, tail);
    System.arraycopy(values, i + 1, values, i, tail);
    size--;
    names[size] = null;
    values[size] = null;
    return old;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public void clear() {
    Arrays.fill(names, 0, size, null);
    Arrays.fill(values, 0, size, null);
    size = 0;
  }

  @Override
  public Set<String> keySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<String> iterator() {
        return new Cursor<>() {
          @Override
          String at(int i) {
            return names[i];
          }
        };
      }

      @Override
      public boolean contains(Object o) {
        return indexOf(o) >= 0;
      }

      @Override
      public int size() {
        return size;
      }
    };
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<String, Object>> iterator() {
        return new Cursor<>() {
          @Override
          Entry<String, Object> at(int i) {
            return new SimpleImmutableEntry<>(names[i], values[i]);
          }
        };
      }

      @Override
      public int size() {
        return size;
      }
    };
  }

  /** A read-only iterator over positions 0..size-1. */
  private abstract class Cursor<T> implements Iterator<T> {
    private int next;

    abstract T at(int i);

    @Override
    public boolean hasNext() {
      return next < size;
    }

    @Override
    public T next() {
      if (next >= size) {
        throw new NoSuchElementException();
      }
      return at(next++);
    }
  }
}
