package io.graft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.vavr.Tuple2;
import java.util.Random;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * {@code pmap} over 2 and 4 local CPU devices equals the named {@code vmap} for every collective, on random shapes,
 * axes and data ({@link CollectivesProperties.Case}), and so does a VJP taken inside it.
 */
class PmapProperties {
  private static int devices(int which) { return which == 0 ? 2 : 4; }

  @Property(tries = 60) void pmapEqualsTheNamedVmapForEveryCollective(@ForAll CollectivesProperties.Op op,
                                                                      @ForAll @IntRange(min = 0, max = 1) int which, @ForAll long seed) {
    int n = devices(which);
    Random r = new Random(seed);
    CollectivesProperties.Case c = CollectivesProperties.draw(r, op, n);
    Array xs = CollectivesTest.gaussian(r, c.batched());
    Array want = Graft.vmap(c::apply, 0, 0, "g").apply(xs);
    Array got = PmapTest.withCpuDevices(n, () -> Graft.pmap(c::apply, "g").apply(xs));
    assertArrayEquals(want.shape(), got.shape(), c.toString());
    assertArrayEquals(want.toDoubleArray(), got.toDoubleArray(), 1e-12, c.toString());
  }

  @Property(tries = 40) void aVjpInsidePmapEqualsTheVjpInsideTheNamedVmap(@ForAll @IntRange(min = 0, max = 5) int kind,
                                                                        @ForAll @IntRange(min = 0, max = 1) int which, @ForAll long seed) {
    CollectivesProperties.Op op = new CollectivesProperties.Op[] {CollectivesProperties.Op.PSUM, CollectivesProperties.Op.PMEAN,
        CollectivesProperties.Op.ALL_GATHER, CollectivesProperties.Op.ALL_GATHER_TILED, CollectivesProperties.Op.PSUM_SCATTER,
        CollectivesProperties.Op.PSUM_SCATTER_TILED}[kind];
    int n = devices(which);
    Random r = new Random(seed);
    CollectivesProperties.Case c = CollectivesProperties.draw(r, op, n);
    Function<Array, Array> g = x -> c.apply(x.sin().mul(x));
    Array x = CollectivesTest.gaussian(r, c.batched());
    Array ct = CollectivesTest.gaussian(r, Graft.vmap(g, 0, 0, "g").apply(x).shape());
    Function<Tuple2<Array, Array>, Array> vjp = t -> Graft.vjp(g, t._1)._2.apply(t._2);
    Array want = Graft.vmap(vjp, AxisSpec.of(0), AxisSpec.of(0), "g").apply(io.vavr.Tuple.of(x, ct));
    Array got = PmapTest.withCpuDevices(n, () -> Graft.pmap(vjp, "g").apply(io.vavr.Tuple.of(x, ct)));
    assertArrayEquals(want.toDoubleArray(), got.toDoubleArray(), 1e-12, c.toString());
  }
}
