package io.graft.jit.cpu;

import io.graft.jit.kernel.UnaryFn;
import io.graft.jit.kernel.Reduction;
import io.graft.jit.kernel.Expr;
import io.graft.jit.kernel.BinaryFn;
import static io.graft.jit.cpu.KernelCases.broadcast;
import static io.graft.jit.cpu.KernelCases.contiguous;
import static io.graft.jit.cpu.KernelCases.transposed;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.graft.numerics.DType;
import io.graft.numerics.Ints;
import io.graft.numerics.Shape;
import io.graft.numerics.Simd;
import io.graft.jit.kernel.Expr.Binary;
import io.graft.jit.kernel.Expr.Constant;
import io.graft.jit.kernel.Expr.Input;
import io.graft.jit.kernel.Expr.Select;
import io.graft.jit.kernel.Expr.Unary;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The register-level vector loops: which kernels get them, and that they agree with the reference on each operator. */
class VectorEmitterTest {
  private static final DType F32 = DType.F32;
  private static final Shape SPACE = Shape.of(37, 301);   // rows of 301: full vectors plus a scalar tail
  private static final Input X = new Input(0), Y = new Input(1);

  private static KernelCases.Case rowCase(Expr body, Reduction r, Ints axes) {
    return KernelCases.build(F32, SPACE, List.of(contiguous(F32, SPACE), broadcast(F32, SPACE, 1, 0)), body, r, axes, F32, 11);
  }

  private static boolean supported(KernelCases.Case c) { return VectorEmitter.supports(c.kernel(), LoopNest.of(c.kernel())); }

  @Test void everyVectorOperatorAgreesWithTheReference() {
    assumeTrue(Simd.AVAILABLE, "the Vector API is absent in this JVM");
    for (UnaryFn fn : UnaryFn.values()) {
      var c = rowCase(new Binary(BinaryFn.ADD, new Unary(fn, X), Y), Reduction.NONE, Ints.of());
      if (!supported(c)) continue;
      Checks.verify(c, true);
    }
    for (BinaryFn fn : BinaryFn.values()) {
      var c = rowCase(new Binary(fn, X, new Binary(BinaryFn.MUL, Y, new Constant(0.5))), Reduction.NONE, Ints.of());
      if (!supported(c)) continue;
      Checks.verify(c, true);
    }
    Checks.verify(rowCase(new Select(new Binary(BinaryFn.GT, X, Y), X, new Unary(UnaryFn.NEG, Y)), Reduction.NONE, Ints.of()), true);
  }

  @Test void rowFoldsAgreeWithTheReference() {
    assumeTrue(Simd.AVAILABLE, "the Vector API is absent in this JVM");
    Expr body = new Binary(BinaryFn.MAX, new Unary(UnaryFn.EXP, X), Y);
    for (Reduction r : List.of(Reduction.SUM, Reduction.MAX, Reduction.MIN)) {
      for (Ints axes : List.of(Ints.of(1), Ints.of(0, 1))) {
        var c = rowCase(body, r, axes);
        assertEquals(true, supported(c), c::toString);
        Checks.verify(c, true);
      }
    }
  }

  @Test void whichKernelsGetVectorLoops() {
    assertEquals(true, supported(rowCase(new Binary(BinaryFn.MAX, new Binary(BinaryFn.ADD, X, Y), new Constant(0)), Reduction.NONE, Ints.of())));
    assertEquals(false, supported(rowCase(new Binary(BinaryFn.ADD, new Unary(UnaryFn.TANH, X), new Unary(UnaryFn.EXP, Y)), Reduction.NONE, Ints.of())),
        "two transcendentals stay on the block evaluator");
    assertEquals(false, supported(rowCase(new Binary(BinaryFn.POW, X, Y), Reduction.NONE, Ints.of())), "pow has no vector form");
    assertEquals(false, supported(rowCase(new Unary(UnaryFn.FLOOR, X), Reduction.NONE, Ints.of())), "floor has no vector form");
    var f64 = KernelCases.build(DType.F64, SPACE, List.of(contiguous(DType.F64, SPACE)), new Unary(UnaryFn.NEG, X), Reduction.NONE, Ints.of(), DType.F64, 1);
    assertEquals(false, supported(f64), "f32 only");
    var gather = KernelCases.build(F32, SPACE, List.of(transposed(F32, SPACE, new int[] {1, 0})), new Unary(UnaryFn.NEG, X), Reduction.NONE, Ints.of(), F32, 1);
    assertEquals(false, supported(gather), "strided rows are gathered by the scalar loop");
  }

  @Test void twoCompilationsGiveTheSameBits() {
    assumeTrue(Simd.AVAILABLE, "the Vector API is absent in this JVM");
    var c = rowCase(new Binary(BinaryFn.MUL, new Unary(UnaryFn.TANH, X), new Binary(BinaryFn.SUB, Y, new Constant(0.25))), Reduction.SUM, Ints.of(1));
    float[] first = Checks.verify(c, true).f32();
    for (int run = 0; run < 5; run++) assertArrayEquals(first, FusedKernels.compileUncached(c.kernel(), true).apply(c.inputs()).f32());
  }
}
