package io.graft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Record components that are not arrays are static parts of the pytree (as Equinox modules' static fields). */
class StaticRecordComponentsTest {
  enum Act { RELU, IDENTITY }

  record Dense(Array w, Array b, double scale, String name, Act act, ArrayFn post, @StaticField Array mask) {
    Array apply(Array x) {
      Array y = x.matmul(w.mul(mask)).add(b).mul(scale);
      return post.apply(act == Act.RELU ? Np.maximum(y, 0.0) : y);
    }
  }

  private static final Array X = Array.of(new float[] {1, 2, -1, 0.5f}, 2, 2);
  private static final ArrayFn POST = y -> y.mul(2.0);
  private static final Array MASK = Array.of(new float[] {1, 0, 1, 1}, 2, 2);

  private static Dense layer(double scale, Act act) {
    return new Dense(Array.of(new float[] {0.5f, -1, 2, 1}, 2, 2), Array.of(new float[] {0.1f, 0.2f}), scale, "d1", act, POST, MASK);
  }

  @Test void gradReturnsTheRecordWithItsStaticsUnchanged() {
    Dense d = layer(0.5, Act.IDENTITY);
    Dense g = Graft.grad((Dense p) -> p.apply(X).sum()).apply(d);
    assertEquals(0.5, g.scale());
    assertEquals("d1", g.name());
    assertSame(POST, g.post());
    assertSame(MASK, g.mask());
    // y = 2 * 0.5 * (x (w*mask) + b): d/dw_ij = (column sum i of x) * mask_ij
    assertArrayEquals(new float[] {0, 0, 2.5f, 2.5f}, g.w().toFloatArray(), 1e-6f);
    assertArrayEquals(new float[] {2, 2}, g.b().toFloatArray(), 1e-6f);
  }

  @Test void jitKeysItsCacheOnStaticValuesByEquals() {
    AtomicInteger traces = new AtomicInteger();
    Jitted<Dense, Array> f = Graft.jit((Dense p) -> { traces.incrementAndGet(); return p.apply(X); });
    Array a = f.apply(layer(0.5, Act.RELU));
    f.apply(layer(0.5, Act.RELU));                  // equal statics: a hit
    assertEquals(1, traces.get());
    Array b = f.apply(layer(0.25, Act.RELU));        // another scale: traced again, and it is a constant in the graph
    Array c = f.apply(layer(0.5, Act.IDENTITY));
    assertEquals(3, traces.get());
    assertArrayEquals(layer(0.5, Act.RELU).apply(X).toFloatArray(), a.toFloatArray(), 1e-6f);
    assertArrayEquals(layer(0.25, Act.RELU).apply(X).toFloatArray(), b.toFloatArray(), 1e-6f);
    assertArrayEquals(layer(0.5, Act.IDENTITY).apply(X).toFloatArray(), c.toFloatArray(), 1e-6f);
  }

  @Test void vmapAndTreeMapPassStaticsThrough() {
    record Scaled(Array v, double k) {}
    Function<Scaled, Array> f = s -> s.v().mul(s.k());
    Array out = Graft.vmap(f).apply(new Scaled(Array.of(new float[] {1, 2, 3, 4}, 2, 2), 3.0));
    assertArrayEquals(new float[] {3, 6, 9, 12}, out.toFloatArray());
    Scaled m = Tree.map(new Scaled(Array.of(new float[] {1}), 2.0), a -> a.add(1.0));
    assertEquals(2.0, m.k());
    assertEquals(1, Tree.leaves(m).size());
  }
}
