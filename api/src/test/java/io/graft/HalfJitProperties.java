package io.graft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.graft.numerics.DType;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * {@code Graft.jit(f) ≡ f} bit for bit on random bf16/f16 elementwise programs: chains of unary and binary ops,
 * weak literals, a broadcast operand, comparisons with select, and now and then a reduction or a transpose (which
 * end a fused loop). The jit fuses the 16-bit chains and rounds after every op as eager does, so no tolerance is
 * needed; NaNs must appear in the same places.
 */
class HalfJitProperties {
  /** One step of a program: {@code x -> op(x, y)} with {@code y} the broadcast row input. */
  private record Step(int op, double literal) {
    Array apply(Array x, Array y) {
      return switch (op) {
        case 0 -> x.add(y);
        case 1 -> x.sub(y);
        case 2 -> x.mul(y);
        case 3 -> x.div(y.abs().add(0.5));
        case 4 -> x.tanh();
        case 5 -> x.exp().mul(0.25);
        case 6 -> x.logistic();
        case 7 -> x.sin();
        case 8 -> x.abs().sqrt();
        case 9 -> x.mul(literal).add(-literal);
        case 10 -> Np.where(x.gt(y), x, y.neg());
        case 11 -> Np.maximum(x, y).sub(Np.minimum(x, y.mul(2)));
        case 12 -> x.square().sub(x.mean(0, 1));                   // a reduction ends a fused loop
        default -> x.transpose().reshape(x.shape()).add(x);         // data movement between loops
      };
    }
  }

  @Provide Arbitrary<List<Step>> programs() {
    return Arbitraries.integers().between(0, 13).flatMap(op -> Arbitraries.doubles().between(-3, 3).map(l -> new Step(op, l)))
        .list().ofMinSize(1).ofMaxSize(12);
  }

  @Provide Arbitrary<DType> halves() { return Arbitraries.of(DType.BF16, DType.F16); }

  @Property(tries = 60)
  void jitEqualsEagerBitForBit(@ForAll("programs") List<Step> program, @ForAll("halves") DType d,
      @ForAll @IntRange(min = 1, max = 9) int n, @ForAll @IntRange(min = 0, max = 999) int seed) {
    Random r = new Random(seed);
    float[] xv = new float[n * n], yv = new float[n];
    for (int i = 0; i < xv.length; i++) xv[i] = (float) (r.nextGaussian() * 2);
    for (int i = 0; i < yv.length; i++) yv[i] = (float) r.nextGaussian();
    Array x = Array.of(xv, n, n).astype(d), y = Array.of(yv).astype(d);
    io.vavr.Function2<Array, Array, Array> f = (a, b) -> {
      for (Step s : program) a = s.apply(a, b);
      return a;
    };
    Array eager = f.apply(x, y), jitted = Graft.jit(f).apply(x, y);
    assertEquals(d, jitted.dtype());
    assertArrayEquals(eager.toDoubleArray(), jitted.toDoubleArray(), 0, () -> program + " in " + d);
  }
}
