package dev.ferry.expr;

import java.math.MathContext;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.apache.commons.jexl3.JexlArithmetic;
import org.apache.commons.jexl3.JexlBuilder;
import org.apache.commons.jexl3.JexlEngine;
import org.apache.commons.jexl3.JexlFeatures;
import org.apache.commons.jexl3.introspection.JexlPermissions;

/**
 * The one JEXL engine every {@link Expression} uses, configured as a sandbox: expressions only (no
 * scripts, loops, lambdas, local variables, pragmas, annotations or namespaces), no side effects,
 * no {@code new}, JEXL's {@link JexlPermissions#RESTRICTED RESTRICTED} permissions with {@code
 * getClass} also denied and {@code java.io}/{@code java.nio} closed, strict about undefined and
 * null variables, and map/set literals that keep their order.
 *
 * <pre>{@code
 * JexlExpression e = Sandbox.ENGINE.createExpression("a + 1");
 * }</pre>
 */
final class Sandbox {
  private Sandbox() {}

  static final JexlFeatures FEATURES =
      new JexlFeatures()
          .script(false)
          .sideEffect(false)
          .sideEffectGlobal(false)
          .newInstance(false)
          .loops(false)
          .lambda(false)
          .localVar(false)
          .pragma(false)
          .annotation(false)
          .namespacePragma(false)
          .importPragma(false)
          .register(false);

  static final JexlPermissions PERMISSIONS =
      JexlPermissions.RESTRICTED.compose(
          "java.lang { Object { getClass(); } String { getClass(); } }",
          "java.io {}",
          "java.nio {}");

  static final JexlEngine ENGINE =
      new JexlBuilder()
          .features(FEATURES)
          .permissions(PERMISSIONS)
          .arithmetic(new OrderedArithmetic(true, null, Integer.MIN_VALUE))
          .strict(true)
          .safe(false)
          .silent(false)
          .debug(false)
          .cache(256)
          .create();

  /** Strict JEXL arithmetic whose map and set literals keep the order they are written in. */
  static final class OrderedArithmetic extends JexlArithmetic {
    OrderedArithmetic(boolean strict, MathContext context, int scale) {
      super(strict, context, scale);
    }

    @Override
    protected JexlArithmetic createWithOptions(boolean strict, MathContext context, int scale) {
      return new OrderedArithmetic(strict, context, scale);
    }

    @Override
    public MapBuilder mapBuilder(int size, boolean extended) {
      return new MapBuilder() {
        private final Map<Object, Object> map = new LinkedHashMap<>();

        @Override
        public void put(Object key, Object value) {
          map.put(key, value);
        }

        @Override
        public Object create() {
          return map;
        }
      };
    }

    @Override
    public SetBuilder setBuilder(int size, boolean extended) {
      return new SetBuilder() {
        private final Set<Object> set = new LinkedHashSet<>();

        @Override
        public void add(Object value) {
          set.add(value);
        }

        @Override
        public Object create() {
          return set;
        }
      };
    }
  }
}
