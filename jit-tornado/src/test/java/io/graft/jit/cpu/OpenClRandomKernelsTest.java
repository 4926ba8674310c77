package io.graft.jit.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.graft.jit.kernel.BinaryFn;
import io.graft.jit.kernel.Expr;
import io.graft.jit.kernel.Reduction;
import io.graft.jit.kernel.UnaryFn;
import io.graft.jit.opencl.ClBuffer;
import io.graft.jit.opencl.ClKernels;
import io.graft.jit.opencl.ClRuntime;
import io.graft.jit.opencl.OpenCl;
import io.graft.numerics.DType;
import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random kernels (the shapes, strided and broadcast accesses, input dtypes, reductions and output conversions of
 * {@link FusedKernelsPropertyTest}, bodies over the exactly rounded ops) run on the first OpenCL device equal the CPU
 * jit's fused kernels: elementwise results and max/min folds bit for bit, sums within their summation bound (the
 * device folds in another order). Exactly rounded ops only ({@code +, -, *, /}, sqrt, floor, comparisons, selects...),
 * because the device's transcendentals are its own (each is checked within its ulps by {@code OpenClKernelsTest}).
 * Deterministic: cases are seeds {@code 0 .. N-1}, {@code N = -Dgraft.clKernelCases} (24 in CI, where each case is a
 * PoCL compile; 1,000 in the {@code long-properties} profile).
 */
class OpenClRandomKernelsTest {
  private static final UnaryFn[] UNARY = {UnaryFn.NEG, UnaryFn.SQRT, UnaryFn.ABS, UnaryFn.FLOOR, UnaryFn.CEIL,
      UnaryFn.SQUARE, UnaryFn.RECIPROCAL, UnaryFn.RSQRT, UnaryFn.SIGN};
  private static final BinaryFn[] BINARY = {BinaryFn.ADD, BinaryFn.SUB, BinaryFn.MUL, BinaryFn.DIV, BinaryFn.MAX,
      BinaryFn.MIN, BinaryFn.GT, BinaryFn.LT, BinaryFn.GE, BinaryFn.LE, BinaryFn.EQ, BinaryFn.NE};
  private static final int[] DIMS = {1, 2, 3, 5, 8, 17, 33};
  private static final double[] CONSTANTS = {-1.0, 0.0, 0.5, 2.0, 3.0};

  private static Expr expr(Random r, int depth, int inputs) {
    int pick = depth <= 1 ? 0 : r.nextInt(9);
    if (pick < 2) return r.nextInt(4) == 0 ? new Expr.Constant(CONSTANTS[r.nextInt(CONSTANTS.length)]) : new Expr.Input(r.nextInt(inputs));
    if (pick < 5) return new Expr.Unary(UNARY[r.nextInt(UNARY.length)], expr(r, depth - 1, inputs));
    if (pick < 8) return new Expr.Binary(BINARY[r.nextInt(BINARY.length)], expr(r, depth - 1, inputs), expr(r, depth - 1, inputs));
    return new Expr.Select(expr(r, depth - 1, inputs), expr(r, depth - 1, inputs), expr(r, depth - 1, inputs));
  }

  /** Case {@code seed}: a kernel over a random space of at most 20,000 elements, and its inputs. */
  static KernelCases.Case randomCase(long seed) {
    Random r = new Random(seed);
    DType dt = r.nextBoolean() ? DType.F32 : DType.F64;
    int[] dims;
    do {
      dims = new int[r.nextInt(4)];
      for (int a = 0; a < dims.length; a++) dims[a] = DIMS[r.nextInt(DIMS.length)];
    } while (Shape.of(dims).size() > 20_000);
    Shape space = Shape.of(dims);
    int inputs = 1 + r.nextInt(3);
    List<KernelCases.Layout> layouts = new ArrayList<>();
    for (int i = 0; i < inputs; i++) {
      DType d = r.nextInt(3) == 0 ? FusedKernelsPropertyTest.LOOP_DTYPES[r.nextInt(FusedKernelsPropertyTest.LOOP_DTYPES.length)] : dt;
      layouts.add(KernelCases.random(r, d, space));
    }
    Expr body = expr(r, 1 + r.nextInt(4), inputs);
    Reduction red = dims.length == 0 || r.nextBoolean() ? Reduction.NONE : Reduction.values()[1 + r.nextInt(3)];
    List<Integer> axes = new ArrayList<>();
    if (red != Reduction.NONE) {
      int mask = 1 + r.nextInt((1 << dims.length) - 1);
      for (int a = 0; a < dims.length; a++) if ((mask >> a & 1) != 0) axes.add(a);
    }
    DType out = red != Reduction.NONE ? dt : FusedKernelsPropertyTest.LOOP_DTYPES[r.nextInt(FusedKernelsPropertyTest.LOOP_DTYPES.length)];
    return KernelCases.build(dt, space, layouts, body, red, Ints.of(axes.stream().mapToInt(x -> x).toArray()), out, r.nextLong());
  }

  @Test void randomKernelsOnTheDeviceEqualTheCpuJit() {
    if (OpenCl.availability() instanceof OpenCl.Availability.Missing(var reason)) {
      System.err.println("SKIPPED (no OpenCL platform): " + reason);
      assumeTrue(false, "no OpenCL platform: " + reason);
    }
    ClRuntime rt = OpenCl.runtime(OpenCl.devices().get(0));
    assumeTrue(rt.device().fp64(), "the first OpenCL device has no cl_khr_fp64: " + rt.device());
    int cases = Integer.getInteger("graft.clKernelCases", 24);
    for (long seed = 0; seed < cases; seed++) {
      KernelCases.Case c = randomCase(seed);
      NdArray cpu = FusedKernels.compileUncached(c.kernel(), false).apply(c.inputs());
      List<ClBuffer> in = new ArrayList<>();
      for (NdArray x : c.inputs()) in.add(rt.upload(x));
      NdArray cl = rt.download(ClKernels.apply(rt, c.kernel(), in));
      String what = "case " + seed + ": " + c;
      assertEquals(cpu.shape(), cl.shape(), what);
      assertEquals(cpu.dtype(), cl.dtype(), what);
      Reduction red = c.kernel().reduction();
      NestRef.Result ref = red == Reduction.SUM ? NestRef.eval(c.kernel(), c.inputs()) : null;
      for (int o = 0; o < cpu.size(); o++) {
        double want = cpu.getDouble(o), got = cl.getDouble(o);
        if (red != Reduction.SUM || Double.isNaN(want) || Double.isInfinite(want)) {
          assertEquals(want, got, what + " element " + o);   // NaN equals NaN here; -0 and +0 differ
          continue;
        }
        double rounding = c.kernel().dtype() == DType.F32 ? 2 * Math.ulp((float) want) : 2 * Math.ulp(want);
        double bound = rounding + ref.count()[o] * 0x1p-50 * ref.absSum()[o];
        assertTrue(Math.abs(got - want) <= bound, what + " result " + o + ": cpu " + want + ", device " + got + " (bound " + bound + ")");
      }
    }
  }
}
