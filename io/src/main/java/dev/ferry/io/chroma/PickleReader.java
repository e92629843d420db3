package dev.ferry.io.chroma;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the small pickle Chroma writes as {@code index_metadata.pickle}: dicts of strings, ints,
 * floats, bools and None (protocols 2-4). Anything else — a class, a list, a tuple — is refused
 * with the opcode and its offset; nothing is ever executed.
 *
 * <pre>{@code
 * Map<?, ?> meta = (Map<?, ?>) PickleReader.read(bytes);
 * Map<?, ?> labelToId = (Map<?, ?>) meta.get("label_to_id");
 * }</pre>
 */
public final class PickleReader {
  private static final Object MARK = new Object();

  private PickleReader() {}

  /** The one value the pickle holds: Map, String, Long, Double, Boolean or null. */
  public static Object read(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    Deque<Object> stack = new ArrayDeque<>();
    List<Object> memo = new ArrayList<>();
    while (b.hasRemaining()) {
      int at = b.position();
      int op = b.get() & 0xff;
      switch (op) {
        case 0x80 -> b.get(); // PROTO
        case 0x95 -> b.getLong(); // FRAME
        case '}' -> stack.push(new LinkedHashMap<>());
        case '(' -> stack.push(MARK);
        case 'N' -> stack.push(NULL);
        case 0x88 -> stack.push(Boolean.TRUE);
        case 0x89 -> stack.push(Boolean.FALSE);
        case 'J' -> stack.push((long) b.getInt());
        case 'K' -> stack.push((long) (b.get() & 0xff));
        case 'M' -> stack.push((long) (b.getShort() & 0xffff));
        case 0x8a -> stack.push(long1(b, at));
        case 'G' -> stack.push(b.order(ByteOrder.BIG_ENDIAN).getDouble());
        case 'X' -> stack.push(string(b, b.getInt(), at));
        case 0x8c -> stack.push(string(b, b.get() & 0xff, at));
        case 0x94 -> memoPut(memo, memo.size(), stack.peek(), at); // MEMOIZE
        case 'q' -> memoPut(memo, b.get() & 0xff, stack.peek(), at); // BINPUT
        case 'r' -> memoPut(memo, b.getInt(), stack.peek(), at); // LONG_BINPUT
        case 'h' -> stack.push(memoGet(memo, b.get() & 0xff, at)); // BINGET
        case 'j' -> stack.push(memoGet(memo, b.getInt(), at));
        case 's' -> {
          Object value = stack.pop();
          Object key = stack.pop();
          dict(stack.peek(), at).put(unwrap(key), unwrap(value));
        }
        case 'u' -> {
          List<Object> items = new ArrayList<>();
          Object o;
          while ((o = stack.pop()) != MARK) {
            items.add(0, o);
          }
          Map<Object, Object> d = dict(stack.peek(), at);
          for (int i = 0; i + 1 < items.size(); i += 2) {
            d.put(unwrap(items.get(i)), unwrap(items.get(i + 1)));
          }
        }
        case '.' -> {
          return unwrap(stack.pop());
        }
        default ->
            throw new IllegalArgumentException(
                String.format(
                    "index_metadata.pickle: opcode 0x%02x at offset %d is not supported", op, at));
      }
      b.order(ByteOrder.LITTLE_ENDIAN);
    }
    throw new IllegalArgumentException("index_metadata.pickle: no STOP opcode (truncated file?)");
  }

  private static final Object NULL = new Object();

  private static Object unwrap(Object o) {
    return o == NULL ? null : o;
  }

  @SuppressWarnings("unchecked")
  private static Map<Object, Object> dict(Object o, int at) {
    if (!(o instanceof Map)) {
      throw new IllegalArgumentException(
          "index_metadata.pickle: SETITEM(S) at offset " + at + " without a dict");
    }
    return (Map<Object, Object>) o;
  }

  /** The memo as a list: pickles number their memo entries 0, 1, 2, ... */
  private static void memoPut(List<Object> memo, int i, Object value, int at) {
    if (i < 0 || i > memo.size() + 1_000_000) {
      throw new IllegalArgumentException(
          "index_metadata.pickle: memo index " + i + " at offset " + at + " is out of range");
    }
    while (memo.size() <= i) {
      memo.add(MISSING);
    }
    memo.set(i, value);
  }

  private static final Object MISSING = new Object();

  private static Object memoGet(List<Object> memo, int i, int at) {
    if (i < 0 || i >= memo.size() || memo.get(i) == MISSING) {
      throw new IllegalArgumentException(
          "index_metadata.pickle: memo " + i + " at offset " + at + " was never stored");
    }
    return memo.get(i);
  }

  private static String string(ByteBuffer b, int len, int at) {
    if (len < 0 || len > b.remaining()) {
      throw new IllegalArgumentException(
          "index_metadata.pickle: string at offset " + at + " runs past the end");
    }
    byte[] s = new byte[len];
    b.get(s);
    return new String(s, StandardCharsets.UTF_8);
  }

  private static long long1(ByteBuffer b, int at) {
    int n = b.get() & 0xff;
    if (n > 8) {
      throw new IllegalArgumentException(
          "index_metadata.pickle: integer of " + n + " bytes at offset " + at);
    }
    long v = 0;
    for (int i = 0; i < n; i++) {
      v |= (long) (b.get() & 0xff) << (8 * i);
    }
    if (n > 0 && n < 8 && (v & (1L << (8 * n - 1))) != 0) {
      v -= 1L << (8 * n);
    }
    return v;
  }
}
