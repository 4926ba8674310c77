package io.graft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.graft.numerics.DType;
import io.vavr.Tuple2;
import java.util.Random;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Collectives under a named {@code vmap} over random group sizes, example shapes, axes and data: equal to the
 * explicit reduction over the stacked examples (eager and under jit), and their rules obey the laws: the VJP of a
 * linear collective is its transpose ({@code <ct, f(t)> = <f^T(ct), t>}) and JVPs match central differences.
 */
class CollectivesProperties {
  enum Op { PSUM, PMEAN, PMAX, PMIN, ALL_GATHER, ALL_GATHER_TILED, PSUM_SCATTER, PSUM_SCATTER_TILED, AXIS_INDEX }

  /** A random case: group size n, per-example shape, and the collective's axis. */
  record Case(Op op, int n, int[] elem, int axis) {
    int[] batched() { int[] s = new int[elem.length + 1]; s[0] = n; System.arraycopy(elem, 0, s, 1, elem.length); return s; }

    /** The collective applied to one member's value. */
    Array apply(Array x) {
      return switch (op) {
        case PSUM -> Lax.psum(x, "g");
        case PMEAN -> Lax.pmean(x, "g");
        case PMAX -> Lax.pmax(x, "g");
        case PMIN -> Lax.pmin(x, "g");
        case ALL_GATHER -> Lax.allGather(x, "g", axis, false);
        case ALL_GATHER_TILED -> Lax.allGather(x, "g", axis, true);
        case PSUM_SCATTER -> Lax.psumScatter(x, "g", axis, false);
        case PSUM_SCATTER_TILED -> Lax.psumScatter(x, "g", axis, true);
        case AXIS_INDEX -> Lax.axisIndex("g").astype(DType.F64).add(x.sum().mul(0.0));
      };
    }

    /** The explicit result for every member, stacked: reductions over axis 0 of the stacked examples {@code xs}. */
    Array oracle(Array xs) {
      Array[] out = new Array[n];
      for (int m = 0; m < n; m++) {
        out[m] = switch (op) {
          case PSUM -> xs.sum(0);
          case PMEAN -> xs.sum(0).div((double) n);
          case PMAX -> xs.max(0);
          case PMIN -> xs.min(0);
          case ALL_GATHER -> xs.transpose(moveFront(elem.length + 1, axis));
          case ALL_GATHER_TILED -> Np.concatenate(axis, slices(xs));
          case PSUM_SCATTER -> Np.take(xs.sum(0), Array.of(new int[] {m}), axis).squeeze(axis);
          case PSUM_SCATTER_TILED -> {
            int k = elem[axis] / n;
            yield Np.take(xs.sum(0), Np.arange(m * k, (m + 1) * k), axis);
          }
          case AXIS_INDEX -> Array.scalar((double) m);
        };
      }
      return Np.stack(0, out);
    }

    /** The permutation moving axis 0 to {@code to}. */
    private static int[] moveFront(int rank, int to) {
      int[] perm = new int[rank];
      for (int i = 0, j = 1; i < rank; i++) perm[i] = i == to ? 0 : j++;
      return perm;
    }

    private Array[] slices(Array xs) {
      Array[] s = new Array[n];
      for (int b = 0; b < n; b++) s[b] = xs.get(b);
      return s;
    }
  }

  static Case draw(Random r, Op op, int n) {
    int rank = op == Op.PSUM_SCATTER || op == Op.PSUM_SCATTER_TILED || op == Op.ALL_GATHER_TILED ? 1 + r.nextInt(2) : r.nextInt(3);
    int[] elem = new int[rank];
    for (int i = 0; i < rank; i++) elem[i] = 1 + r.nextInt(3);
    int axis = switch (op) {
      case ALL_GATHER -> r.nextInt(rank + 1);
      case ALL_GATHER_TILED, PSUM_SCATTER, PSUM_SCATTER_TILED -> r.nextInt(rank);
      default -> 0;
    };
    if (op == Op.PSUM_SCATTER) elem[axis] = n;
    if (op == Op.PSUM_SCATTER_TILED) elem[axis] = n * (1 + r.nextInt(2));
    return new Case(op, n, elem, axis);
  }

  private static Array gaussian(Random r, int... shape) { return CollectivesTest.gaussian(r, shape); }

  @Property(tries = 120) void aNamedVmapEqualsTheExplicitReductionEagerAndUnderJit(@ForAll Op op, @ForAll @IntRange(min = 1, max = 5) int n,
                                                                                    @ForAll long seed) {
    Random r = new Random(seed);
    Case c = draw(r, op, n);
    Array xs = gaussian(r, c.batched());
    Function<Array, Array> f = Graft.vmap(c::apply, 0, 0, "g");
    Array want = c.oracle(xs);
    Array got = f.apply(xs);
    assertArrayEquals(want.shape(), got.shape(), c.toString());
    assertArrayEquals(want.toDoubleArray(), got.toDoubleArray(), 1e-12, c.toString());
    assertArrayEquals(want.toDoubleArray(), Graft.jit(f).apply(xs).toDoubleArray(), 1e-12, c.toString());
  }

  @Property(tries = 80) void theVjpOfALinearCollectiveIsItsTranspose(@ForAll @IntRange(min = 0, max = 5) int which,
                                                                     @ForAll @IntRange(min = 1, max = 4) int n, @ForAll long seed) {
    Op op = new Op[] {Op.PSUM, Op.PMEAN, Op.ALL_GATHER, Op.ALL_GATHER_TILED, Op.PSUM_SCATTER, Op.PSUM_SCATTER_TILED}[which];
    Random r = new Random(seed);
    Case c = draw(r, op, n);
    Function<Array, Array> f = Graft.vmap(c::apply, 0, 0, "g");
    Array x = gaussian(r, c.batched()), t = gaussian(r, c.batched());
    Tuple2<Array, Function<Array, Array>> vjp = Graft.vjp(f, x);
    Array ct = gaussian(r, vjp._1.shape());
    double lhs = ct.mul(f.apply(t)).sum().item().doubleValue();            // f is linear: f(t) is its Jacobian times t
    double rhs = vjp._2.apply(ct).mul(t).sum().item().doubleValue();
    assertEquals(lhs, rhs, 1e-10 * (1 + Math.abs(lhs)), c.toString());
  }

  @Property(tries = 60) void jvpsMatchCentralDifferences(@ForAll @IntRange(min = 0, max = 4) int which,
                                                         @ForAll @IntRange(min = 1, max = 4) int n, @ForAll long seed) {
    Op op = new Op[] {Op.PSUM, Op.PMAX, Op.PMIN, Op.ALL_GATHER_TILED, Op.PSUM_SCATTER}[which];
    Random r = new Random(seed);
    Case c = draw(r, op, n);
    Function<Array, Array> f = Graft.vmap((Array x) -> c.apply(x.sin().mul(x)), 0, 0, "g");   // nonlinear around the collective
    Array x = gaussian(r, c.batched()), t = gaussian(r, c.batched());
    double h = 1e-6;
    Array fd = f.apply(x.add(t.mul(h))).sub(f.apply(x.sub(t.mul(h)))).div(2 * h);
    assertArrayEquals(fd.toDoubleArray(), Graft.jvp(f, x, t)._2.toDoubleArray(), 1e-6, c.toString());
  }
  /**
   * The transpose rules proper (JAX's SPMD convention: member {@code b}'s cotangent is the derivative of the global
   * objective {@code sum_b' <ct_b', f(x)_b'>} with respect to {@code x_b}): a VJP taken inside the named map, one member
   * at a time, equals the VJP of the whole map, taken outside it, where the collectives are plain reductions.
   */
  @Property(tries = 80) void aVjpInsideTheNamedMapEqualsTheVjpOfTheMap(@ForAll @IntRange(min = 0, max = 5) int which,
                                                                       @ForAll @IntRange(min = 1, max = 4) int n, @ForAll long seed) {
    Op op = new Op[] {Op.PSUM, Op.PMEAN, Op.ALL_GATHER, Op.ALL_GATHER_TILED, Op.PSUM_SCATTER, Op.PSUM_SCATTER_TILED}[which];
    Random r = new Random(seed);
    Case c = draw(r, op, n);
    Function<Array, Array> g = x -> c.apply(x.sin().mul(x));
    Array x = gaussian(r, c.batched());
    Tuple2<Array, Function<Array, Array>> outer = Graft.vjp(Graft.vmap(g, 0, 0, "g"), x);
    Array ct = gaussian(r, outer._1.shape());
    Array inside = Graft.vmap((Array xb, Array ctb) -> Graft.vjp(g, xb)._2.apply(ctb), 0, 0, "g").apply(x, ct);
    assertArrayEquals(outer._2.apply(ct).toDoubleArray(), inside.toDoubleArray(), 1e-10, c.toString());
  }

  /** JVP rules proper: a JVP taken inside the named map equals the JVP of the whole map. */
  @Property(tries = 60) void aJvpInsideTheNamedMapEqualsTheJvpOfTheMap(@ForAll Op op, @ForAll @IntRange(min = 1, max = 4) int n,
                                                                      @ForAll long seed) {
    Random r = new Random(seed);
    Case c = draw(r, op, n);
    Function<Array, Array> g = x -> c.apply(x.sin().mul(x));
    Array x = gaussian(r, c.batched()), t = gaussian(r, c.batched());
    Array outside = Graft.jvp(Graft.vmap(g, 0, 0, "g"), x, t)._2;
    Array inside = Graft.vmap((Array xb, Array tb) -> Graft.jvp(g, xb, tb)._2, 0, 0, "g").apply(x, t);
    assertArrayEquals(outside.toDoubleArray(), inside.toDoubleArray(), 1e-10, c.toString());
  }
}
