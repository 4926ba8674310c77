package io.graft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.graft.numerics.DType;
import io.graft.trace.ops.Arith;
import io.graft.trace.prim.BinaryOp;
import io.graft.trace.prim.UnaryOp;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;

/**
 * The dtype-generic rules on 16-bit values: for every differentiable unary and binary op of the elementwise tables,
 * {@code jvp} and {@code grad} in bf16/f16 agree with the same transforms in f64 at the same (16-bit) points within a
 * 16-bit tolerance, and {@code vmap} equals applying the op to the whole array bit for bit.
 */
class HalfRuleProperties {
  @Provide Arbitrary<UnaryOp> unaryOps() {
    return Arbitraries.of(Arrays.stream(UnaryOp.values()).filter(op -> op.jvp().isDefined() && op.accepts(DType.F32)).toList());
  }

  @Provide Arbitrary<BinaryOp> binaryOps() {
    return Arbitraries.of(Arrays.stream(BinaryOp.values())
        .filter(op -> op.dx().isDefined() && op.dy().isDefined() && op.accepts(DType.F32) && op != BinaryOp.REM).toList());
  }

  @Provide Arbitrary<DType> halves() { return Arbitraries.of(DType.BF16, DType.F16); }

  /** A few 16-bit ulps (bf16 2^-8, f16 2^-11) for the handful of roundings a derivative rule makes. */
  private static double tolerance(DType d) { return d == DType.BF16 ? 0x1p-5 : 0x1p-8; }

  private static void close(Array want, Array got, DType d, String what) {
    assertEquals(d, got.dtype(), what + " dtype");
    double[] w = want.toDoubleArray(), g = got.toDoubleArray();
    for (int i = 0; i < w.length; i++)
      if (Math.abs(w[i] - g[i]) > tolerance(d) * (1 + Math.abs(w[i]))) fail(what + " element " + i + ": f64 " + w[i] + ", " + d + " " + g[i]);
  }

  /** Points inside every op's domain: (0.15, 0.85), shifted past 1 for acosh. */
  private static Array points(UnaryOp op, double u, DType d) {
    double s = op == UnaryOp.ACOSH ? 1.2 : 0;
    return Array.of(new double[] {s + u, s + 0.9 * u + 0.02, s + 0.85 - 0.5 * u}).astype(d);
  }

  @Property(tries = 150) void unaryRulesMatchF64(@ForAll("unaryOps") UnaryOp op, @ForAll("halves") DType d,
      @ForAll @DoubleRange(min = 0.15, max = 0.5) double u) {
    Array x = points(op, u, d), x64 = x.astype(DType.F64);
    ArrayFn f = v -> new Array(Arith.unary(op, v.value()));
    close(Graft.jvp(f, x64, Np.onesLike(x64))._2, Graft.jvp(f, x, Np.onesLike(x))._2, d, op + " jvp");
    close(Graft.grad((ArrayFn) v -> f.apply(v).sum()).apply(x64), Graft.grad((ArrayFn) v -> f.apply(v).sum()).apply(x), d, op + " grad");
    assertArrayEquals(f.apply(x).toHalfBits(), Graft.vmap(f).apply(x.reshape(3, 1)).reshape(3).toHalfBits(), op + " vmap");
  }

  @Property(tries = 150) void binaryRulesMatchF64(@ForAll("binaryOps") BinaryOp op, @ForAll("halves") DType d,
      @ForAll @DoubleRange(min = 0.15, max = 0.85) double u, @ForAll @DoubleRange(min = 0.15, max = 0.85) double v) {
    Array x = Array.of(new double[] {u, v, 0.5}).astype(d), y = Array.of(new double[] {v, 0.3, u}).astype(d);
    Array x64 = x.astype(DType.F64), y64 = y.astype(DType.F64);
    io.vavr.Function2<Array, Array, Array> f = (a, b) -> new Array(Arith.binary(op, a.value(), b.value())).sum();
    var g64 = Graft.grad(f, Argnums.ALL).apply(x64, y64);
    var g = Graft.grad(f, Argnums.ALL).apply(x, y);
    close(g64._1, g._1, d, op + " grad x");
    close(g64._2, g._2, d, op + " grad y");
    ArrayFn fx = a -> new Array(Arith.binary(op, a.value(), y.value()));
    close(Graft.jvp(fx, x64, Np.onesLike(x64))._2.astype(DType.F64), Graft.jvp(fx, x, Np.onesLike(x))._2, d, op + " jvp");
    io.vavr.Function2<Array, Array, Array> h = (a, b) -> new Array(Arith.binary(op, a.value(), b.value()));
    assertArrayEquals(h.apply(x, y).toHalfBits(), Graft.vmap(h, 0, 0).apply(x.reshape(3, 1), y.reshape(3, 1)).reshape(3).toHalfBits(), op + " vmap");
  }
}
