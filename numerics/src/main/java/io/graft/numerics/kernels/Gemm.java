package io.graft.numerics.kernels;

import io.graft.numerics.Parallel;
import io.graft.numerics.Simd;
import java.util.Objects;

/**
 * General matrix multiply {@code C = A·B} ({@code C[i,j] = Σ_p A[i,p]·B[p,j]}) over f32, f64, i32 and i64: the one
 * tuned kernel that {@code dot_general} and {@code conv_general_dilated} reduce to.
 *
 * <p>A and B are strided views ({@link Operand}), so transposed operands cost nothing extra: the packing step
 * absorbs any strides. C is a row-major block ({@code C[i,j]} at {@code c[cOff + i*ldc + j]}) and is overwritten.
 * <pre>{@code
 * // C(2x2) = A(2x3) · B(3x2), all row-major
 * Gemm.multiply(2, 2, 3, Gemm.Operand.rowMajor(a, 3), Gemm.Operand.rowMajor(b, 2), c, 0, 2);
 * }</pre>
 *
 * <p><b>Paths.</b> {@code -Dgraft.gemm=auto} (the default) sends a f32/f64 product to OpenBLAS ({@link Blas}, when it
 * loads and the views have a unit row or column stride) by a fixed rule on the product's shape (package-private
 * {@code prefersBlas}), never by timing at run time: every product of at least {@link #BLAS_WORK} multiply-adds with
 * {@code m, n >= 4} and {@code k >= 8}; below that, or with fewer rows or columns, Graft's own loops run (OpenBLAS
 * does not switch to GEMV and loses there). One exception: a product whose B a {@link GemmPrepacked} scope keeps (a
 * jitted function's weights, a loop's constants) with at least 64 rows and more than one vector of columns runs on
 * Graft's packed kernel, which reuses the kept blocks where OpenBLAS packs B on every call (package-private
 * {@code keptForOwn}, measured there). Measured 2026-12-05 20:30 UTC on the quiet 2-core AVX-512 Xeon
 * (OpenBLAS variables unset, one JVM, best of 7 rounds, f32, µs per product, OpenBLAS / own, A·B, Aᵀ·B, A·Bᵀ):
 * 32×256×256 (an RNN step) 38-52 / 197-246; 128×256×784 (the 784-256-10 MLP at batch 128) 259-363 / 818-1119;
 * 784×256×128 (its kernel gradient) 198-216 / 336-565; 1820×32×144 82-113 / 293-516; 910×16×288 54-83 / 274-388;
 * 10×32×25088 346-453 / 802-1233; 41×64×6272 451-537 / 1405-2027; 3136×64×576 1131-1497 / 1963-3104;
 * 64×576×3136 1530-1814 / 5033-5732; 512³ 1202-1297 / 1839-2178: OpenBLAS on every shape, 1.4-5x. (Those
 * OpenBLAS figures split each product into two blocks per kernel thread; since 2026-12-06 a product whose blocks
 * would each re-pack a large operand has one per thread, see {@link Blas}: 256×256×784, W11's first layer at batch
 * 256, 456 instead of 531 µs; 128×256×784 247 instead of 294 µs.) An earlier rule
 * (until 2026-12-05) kept the skinny and tall products (one side below 256) on Graft's kernels because it was
 * measured under a load average of 8-10, where OpenBLAS's threads wait on each other whenever a core is taken
 * (128×256×784: 2.1-20 ms against 0.9-1.0 ms for Graft's kernels, whose tasks are claimed dynamically). On a
 * machine shared with other busy processes, {@code -Dgraft.gemm=own} keeps every product on Graft's kernels.
 * On the quiet 2-core AVX2 EPYC (2026-11-25, JMH {@code -f 1 -wi 3 -i 5 -w 1s -r 1s 'W1MatMul'}, f32 n×n, OpenBLAS /
 * own: n = 256 0.286 / 0.490, 1024 13.1 / 17.2, 2048 101 / 127) OpenBLAS won as well.
 * {@code -Dgraft.gemm=blas} sends every product BLAS can read to OpenBLAS, {@code -Dgraft.gemm=own} none. See {@link Blas}.
 * Graft's own kernels: small products (below {@link #SMALL_WORK} multiply-adds, or with fewer than 4 result rows or
 * columns) run direct loops with no packing. Larger floating-point products run the blocked driver
 * ({@link GemmDriver}): B is packed into KC×NC panels (the L3/L2 working set), A into MC×KC blocks (L2) of MR-row
 * micro-panels, and a register-blocked MR×NR micro-kernel keeps the accumulators in registers while it streams
 * one packed column panel of B from L1. The micro-kernel uses the Vector API with fused multiply-add when
 * {@link Simd#AVAILABLE} ({@link GemmSimd}), else a scalar 4×4 kernel ({@link GemmScalarF32}, {@link GemmScalarF64}). Work is split over
 * the kernel threads by row blocks (and column panels when there are few row blocks). f32 products at most one
 * vector wide ({@code n <= 16} with AVX-512) use an 8×(1 vector) micro-kernel instead of the 4×(2 vectors) one
 * (910×16×288: 0.37 ms against 0.69 ms, 2026-12-05). Integer products use
 * plain blocked loops ({@link GemmInt}); i32 wraps on overflow, as XLA does.
 */
public final class Gemm {
  /** Below this many multiply-adds ({@code m·n·k}) the direct loops beat packing. */
  public static final long SMALL_WORK = 8L * 8 * 8;
  /** Direct loops are split over threads above this many multiply-adds. */
  private static final long DIRECT_PARALLEL_WORK = 1L << 20;
  /**
   * Unpacked products of at least this many multiply-adds whose B rows are contiguous split B's columns over the
   * threads in blocks of {@link #COLUMN_BLOCK} (each element of a column block is computed as alone, so the bits do not
   * depend on the split): a batch-1 dense layer reads each weight once, and two cores read it from two caches.
   */
  private static final long COLUMN_SPLIT_WORK = Long.getLong("graft.gemvSplitWork", 1L << 16);
  private static final int COLUMN_BLOCK = 64;
  /**
   * Without the Vector API, from this many multiply-adds on (and with {@code m, n >= 4}, {@code k >= 8}),
   * {@link Path#AUTO} under {@code -Dgraft.gemm=auto} hands f32/f64 products to {@link Blas}. Measured 2026-11-25
   * (2-core EPYC, f32, one call at a time): OpenBLAS wins from about 8³ on (16³: 0.54 µs vs 0.9-1.9 µs here), but
   * loses below 4 rows or columns (1×1024·1024×1024: 405 µs vs 86 µs, it does not switch to GEMV) and for k ≤ 4
   * with B transposed.
   */
  public static final long BLAS_WORK = 16L * 16 * 16;
  /** Which products AUTO gives to BLAS: {@code -Dgraft.gemm=auto} (by {@link #BLAS_WORK}, the default), own (none), blas. */
  private static final Choice CHOICE = Choice.parse(System.getProperty("graft.gemm", "auto"));

  /** {@code -Dgraft.gemm}: the AUTO policy between OpenBLAS and Graft's own kernels. */
  private enum Choice {
    AUTO, BLAS, OWN;

    static Choice parse(String s) {
      for (Choice c : values()) if (c.name().equalsIgnoreCase(s)) return c;
      throw new IllegalArgumentException("gemm: -Dgraft.gemm=" + s + " is not one of auto, blas, own");
    }

    boolean prefersBlas(int m, int n, int k) {
      return switch (this) {
        case AUTO -> Gemm.prefersBlas(m, n, k);
        case BLAS -> true;
        case OWN -> false;
      };
    }
  }

  /**
   * The {@code -Dgraft.gemm=auto} rule (see the class doc): whether a {@code m×k · k×n} product goes to OpenBLAS,
   * with or without the Vector API in Graft's own kernels (OpenBLAS was faster on every shape measured).
   */
  static boolean prefersBlas(int m, int n, int k) {
    if (m < 4 || n < 4 || k < 8) return false;
    return (long) m * n * k >= BLAS_WORK;
  }

  /** Which implementation to run; {@link #AUTO} picks as described in the class doc (tests force the others). */
  public enum Path {
    /** Choose by {@code -Dgraft.gemm}, size, {@link Blas#AVAILABLE} and {@link Simd#AVAILABLE}. */
    AUTO,
    /** OpenBLAS (needs {@link Blas#AVAILABLE}, f32 or f64, and views BLAS can read: see {@link Blas}). */
    BLAS,
    /** Unpacked loops, scalar. */
    DIRECT_SCALAR,
    /** Unpacked loops with Vector API axpy/dot (needs {@link Simd#AVAILABLE}). */
    DIRECT_SIMD,
    /** Blocked and packed, scalar 4×4 micro-kernel. */
    PACKED_SCALAR,
    /** Blocked and packed, Vector API micro-kernel (needs {@link Simd#AVAILABLE}). */
    PACKED_SIMD
  }

  /**
   * A strided matrix view: element {@code (r, c)} is {@code store[offset + r*rowStride + c*colStride]}.
   *
   * @param store     a {@code float[]}, {@code double[]}, {@code int[]} or {@code long[]} (read, never written)
   * @param offset    index of element (0, 0)
   * @param rowStride distance between rows
   * @param colStride distance between columns
   */
  public record Operand(Object store, int offset, int rowStride, int colStride) implements GemmSource {
    /** Validates. */
    public Operand { Objects.requireNonNull(store, "store is null"); }

    /** A row-major matrix with {@code cols} columns starting at index 0. */
    public static Operand rowMajor(Object store, int cols) { return new Operand(store, 0, cols, 1); }

    /** The transposed view (rows and columns swapped, no copy). */
    public Operand transpose() { return new Operand(store, offset, colStride, rowStride); }
  }

  private Gemm() {}

  /** {@code C = A·B} with {@code A m×k}, {@code B k×n}; {@code C[i,j]} at {@code c[cOff + i*ldc + j]} is overwritten. */
  public static void multiply(int m, int n, int k, Operand a, Operand b, Object c, int cOff, int ldc) {
    multiply(Path.AUTO, m, n, k, a, b, c, cOff, ldc);
  }

  /**
   * {@link #multiply(int, int, int, Operand, Operand, Object, int, int)} into a block of {@code c} that holds only
   * zeros (a freshly allocated store), with the same result. OpenBLAS then runs {@code C = A·B + C} ({@code beta = 1}),
   * which skips the pass that zeroes C before the product ({@code beta = 0}); each element is still {@code 0 + Σ},
   * so the bits are the same. The JVM has zeroed a new array already: on the 2-core AVX-512 Xeon (2026-12-05,
   * OpenBLAS on one thread, caller CPU time, alternating in one JVM) a fresh n = 1024 result took 17.2 instead of
   * 17.6 ms (bundled OpenBLAS) and 16.5 instead of 16.9 ms (Debian's). Graft's own kernels overwrite C either way.
   */
  public static void multiplyIntoZeros(int m, int n, int k, Operand a, Operand b, Object c, int cOff, int ldc) {
    multiply(Path.AUTO, true, m, n, k, a, b, c, cOff, ldc);
  }

  /**
   * Whether {@link #multiply(int, int, int, Operand, Operand, Object, int, int)} hands this f32/f64 product to a BLAS
   * ({@link Blas}), which then runs it: the {@code -Dgraft.gemm} rule prefers BLAS for it and BLAS reads the views in
   * place. A {@link GemmAccumulate} bound to C is then claimed by that call.
   */
  static boolean runsOnBlas(int m, int n, int k, Operand a, Operand b, Object c, int cOff, int ldc) {
    return blasPreferred(m, n, k, b) && Blas.takes(m, n, k, a, b, c, cOff, ldc);
  }

  /** Whether the {@code -Dgraft.gemm} rule sends this product to a BLAS (which then runs it if it can read the views). */
  private static boolean blasPreferred(int m, int n, int k, Operand b) {
    return CHOICE.prefersBlas(m, n, k) && !(CHOICE == Choice.AUTO && keptForOwn(m, n, b));
  }

  /** {@link #multiply(int, int, int, Operand, Operand, Object, int, int)} on a chosen path (SIMD needs {@link Simd#AVAILABLE}). */
  public static void multiply(Path path, int m, int n, int k, Operand a, Operand b, Object c, int cOff, int ldc) {
    multiply(path, false, m, n, k, a, b, c, cOff, ldc);
  }

  /** The product on {@code path}; {@code zeros}: C's block holds only zeros (see {@link #multiplyIntoZeros}). */
  private static void multiply(Path path, boolean zeros, int m, int n, int k, Operand a, Operand b, Object c, int cOff,
                               int ldc) {
    if (m < 0 || n < 0 || k < 0) throw new IllegalArgumentException("gemm: negative size m=" + m + " n=" + n + " k=" + k);
    Class<?> t = c.getClass();
    if (t != float[].class && t != double[].class && t != int[].class && t != long[].class)
      throw new IllegalArgumentException("gemm: no kernel for a " + t.getSimpleName() + " result");
    if (a.store().getClass() != t || b.store().getClass() != t)
      throw new IllegalArgumentException("gemm: operands hold " + a.store().getClass().getSimpleName() + " and "
          + b.store().getClass().getSimpleName() + " but the result is " + t.getSimpleName() + "; use one dtype");
    if (m == 0 || n == 0) return;
    if (t == int[].class || t == long[].class) { GemmInt.multiply(m, n, k, a, b, c, cOff, ldc); return; }
    if (path == Path.AUTO && blasPreferred(m, n, k, b) && Blas.multiply(m, n, k, a, b, c, cOff, ldc, zeros)) return;
    Path p = path == Path.AUTO ? choose(m, n, k) : path;
    if ((p == Path.DIRECT_SIMD || p == Path.PACKED_SIMD) && !Simd.AVAILABLE)
      throw new IllegalStateException("gemm: path " + p + " needs the Vector API (Simd.AVAILABLE is false)");
    boolean f32 = c instanceof float[];
    switch (p) {
      case BLAS -> {
        if (!Blas.multiply(m, n, k, a, b, c, cOff, ldc, zeros))
          throw new IllegalStateException("gemm: path BLAS cannot run m=" + m + " n=" + n + " k=" + k + " with A " + a
              + " and B " + b + " (BLAS: " + Blas.STATUS + (f32 ? "" : "; OpenBLAS for f64: " + Blas.openBlasStatus()) + "; BLAS reads only views with a unit row or column "
              + "stride that lie inside their arrays); use Path.AUTO");
      }
      case DIRECT_SCALAR, DIRECT_SIMD -> direct(p == Path.DIRECT_SIMD, m, n, k, a, b, c, cOff, ldc);
      case PACKED_SCALAR -> GemmDriver.run(f32 ? GemmScalarF32.KERNEL : GemmScalarF64.KERNEL, m, n, k, a, b, c, cOff, ldc);
      case PACKED_SIMD -> GemmDriver.run(f32 ? (n <= GemmSimd.narrowColumns() ? GemmSimd.f32Narrow() : GemmSimd.f32())
          : GemmSimd.f64(), m, n, k, a, b, c, cOff, ldc);   // narrow: n within one vector (see GemmSimd.f32Narrow)
      case AUTO -> throw new AssertionError("AUTO is resolved above");
    }
  }

  /**
   * {@code C = A·B} on the blocked, packed path for f32/f64 operands that may be {@link GemmGathered} views (an
   * implicit-GEMM convolution); {@code c} is a {@code float[]} or {@code double[]} and the operands hold the same.
   * Forks over the kernel threads only when {@code mayFork}.
   */
  static void multiplyPacked(int m, int n, int k, GemmSource a, GemmSource b, Object c, int cOff, int ldc,
                             boolean mayFork) {
    if (m == 0 || n == 0) return;
    boolean f32 = c instanceof float[];
    GemmKernel kn = Simd.AVAILABLE
        ? (f32 ? (n <= GemmSimd.narrowColumns() ? GemmSimd.f32Narrow() : GemmSimd.f32()) : GemmSimd.f64())
        : (f32 ? GemmScalarF32.KERNEL : GemmScalarF64.KERNEL);
    GemmDriver.run(kn, m, n, k, a, b, c, cOff, ldc, mayFork);
  }

  /**
   * Whether the {@code -Dgraft.gemm=auto} rule gives a product whose B a {@link GemmPrepacked} scope keeps (a jitted
   * function's closed-over weights, a loop's constants) to Graft's own packed kernel instead of OpenBLAS: with the
   * Vector API, f32 (the f64 kernel was not measured against OpenBLAS), at least {@link #KEPT_ROWS} rows and more
   * columns than one vector. OpenBLAS packs B on every call; the
   * own kernel reuses the kept blocks and runs the product in one fork ({@code GemmDriver}). Measured 2026-12-06 on
   * the 2-core AVX-512 Xeon (OpenBLAS variables unset, one JVM, alternating, µs per product, OpenBLAS / own with B
   * kept): 32×256×256 (W9's step) 20.5 / 19.0; 64×64×576 30.5 / 30.2; 128×256×784 250 / 223-226; 256×256×784 (W11's
   * MLP at batch 256) 436-491 / 425-455; 512×256×784 802-823 / 804-832. W9's scan, whose loop keeps U for its
   * 32-row steps, ran 118-127 ms against 113-117 ms with its products on OpenBLAS (JMH, alternating), so fewer than 64
   * rows stay with the shape rule. Where f32 products go to oneDNN ({@link Blas#F32_LIBRARY}), kept products follow
   * the shape rule too: W11's MLP at batch 256 ran 2,270 / 2,187 calls/s with its 256×256×784 product on
   * {@code dnnl_sgemm} against 2,086 / 2,047 on the own kernel with B kept (JMH, alternating forks, 2026-12-06 18:10).
   */
  static boolean keptForOwn(int m, int n, Operand b) {
    return KEPT_OWN && Simd.AVAILABLE && !Blas.F32_LIBRARY.equals("oneDNN") && b.store() instanceof float[] && m >= KEPT_ROWS && n > GemmSimd.narrowColumns()
        && GemmPrepacked.forOperand(b) != null;
  }

  /** {@code -Dgraft.gemmKeptOwn=false} leaves kept products to the rule by shape (for before/after comparisons). */
  private static final boolean KEPT_OWN = !"false".equals(System.getProperty("graft.gemmKeptOwn"));

  /** The fewest rows {@link #keptForOwn} sends to the own kernel. */
  private static final int KEPT_ROWS = 64;

  private static Path choose(int m, int n, int k) {
    if ((long) m * n * k < SMALL_WORK || m < 4 || n < 4) return Simd.AVAILABLE ? Path.DIRECT_SIMD : Path.DIRECT_SCALAR;
    return Simd.AVAILABLE ? Path.PACKED_SIMD : Path.PACKED_SCALAR;
  }

  /**
   * Unpacked loops ({@link GemmDirectF32}, {@link GemmDirectF64}), parallel over rows when large: row-axpy order when B
   * rows are contiguous, dot order otherwise.
   */
  private static void direct(boolean simd, int m, int n, int k, Operand a, Operand b, Object c, int cOff, int ldc) {
    long work = (long) m * n * Math.max(k, 1);
    if (simd && c instanceof float[] cf && b.colStride() == 1 && b.rowStride() != 1 && work >= COLUMN_SPLIT_WORK
        && n >= 2 * COLUMN_BLOCK && Parallel.threads() > 1) {   // a few rows, many columns: the threads share B by columns
      int blocks = (n + COLUMN_BLOCK - 1) / COLUMN_BLOCK;
      Parallel.range(blocks, 1, (lo, hi) -> {
        int j0 = lo * COLUMN_BLOCK, j1 = Math.min(n, hi * COLUMN_BLOCK);
        Operand bj = new Operand(b.store(), b.offset() + j0, b.rowStride(), 1);
        GemmDirectF32.rows(0, m, j1 - j0, k, a, bj, cf, cOff + j0, ldc, true);
      });
      return;
    }
    int grain = work < DIRECT_PARALLEL_WORK ? m : Math.max(1, (int) (DIRECT_PARALLEL_WORK / ((long) n * Math.max(k, 1))));
    if (c instanceof float[] cf) Parallel.range(m, grain, (lo, hi) -> GemmDirectF32.rows(lo, hi, n, k, a, b, cf, cOff, ldc, simd));
    else Parallel.range(m, grain, (lo, hi) -> GemmDirectF64.rows(lo, hi, n, k, a, b, (double[]) c, cOff, ldc, simd));
  }
}
