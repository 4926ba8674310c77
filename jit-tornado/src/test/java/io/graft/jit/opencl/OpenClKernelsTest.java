package io.graft.jit.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.jit.cpu.FusedKernels;
import io.graft.jit.kernel.Access;
import io.graft.jit.kernel.BinaryFn;
import io.graft.jit.kernel.Expr;
import io.graft.jit.kernel.Kernel;
import io.graft.jit.kernel.Reduction;
import io.graft.jit.kernel.UnaryFn;
import io.graft.numerics.DType;
import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.kernels.DotGeneral;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every kernel IR row, every reduction and both matmul kernels on OpenCL against the CPU backend on the same inputs,
 * on small fixed shapes. Tolerances: exactly rounded rows (arithmetic, comparisons, sqrt, floor, ...) must match bit
 * for bit; transcendentals within 8 ulps (the OpenCL spec allows 3-6, the CPU polynomials 1-2), pow and atan2 within
 * 20 (OpenCL: 16 and 6); sums and products within a few ulps of the sum of magnitudes (their order differs).
 */
class OpenClKernelsTest {
  private static final Shape S = Shape.of(7, 33);   // odd sizes: partial work-groups and tiles
  private static final Set<UnaryFn> EXACT_UNARY = Set.of(UnaryFn.NEG, UnaryFn.SQRT, UnaryFn.ABS, UnaryFn.FLOOR,
      UnaryFn.CEIL, UnaryFn.SQUARE, UnaryFn.RECIPROCAL, UnaryFn.RSQRT, UnaryFn.SIGN);
  private static final Set<UnaryFn> POSITIVE = Set.of(UnaryFn.LOG, UnaryFn.SQRT, UnaryFn.RSQRT, UnaryFn.LOG1P);

  private static NdArray onDevice(Kernel k, NdArray... in) {
    ClRuntime rt = OpenCl.runtime(ClTesting.device());
    List<ClBuffer> bufs = new ArrayList<>();
    for (NdArray x : in) bufs.add(rt.upload(x));
    return rt.download(ClKernels.apply(rt, k, bufs));
  }

  private static NdArray onCpu(Kernel k, NdArray... in) { return FusedKernels.compile(k).apply(in); }

  @Test void everyUnaryRowMatchesTheCpuBackend() {
    ClTesting.device();
    Random r = new Random(1);
    for (DType d : List.of(DType.F32, DType.F64)) {
      for (UnaryFn fn : UnaryFn.values()) {
        NdArray x = POSITIVE.contains(fn) ? ClTesting.uniform(r, d, S, 0.05, 4) : ClTesting.uniform(r, d, S, -3, 3);
        Kernel k = Kernel.elementwise(d, S, 1, new Expr.Unary(fn, new Expr.Input(0)));
        boolean exact = EXACT_UNARY.contains(fn);
        ClTesting.assertClose(fn + " " + d, onCpu(k, x), onDevice(k, x), exact ? 0 : 8, exact ? 0 : 1e-3);
      }
    }
  }

  @Test void everyBinaryRowMatchesTheCpuBackend() {
    ClTesting.device();
    Random r = new Random(2);
    for (DType d : List.of(DType.F32, DType.F64)) {
      for (BinaryFn fn : BinaryFn.values()) {
        boolean pow = fn == BinaryFn.POW;
        NdArray a = ClTesting.uniform(r, d, S, pow ? 0.1 : -3, 3), b = ClTesting.uniform(r, d, S, -3, 3);
        if (fn.compare().isPresent()) b = a.astype(d);   // equal operands exercise ==, <=, >=
        Kernel k = Kernel.elementwise(d, S, 2, new Expr.Binary(fn, new Expr.Input(0), new Expr.Input(1)));
        boolean approx = pow || fn == BinaryFn.ATAN2;
        ClTesting.assertClose(fn + " " + d, onCpu(k, a, b), onDevice(k, a, b), approx ? 20 : 0, approx ? 1e-3 : 0);
      }
    }
  }

  @Test void maxMinAndSelectKeepJavasNanAndSignedZeroRules() {
    ClTesting.device();
    NdArray a = NdArray.wrap(Shape.of(5), new float[] {Float.NaN, 1, -0f, 0f, 2});
    NdArray b = NdArray.wrap(Shape.of(5), new float[] {1, Float.NaN, 0f, -0f, -2});
    for (BinaryFn fn : List.of(BinaryFn.MAX, BinaryFn.MIN, BinaryFn.NE, BinaryFn.EQ)) {
      Kernel k = Kernel.elementwise(DType.F32, Shape.of(5), 2, new Expr.Binary(fn, new Expr.Input(0), new Expr.Input(1)));
      NdArray cpu = onCpu(k, a, b), cl = onDevice(k, a, b);
      for (int i = 0; i < 5; i++) {
        int want = Float.floatToRawIntBits(cpu.f32()[i]), got = Float.floatToRawIntBits(cl.f32()[i]);
        assertTrue(want == got || (Float.isNaN(cpu.f32()[i]) && Float.isNaN(cl.f32()[i])),
            fn + " element " + i + ": cpu " + cpu.f32()[i] + ", opencl " + cl.f32()[i]);
      }
    }
    Kernel sel = Kernel.elementwise(DType.F32, Shape.of(5), 2, new Expr.Select(new Expr.Input(0), new Expr.Input(1), new Expr.Constant(7)));
    ClTesting.assertClose("select (NaN counts as true)", onCpu(sel, a, b), onDevice(sel, a, b), 0, 0);
  }

  @Test void aFusedChainWithBroadcastTransposedReadsAndConversionsMatches() {
    ClTesting.device();
    Random r = new Random(3);
    Shape sp = Shape.of(5, 6, 7);
    NdArray x = ClTesting.uniform(r, DType.F32, sp, -2, 2);
    NdArray bias = ClTesting.uniform(r, DType.F32, Shape.of(7), -1, 1);
    NdArray t = ClTesting.uniform(r, DType.F32, Shape.of(7, 6, 5), -1, 1);   // read transposed
    NdArray m = ClTesting.uniform(r, DType.BOOL, sp, 0, 1);
    NdArray n = ClTesting.uniform(r, DType.I32, Shape.of(6, 1), -5, 5);
    List<Access> in = List.of(Access.contiguous(DType.F32, sp), Access.broadcast(DType.F32, Shape.of(7), Ints.of(2), sp),
        new Access(DType.F32, Ints.of(1, 5, 30)), Access.contiguous(DType.BOOL, sp),
        Access.broadcast(DType.I32, Shape.of(6, 1), Ints.of(1, 2), sp));
    Expr body = new Expr.Select(new Expr.Input(3),
        new Expr.Binary(BinaryFn.MUL, new Expr.Unary(UnaryFn.TANH, new Expr.Binary(BinaryFn.ADD, new Expr.Input(0), new Expr.Input(1))), new Expr.Input(2)),
        new Expr.Binary(BinaryFn.SUB, new Expr.Input(4), new Expr.Constant(0.1)));
    for (DType out : List.of(DType.F32, DType.F64, DType.I32, DType.I64, DType.BOOL)) {
      Kernel k = new Kernel(DType.F32, sp, in, body, Reduction.NONE, Ints.of(), out);
      boolean exactOut = out == DType.BOOL;   // ints truncate: an ulp near an integer may change them; checked as floats
      NdArray cpu = onCpu(k, x, bias, t, m, n), cl = onDevice(k, x, bias, t, m, n);
      if (out.isInteger()) {
        for (int i = 0; i < cpu.size(); i++)
          assertTrue(Math.abs(cpu.getDouble(i) - cl.getDouble(i)) <= 1, out + " element " + i);
      } else {
        // computed in f32 either way: compare in f32's ulps
        ClTesting.assertClose("chain -> " + out, cpu.astype(exactOut ? out : DType.F32),
            cl.astype(exactOut ? out : DType.F32), exactOut ? 0 : 8, exactOut ? 0 : 1e-3);
      }
    }
  }

  @Test void everyReductionOverEverySetOfAxesMatches() {
    ClTesting.device();
    Random r = new Random(4);
    Shape sp = Shape.of(3, 50, 6);
    for (DType d : List.of(DType.F32, DType.F64)) {
      NdArray x = ClTesting.uniform(r, d, sp, -2, 2), y = ClTesting.uniform(r, d, sp, -2, 2);
      for (Reduction red : List.of(Reduction.SUM, Reduction.MAX, Reduction.MIN)) {
        for (Ints axes : List.of(Ints.of(0), Ints.of(1), Ints.of(2), Ints.of(0, 2), Ints.of(1, 2), Ints.of(0, 1, 2))) {
          List<Access> in = List.of(Access.contiguous(d, sp), Access.contiguous(d, sp));
          Expr body = new Expr.Binary(BinaryFn.MUL, new Expr.Unary(UnaryFn.EXP, new Expr.Input(0)), new Expr.Input(1));
          Kernel k = new Kernel(d, sp, in, body, red, axes, d);
          NdArray cpu = onCpu(k, x, y), cl = onDevice(k, x, y);
          if (red != Reduction.SUM) {
            ClTesting.assertClose(red + " over " + axes + " " + d, cpu, cl, 8, 1e-3);
            continue;
          }
          // terms differ by a few ulps (exp) and are added in another order: bound by 16 eps * Σ|terms|
          NdArray mag = onCpu(new Kernel(d, sp, in, new Expr.Unary(UnaryFn.ABS, body), red, axes, d), x, y);
          double eps = d == DType.F32 ? Math.ulp(1f) : Math.ulp(1.0);
          for (int i = 0; i < cpu.size(); i++) {
            double err = Math.abs(cpu.getDouble(i) - cl.getDouble(i)), bound = 16 * eps * mag.getDouble(i);
            assertTrue(err <= bound, "sum over " + axes + " " + d + " element " + i + ": cpu " + cpu.getDouble(i)
                + ", opencl " + cl.getDouble(i) + ", error " + err + " > " + bound);
          }
        }
      }
      Kernel exact = new Kernel(d, sp, List.of(Access.contiguous(d, sp)), new Expr.Input(0), Reduction.MAX, Ints.of(1), d);
      ClTesting.assertClose("max is exact " + d, onCpu(exact, x), onDevice(exact, x), 0, 0);
    }
  }

  @Test void longReductionsWithFewResultsAreSplitAcrossWorkGroupsAndFinished() {
    ClDevice dev = ClTesting.device();
    Random r = new Random(6);
    for (Shape sp : List.of(Shape.of(2, 131072), Shape.of(3, 131080), Shape.of(70001))) {   // 16, 8 and no lanes
      Ints axes = Ints.of(sp.rank() - 1);
      OpenClC.Generated g = OpenClC.fused(new Kernel(DType.F32, sp, List.of(Access.contiguous(DType.F32, sp)),
          new Expr.Input(0), Reduction.SUM, axes, DType.F32), dev);
      assertTrue(g.finish() != null, "split in two stages: " + sp);
      int last = sp.dim(sp.rank() - 1), lanes = last % 16 == 0 ? 16 : last % 8 == 0 ? 8 : 0;
      assertEquals(lanes, OpenClC.lanes(new Kernel(DType.F32, sp, List.of(Access.contiguous(DType.F32, sp)),
          new Expr.Input(0), Reduction.SUM, axes, DType.F32)));
      assertEquals(lanes > 0, g.source().contains("vload" + lanes + "("),
          "a sum along a contiguous axis of a multiple of a vector width is vectorised, the widest that divides it: " + g.source());
      NdArray x = ClTesting.uniform(r, DType.F32, sp, -1, 1);
      x.f32()[sp.size() / 3] = 5;   // the max sits in a middle part
      for (Reduction red : List.of(Reduction.SUM, Reduction.MAX, Reduction.MIN)) {
        Kernel k = new Kernel(DType.F32, sp, List.of(Access.contiguous(DType.F32, sp)),
            new Expr.Unary(UnaryFn.SQUARE, new Expr.Input(0)), red, axes, DType.F32);
        NdArray cpu = onCpu(k, x), cl = onDevice(k, x);
        // f32 values folded in f64 either way: the sums agree to f32 rounding, max/min exactly
        ClTesting.assertClose(red + " over " + sp, cpu, cl, red == Reduction.SUM ? 1 : 0, 0);
      }
    }
  }

  /** Both product kernels (GPU tiles and CPU register blocks, chosen by the device type) run on any device. */
  @Test void tiledAndBlockedMatmulsMatchDotGeneral() {
    ClDevice dev = ClTesting.device();
    for (boolean cpu : new boolean[] {false, true}) {
      ClRuntime rt = OpenCl.runtime(dev);
      ClDevice as = new ClDevice(dev.id(), dev.platform(), dev.name(), dev.version(), dev.fp64(), dev.maxWorkGroup(),
          dev.localMemBytes(), cpu, dev.platformHandle(), dev.handle());
      Random r = new Random(5);
      for (DType d : List.of(DType.F32, DType.F64)) {
        productsMatchDotGeneral(rt, as, r, d, 19, 37, 21, (cpu ? "blocked " : "tiled ") + d);   // full blocks and edges
      }
    }
  }

  /**
   * A plain {@code m×k · k×n} product, {@code aᵀb} over a batch of 3 with {@code a} stored {@code [3, k, m]}, and
   * {@code a bᵀ} with {@code b} stored {@code [n, k]} (its rows gathered), each equal to {@code dot_general}; returns
   * the plain product's operands and result.
   */
  private static NdArray[] productsMatchDotGeneral(ClRuntime rt, ClDevice as, Random r, DType d, int m, int k, int n, String kind) {
    NdArray a = ClTesting.uniform(r, d, Shape.of(m, k), -1, 1), b = ClTesting.uniform(r, d, Shape.of(k, n), -1, 1);
    NdArray want = DotGeneral.apply(a, b, new int[] {1}, new int[] {0}, new int[0], new int[0]);
    NdArray got = product(rt, as, a, b, Shape.of(m, n), 1, m, n, k, 0, k, 1, 0, n, 1);
    ClTesting.assertClose("matmul " + kind, want, got, 64, 4);
    NdArray at = ClTesting.uniform(r, d, Shape.of(3, k, m), -1, 1), bb = ClTesting.uniform(r, d, Shape.of(3, k, n), -1, 1);
    NdArray want2 = DotGeneral.apply(at, bb, new int[] {1}, new int[] {1}, new int[] {0}, new int[] {0});
    NdArray got2 = product(rt, as, at, bb, Shape.of(3, m, n), 3, m, n, k, (long) k * m, 1, m, (long) k * n, n, 1);
    ClTesting.assertClose("batched transposed matmul " + kind, want2, got2, 64, 4);
    NdArray bt = ClTesting.uniform(r, d, Shape.of(n, k), -1, 1);
    NdArray want3 = DotGeneral.apply(a, bt, new int[] {1}, new int[] {1}, new int[0], new int[0]);
    NdArray got3 = product(rt, as, a, bt, Shape.of(m, n), 1, m, n, k, 0, k, 1, 0, 1, k);
    ClTesting.assertClose("matmul by a transpose " + kind, want3, got3, 64, 4);
    return new NdArray[] {a, b, got};
  }

  /** {@code dev} described as a CPU device (so products take the CPU kernels whatever its type). */
  private static ClDevice asCpu(ClDevice dev) {
    return new ClDevice(dev.id(), dev.platform(), dev.name(), dev.version(), dev.fp64(), dev.maxWorkGroup(),
        dev.localMemBytes(), true, dev.platformHandle(), dev.handle());
  }

  /**
   * Products large enough to pack their second operand (plain, batched with a transposed {@code a}, and by a
   * transpose, with edge blocks on both axes) equal {@code dot_general}, and equal the unpacked blocked kernel bit
   * for bit: both are one {@code fma} chain per element in order of {@code k}.
   */
  @Test void packedMatmulsMatchDotGeneralAndTheBlockedKernelBits() {
    ClDevice cpu = asCpu(ClTesting.device());
    ClRuntime rt = OpenCl.runtime(ClTesting.device());
    Random r = new Random(7);
    int m = 37, k = 1001, n = 70;   // 4 full row blocks and 5 rows, 2 full f32 panels and 6 columns
    assertTrue(OpenClMatmul.packs(m, n, k));
    for (DType d : List.of(DType.F32, DType.F64)) {
      NdArray[] plain = productsMatchDotGeneral(rt, cpu, r, d, m, k, n, "packed " + d);
      OpenClC.Generated blocked = OpenClMatmul.blockedMatmul(d, 1, m, n, k, 0, k, 1, 0, n, 1, cpu);
      assertTrue(blocked.pack() == null);
      NdArray same = rt.download(ClKernels.matmul(rt, blocked, rt.program(blocked.source()), rt.upload(plain[0]), rt.upload(plain[1]), Shape.of(m, n)));
      for (int i = 0; i < m * n; i++) assertEquals(same.getDouble(i), plain[2].getDouble(i), 0.0, "packed and blocked bits at " + i);
    }
  }

  /**
   * Products narrower than a vector (rows as lanes: {@code a} read by one vector load when its rows are contiguous,
   * else per lane; edge rows) equal {@code dot_general} and the blocked kernel's bits.
   */
  @Test void narrowMatmulsMatchDotGeneralAndTheBlockedKernelBits() {
    ClDevice cpu = asCpu(ClTesting.device());
    ClRuntime rt = OpenCl.runtime(ClTesting.device());
    Random r = new Random(8);
    for (DType d : List.of(DType.F32, DType.F64)) {
      int m = 37, k = 50, n = d == DType.F64 ? 5 : 10;
      NdArray a = ClTesting.uniform(r, d, Shape.of(m, k), -1, 1), b = ClTesting.uniform(r, d, Shape.of(k, n), -1, 1);
      NdArray want = DotGeneral.apply(a, b, new int[] {1}, new int[] {0}, new int[0], new int[0]);
      NdArray got = product(rt, cpu, a, b, Shape.of(m, n), 1, m, n, k, 0, k, 1, 0, n, 1);
      ClTesting.assertClose("narrow matmul " + d, want, got, 64, 4);
      OpenClC.Generated blocked = OpenClMatmul.blockedMatmul(d, 1, m, n, k, 0, k, 1, 0, n, 1, cpu);
      NdArray same = rt.download(ClKernels.matmul(rt, blocked, rt.program(blocked.source()), rt.upload(a), rt.upload(b), Shape.of(m, n)));
      for (int i = 0; i < m * n; i++) assertEquals(same.getDouble(i), got.getDouble(i), 0.0, "narrow and blocked bits at " + i);
      // a^T b over a batch of 2 with a stored [2, k, m]: rows contiguous, one vector load per k
      NdArray at = ClTesting.uniform(r, d, Shape.of(2, k, m), -1, 1), bb = ClTesting.uniform(r, d, Shape.of(2, k, n), -1, 1);
      NdArray want2 = DotGeneral.apply(at, bb, new int[] {1}, new int[] {1}, new int[] {0}, new int[] {0});
      NdArray got2 = product(rt, cpu, at, bb, Shape.of(2, m, n), 2, m, n, k, (long) k * m, 1, m, (long) k * n, n, 1);
      ClTesting.assertClose("narrow batched transposed matmul " + d, want2, got2, 64, 4);
    }
  }

  private static NdArray product(ClRuntime rt, ClDevice as, NdArray a, NdArray b, Shape out, int batch, int m, int n,
                                 int k, long aB, long aM, long aK, long bB, long bK, long bN) {
    OpenClC.Generated g = OpenClMatmul.matmul(a.dtype(), batch, m, n, k, aB, aM, aK, bB, bK, bN, as);
    return rt.download(ClKernels.matmul(rt, g, rt.program(g.source()), rt.upload(a), rt.upload(b), out));
  }

  @Test void f64OnADeviceWithoutFp64IsACompileTimeError() {
    ClDevice d = ClTesting.device();
    ClDevice no64 = new ClDevice(d.id(), d.platform(), d.name(), d.version(), false, d.maxWorkGroup(), d.localMemBytes(), d.cpu(),
        d.platformHandle(), d.handle());
    Kernel k = Kernel.elementwise(DType.F64, Shape.of(3), 1, new Expr.Input(0));
    var e = assertThrows(io.graft.numerics.DTypeError.class, () -> OpenClC.fused(k, no64));
    assertTrue(e.getMessage().contains("cl_khr_fp64"), e.getMessage());
  }
}
