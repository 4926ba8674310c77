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
    assertEquals(true, supported(rowCase(new Binary(BinaryFn.ADD, new Unary(UnaryFn.TANH, X), new Unary(UnaryFn.EXP, Y)), Reduction.NONE, Ints.of())),
        "transcendentals are copied into the loop, so several fit one loop");
    Expr many = new Unary(UnaryFn.EXP, X);
    for (int i = 0; i < VectorEmitter.MAX_TRANSCENDENTALS; i++) many = new Binary(BinaryFn.ADD, many, new Unary(UnaryFn.TANH, Y));
    assertEquals(false, supported(rowCase(many, Reduction.NONE, Ints.of())), "past MAX_TRANSCENDENTALS: the block evaluator");
    assertEquals(false, supported(rowCase(new Unary(UnaryFn.EXP, new Unary(UnaryFn.LOG1P, X)), Reduction.NONE, Ints.of())),
        "a chain of transcendentals is latency-bound in registers: the block evaluator");
    assertEquals(true, supported(rowCase(new Unary(UnaryFn.SIN, X), Reduction.NONE, Ints.of())), "one call C2 inlines itself");
    assertEquals(false, supported(rowCase(new Binary(BinaryFn.ADD, new Unary(UnaryFn.SIN, X), new Unary(UnaryFn.EXP, Y)), Reduction.NONE, Ints.of())),
        "sin branches, so it stays a call: with another transcendental, the block evaluator");
    assertEquals(false, supported(rowCase(new Binary(BinaryFn.POW, X, Y), Reduction.NONE, Ints.of())), "pow has no vector form");
    assertEquals(false, supported(rowCase(new Unary(UnaryFn.FLOOR, X), Reduction.NONE, Ints.of())), "floor has no vector form");
    var f64 = KernelCases.build(DType.F64, SPACE, List.of(contiguous(DType.F64, SPACE)), new Unary(UnaryFn.NEG, X), Reduction.NONE, Ints.of(), DType.F64, 1);
    assertEquals(false, supported(f64), "f32 only");
    var gather = KernelCases.build(F32, SPACE, List.of(transposed(F32, SPACE, new int[] {1, 0})), new Unary(UnaryFn.NEG, X), Reduction.NONE, Ints.of(), F32, 1);
    assertEquals(false, supported(gather), "strided rows are gathered by the scalar loop");
  }

  /** W2's body: {@code tanh(x)*y + exp(-x*x)}. */
  private static final Expr W2 = new Binary(BinaryFn.ADD, new Binary(BinaryFn.MUL, new Unary(UnaryFn.TANH, X), Y),
      new Unary(UnaryFn.EXP, new Unary(UnaryFn.NEG, new Binary(BinaryFn.MUL, X, X))));

  @Test void w2IsOneLoopCallingOnlyTheVectorApi() {
    assumeTrue(Simd.AVAILABLE, "the Vector API is absent in this JVM");
    Shape n = Shape.of(1 << 12);
    var k = new io.graft.jit.kernel.Kernel(F32, n, List.of(io.graft.jit.kernel.Access.contiguous(F32, n),
        io.graft.jit.kernel.Access.contiguous(F32, n)), W2, Reduction.SUM, Ints.of(0), F32);
    assertEquals(true, VectorEmitter.supports(k, LoopNest.of(k)));
    byte[] bytes = VectorEmitter.generate(k, LoopNest.of(k));
    var reduce = java.lang.classfile.ClassFile.of().parse(bytes).methods().stream()
        .filter(m -> m.methodName().equalsString("reduce")).findFirst().orElseThrow();
    var calls = reduce.code().orElseThrow().elementStream()
        .filter(e -> e instanceof java.lang.classfile.instruction.InvokeInstruction)
        .map(e -> ((java.lang.classfile.instruction.InvokeInstruction) e).owner().asInternalName())
        .filter(owner -> !owner.startsWith("jdk/incubator/vector/") && !owner.equals("java/lang/Math")
            && !owner.equals(FusedLoop.class.getName().replace('.', '/')))
        .toList();
    assertEquals(List.of(), calls, "the polynomials are inlined: no call into VectorMath is left");
    assertEquals(true, VectorEmitter.codeLength(bytes) < VectorEmitter.HUGE_METHOD, "C2 compiles the loop");
  }

  @Test void registerLoopFoldsGiveTheBlockEvaluatorsBits() {
    assumeTrue(Simd.AVAILABLE, "the Vector API is absent in this JVM");
    int n = 5000;
    Shape space = Shape.of(n);
    var k = new io.graft.jit.kernel.Kernel(F32, space, List.of(io.graft.jit.kernel.Access.contiguous(F32, space),
        io.graft.jit.kernel.Access.contiguous(F32, space)), W2, Reduction.SUM, Ints.of(0), F32);
    LoopNest nest = LoopNest.of(k);
    FusedLoop tail = BytecodeBackend.load(k);
    FusedLoop loop = VectorEmitter.load(k, nest, tail).orElseThrow();
    java.util.Random r = new java.util.Random(5);
    float[] x = new float[n], y = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (r.nextGaussian() * 3);
      y[i] = r.nextFloat() * 2 - 1;
    }
    Object[] in = {x, y};
    int[] base = {0, 0};
    RowEval blocks = new SimdF32(new SimdPlan(k, nest, tail), in);
    for (int[] range : new int[][] {{0, n}, {3, n - 1}, {0, 512}, {7, 530}, {1, 2}, {100, 100 + 1031}}) {
      double want = blocks.reduce(base, range[0], range[1]), got = loop.reduce(in, base, range[0], range[1]);
      assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(got), () -> java.util.Arrays.toString(range));
    }
    Checks.verify(rowCase(W2, Reduction.NONE, Ints.of()), true);   // elementwise: exactly the scalar definition
    Checks.verify(rowCase(W2, Reduction.SUM, Ints.of(1)), true);
  }

  @Test void twoCompilationsGiveTheSameBits() {
    assumeTrue(Simd.AVAILABLE, "the Vector API is absent in this JVM");
    var c = rowCase(new Binary(BinaryFn.MUL, new Unary(UnaryFn.TANH, X), new Binary(BinaryFn.SUB, Y, new Constant(0.25))), Reduction.SUM, Ints.of(1));
    float[] first = Checks.verify(c, true).f32();
    for (int run = 0; run < 5; run++) assertArrayEquals(first, FusedKernels.compileUncached(c.kernel(), true).apply(c.inputs()).f32());
  }

  /**
   * Kernels that differ only in their iteration space (Adam's update of a 784×256 kernel and of its 256 biases) share
   * one generated loop class, so the JIT compiles it once; a different body gets its own; each shares give right bits.
   */
  @Test void kernelsThatDifferOnlyInTheirSpaceShareOneLoopClass() {
    assumeTrue(Simd.AVAILABLE, "the Vector API is absent in this JVM");
    Expr body = new Binary(BinaryFn.ADD, new Binary(BinaryFn.MUL, X, new Constant(0.9)), Y);
    java.util.function.Function<Shape, io.graft.jit.kernel.Kernel> kernel = space -> new io.graft.jit.kernel.Kernel(F32, space,
        List.of(io.graft.jit.kernel.Access.contiguous(F32, space), io.graft.jit.kernel.Access.contiguous(F32, space)), body,
        Reduction.NONE, Ints.of(), F32);
    var big = kernel.apply(Shape.of(784, 256));
    var small = kernel.apply(Shape.of(256));
    FusedLoop a = VectorEmitter.load(big, LoopNest.of(big), BytecodeBackend.load(big)).orElseThrow();
    FusedLoop b = VectorEmitter.load(small, LoopNest.of(small), BytecodeBackend.load(small)).orElseThrow();
    assertEquals(a.getClass(), b.getClass(), "one class for both spaces");
    var other = new io.graft.jit.kernel.Kernel(F32, Shape.of(256), small.inputs(), new Binary(BinaryFn.SUB, X, Y),
        Reduction.NONE, Ints.of(), F32);
    FusedLoop c = VectorEmitter.load(other, LoopNest.of(other), BytecodeBackend.load(other)).orElseThrow();
    assertEquals(false, c.getClass() == a.getClass(), "another body, another class");
    float[] x = new float[256], y = new float[256], got = new float[256];
    for (int i = 0; i < 256; i++) { x[i] = i * 0.37f - 20; y[i] = 1f / (i + 1); }
    b.write(new Object[] {x, y}, new int[] {0, 0}, got, 0, 0, 256);
    for (int i = 0; i < 256; i++) assertEquals(Float.floatToRawIntBits((float) (x[i] * 0.9f) + y[i]), Float.floatToRawIntBits(got[i]), "at " + i);
  }
}
