package io.graft.numerics.kernels;

import io.graft.numerics.Parallel;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import org.bytedeco.javacpp.Loader;

/**
 * {@code C = A·B} for f32 and f64 through OpenBLAS ({@code cblas_sgemm}, {@code cblas_dgemm}; f32 through oneDNN's
 * {@code dnnl_sgemm} instead where oneDNN loads, {@link #SGEMM_PROPERTY}): {@link Gemm}'s
 * {@link Gemm.Path#BLAS}, and its AUTO path under {@code -Dgraft.gemm=auto} for the product classes {@link Gemm} names (small, bulk).
 * <pre>{@code
 * // C(2x2) = A(2x3) · B(3x2); false means "not handled here: run Graft's own kernels"
 * boolean done = Blas.multiply(2, 2, 3, Gemm.Operand.rowMajor(a, 3), Gemm.Operand.rowMajor(b, 2), c, 0, 2);
 * }</pre>
 *
 * <p><b>Views.</b> An operand with unit column stride is passed as {@code NoTrans} with leading dimension
 * {@code rowStride}; one with unit row stride as {@code Trans} with leading dimension {@code colStride}. Any other
 * view (broadcast or negative strides, leading dimension too small) is declined, as are int and long stores, and
 * views that reach outside their array (native code must never read out of bounds; Graft's kernels then throw).
 *
 * <p><b>No copies.</b> The Java arrays go to OpenBLAS in place: the downcalls are linked with
 * {@link Linker.Option#critical(boolean) critical(true)}, which passes heap segments without copying. The price
 * is that the calling thread does not reach a safepoint while OpenBLAS runs, so a garbage collection requested
 * meanwhile waits for the product (about 95 ms at n = 2048 on the 2-core reference machine). JavaCPP's own
 * {@code float[]} overloads copy every array in and out ({@code Get/Release<T>ArrayElements}); measured on
 * 2026-11-25 at n = 1024 they took 18.8 ms per product against 13.3 ms with the critical downcall.
 *
 * <p><b>Loading.</b> Natives ship for linux-x86_64: oneDNN's inside {@code org.bytedeco:dnnl} ({@link Dnnl}), OpenBLAS's
 * inside {@code org.bytedeco:openblas} (classifier {@code linux-x86_64}); JavaCPP extracts them to its cache
 * ({@code ~/.javacpp/cache}, or {@code -Dorg.bytedeco.javacpp.cachedir=DIR}). This class loads only the library of the
 * f32 products when it initialises, on the first large product; OpenBLAS, where oneDNN runs the f32 products, loads
 * with the first f64 product ({@link OpenBlas}): a fresh JVM that multiplies only f32 saves the ~0.15 s of loading it.
 * On any other platform, on a load failure, or with {@code -Dgraft.blas=false}, {@link #AVAILABLE} is false, one line
 * on the {@link System.Logger} named after this class says why, and Graft's own kernels run everything. So does a JVM
 * started without {@code --enable-native-access=ALL-UNNAMED} (on the class path) or
 * {@code --enable-native-access=io.graft.numerics,org.bytedeco.javacpp} (on the module path, where this module makes
 * the downcalls and JavaCPP's loads the library): {@link Module#isNativeAccessEnabled()} is checked for both modules
 * before the first restricted call, and a {@code WARNING} names the flag instead of the JDK's restricted-method
 * warning. OpenBLAS gets {@link Parallel#globalThreads()} threads. {@code -Dgraft.blas.library=PATH} ({@link #LIBRARY_PROPERTY})
 * loads another OpenBLAS build instead, e.g. the distribution's: on the 2-core AVX-512 Xeon (2026-12-05, both on their
 * {@code SkylakeX} kernel, one thread, caller-thread CPU time, rounds alternating in one JVM) Debian's 0.3.21 took
 * 16.2-17.4 ms per n = 1024 product against 16.9-18.6 ms for the bundled 0.3.31 (4-7 % less), the build NumPy uses.
 *
 * <p><b>Why it is not the default.</b> OpenBLAS's level-3 threads wait on each other inside a product; when the
 * cores are shared (other processes, or Graft's own kernel pool between products) a descheduled worker stalls the
 * product. On the 2-core AVX2 EPYC (2026-11-25) it beat Graft's GEMM 2.1-2.3× at n = 256 and 1024 and 1.7× at
 * n = 2048 while the cores were idle, but under a load average of 6-9 it fell to 17-39 ms at n = 256 (Graft:
 * 0.63-0.86 ms) and made the eager W3 step 2-5× slower; see {@link Gemm} for the numbers and the switch.
 */
@SuppressWarnings("restricted")     // the downcalls are the point; native access is checked at run time (see the static block)
public final class Blas {
  /**
   * True when a BLAS runs the products handed to {@link #multiply}: oneDNN's {@code dnnl_sgemm} the f32 ones (OpenBLAS
   * then loads with the first f64 product, {@link #openBlasStatus()}), or OpenBLAS both.
   */
  public static final boolean AVAILABLE;
  /** Why no BLAS runs the products ({@code "loaded"} when one does). */
  public static final String STATUS;
  /**
   * {@code -Dgraft.blas.library=PATH}: an OpenBLAS shared library (with {@code cblas_sgemm}, {@code cblas_dgemm} and
   * {@code openblas_set_num_threads}, e.g. Debian's {@code /usr/lib/x86_64-linux-gnu/libopenblas.so.0}) to load
   * instead of the bundled one. Unset (the default): the bundled OpenBLAS.
   */
  public static final String LIBRARY_PROPERTY = "graft.blas.library";

  private static final int ROW_MAJOR = 101, NO_TRANS = 111, TRANS = 112;
  private static final System.Logger LOG = System.getLogger(Blas.class.getName());
  /**
   * {@code -Dgraft.sgemm=dnnl|openblas}: the library that runs the f32 products handed to BLAS. {@code dnnl} (the
   * default where oneDNN loads, {@link Dnnl}): oneDNN's {@code dnnl_sgemm}, 11-35 % faster than OpenBLAS 0.3.31 on
   * one thread for the products of W1, W3, W10 and W11 (2-core AVX-512 Xeon, 2026-12-06: 128×256×784 165 against
   * 255 µs, 128×1024×784 1.53 against 1.93 ms, 512×1024×1024 7.2 against 8.5 ms). f64 products stay on OpenBLAS.
   */
  public static final String SGEMM_PROPERTY = "graft.sgemm";
  /** oneDNN's {@code dnnl_sgemm} when it runs the f32 products, else null (OpenBLAS's {@code cblas_sgemm}). */
  private static final MethodHandle DNNL_SGEMM;
  /** The library that runs f32 products: {@code "oneDNN"} or {@code "OpenBLAS"} (empty when neither is used). */
  public static final String F32_LIBRARY;
  /** Why OpenBLAS is not used when the JVM runs without native access for Graft's module. */
  static final String NATIVE_ACCESS_OFF = "native access is not enabled for " + Blas.class.getModule() + " and "
      + Loader.class.getModule() + " (the JDK would otherwise warn on the first restricted call); start java with "
      + "--enable-native-access=" + NativeLibraries.nativeAccessFlag() + " (in Maven: the surefire and exec argLine) to use OpenBLAS";

  /** Whether {@code -Dgraft.blas} and native access let Graft call a BLAS at all (checked before any restricted call). */
  private static final boolean ENABLED;

  static {
    boolean off = "false".equals(System.getProperty("graft.blas"));
    ENABLED = !off && Blas.class.getModule().isNativeAccessEnabled() && Loader.class.getModule().isNativeAccessEnabled();
    String sgemm = System.getProperty(SGEMM_PROPERTY, "dnnl");
    if (!sgemm.equals("dnnl") && !sgemm.equals("openblas"))
      throw new IllegalArgumentException("-D" + SGEMM_PROPERTY + "=" + sgemm + ": expected dnnl or openblas");
    DNNL_SGEMM = ENABLED && sgemm.equals("dnnl") ? Dnnl.sgemm() : null;
    boolean openBlas = ENABLED && DNNL_SGEMM == null && OpenBlas.AVAILABLE;   // loads OpenBLAS only when it runs f32 too
    AVAILABLE = DNNL_SGEMM != null || openBlas;
    STATUS = off ? "disabled by -Dgraft.blas=false" : !ENABLED ? NATIVE_ACCESS_OFF : AVAILABLE ? "loaded" : OpenBlas.STATUS;
    F32_LIBRARY = DNNL_SGEMM != null ? "oneDNN" : openBlas ? "OpenBLAS" : "";
    if (!AVAILABLE) LOG.log(STATUS == NATIVE_ACCESS_OFF ? System.Logger.Level.WARNING : System.Logger.Level.INFO,
        "Graft gemm: no BLAS, Graft''s own kernels run every product: {0}", STATUS);
  }

  private Blas() {}

  /**
   * The OpenBLAS file whose symbols Graft calls ({@link #LIBRARY_PROPERTY}'s, or JavaCPP's JNI library for the bundled
   * build, whose dependency {@code libopenblas_nolapack} holds them); empty when OpenBLAS is off or fails to load.
   * Loads OpenBLAS if no product has yet.
   */
  public static String openBlasLibrary() { return ENABLED ? OpenBlas.LIBRARY : ""; }

  /** Why OpenBLAS does not run the f64 products ({@code "loaded"} when it does); loads it if no product has yet. */
  public static String openBlasStatus() { return ENABLED ? OpenBlas.STATUS : STATUS; }

  /**
   * {@code C = A·B} with {@code A m×k}, {@code B k×n}, {@code C[i,j]} at {@code c[cOff + i*ldc + j]} overwritten,
   * when OpenBLAS is available and can take these views (see the class doc); returns false, touching nothing,
   * otherwise. Sizes are non-negative and the stores of one type (as {@link Gemm#multiply} checks).
   */
  public static boolean multiply(int m, int n, int k, Gemm.Operand a, Gemm.Operand b, Object c, int cOff, int ldc) {
    return multiply(m, n, k, a, b, c, cOff, ldc, false);
  }

  /**
   * {@link #multiply(int, int, int, Gemm.Operand, Gemm.Operand, Object, int, int)}; when {@code zeros}, C's block
   * holds only zeros and OpenBLAS adds the product to it ({@code beta = 1}: no pass zeroing C first, the same bits).
   */
  public static boolean multiply(int m, int n, int k, Gemm.Operand a, Gemm.Operand b, Object c, int cOff, int ldc,
                                 boolean zeros) {
    if (!takes(m, n, k, a, b, c, cOff, ldc)) return false;
    boolean dnnl = c instanceof float[] && DNNL_SGEMM != null;
    View va = View.of(a, m, k), vb = View.of(b, k, n);
    int ldC = leading(m, n, ldc, 1);
    if (m == 0 || n == 0) return true;
    GemmAccumulate acc = zeros ? null : GemmAccumulate.claim(c, cOff, ldc, m, n, k);   // C = X ± s·A·B: β = 1
    double alpha = acc == null ? 1 : acc.alpha(), beta = acc != null || zeros ? 1 : 0;
    int t = Parallel.threads();
    long work = (long) m * n * k;
    boolean rows = splitsRows(m, n);
    int extent = rows ? m : n, blocks = splitBlocks(m, n, k, t);
    View[] parts = t > 1 && blocks > 1 && work >= SPLIT_MIN_WORK && work < SPLIT_MAX_WORK ? new View[blocks] : null;
    for (int p = 0; parts != null && p < blocks; p++) {
      int from = block(extent, blocks, p), to = block(extent, blocks, p + 1);
      parts[p] = rows ? View.of(shift(a, from, true), to - from, k) : View.of(shift(b, from, false), k, to - from);
      if (parts[p] == null) parts = null;      // not expected (a block of a readable view is readable): one call
    }
    if (parts != null) {
      View[] ps = parts;
      if (!dnnl) OpenBlas.threads(1);
      Parallel.chunks(blocks, blocks, (lo, hi) -> {
        for (int p = lo; p < hi; p++) {
          int from = block(extent, blocks, p), to = block(extent, blocks, p + 1);
          if (rows) call(to - from, n, k, ps[p], vb, c, cOff + from * ldC, ldC, alpha, beta, 1);
          else call(m, to - from, k, va, ps[p], c, cOff + from, ldC, alpha, beta, 1);
        }
      });
      return true;
    }
    if (!dnnl && work >= SPLIT_MIN_WORK) OpenBlas.threads(t);   // below it OpenBLAS runs on the calling thread whatever its setting
    call(m, n, k, va, vb, c, cOff, ldC, alpha, beta, work >= SPLIT_MIN_WORK && m >= DNNL_THREADS_MIN && n >= DNNL_THREADS_MIN ? t : 1);
    return true;
  }

  /**
   * Whether {@link #multiply} runs this product (returns true): a BLAS is loaded for C's dtype and reads both operands
   * and C in place.
   */
  static boolean takes(int m, int n, int k, Gemm.Operand a, Gemm.Operand b, Object c, int cOff, int ldc) {
    boolean dnnl = c instanceof float[] && DNNL_SGEMM != null;
    if (!AVAILABLE || !(c instanceof float[] || c instanceof double[]) || !dnnl && !OpenBlas.AVAILABLE) return false;
    View va = View.of(a, m, k), vb = View.of(b, k, n);
    int ldC = leading(m, n, ldc, 1);
    return va != null && vb != null && ldC >= 0 && fits(cOff, m, n, ldC, java.lang.reflect.Array.getLength(c));
  }

  /**
   * Products of at least this many multiply-adds and below {@link #SPLIT_MAX_WORK} run as single-threaded OpenBLAS
   * calls on blocks of rows (or columns) of C (up to {@link #SPLIT_BLOCKS_PER_THREAD} per kernel thread: {@link #splitBlocks}), on Graft's
   * {@code Parallel} team; OpenBLAS's own
   * threads stay asleep. Its worker threads and Graft's would otherwise take turns on the same cores: waking an idle
   * thread costs about 100 µs on this workplace's 2-vCPU virtual machines, and a sleeping OpenBLAS worker is woken for
   * every product. Measured 2026-12-05 (quiet 2-core AVX-512 Xeon, W10's jitted Adam step, 784-256-10 MLP at batch
   * 128: five products of 0.3-25.7 M multiply-adds): with OpenBLAS's threads the products took 1.7-2.2 ms per step,
   * with one thread 1.0 ms.
   */
  static final long SPLIT_MIN_WORK = 1L << 18;
  /**
   * From this many multiply-adds on ({@code -Dgraft.blasSplitMax}), OpenBLAS runs the product on its own threads,
   * packing B once for all of them: W1 (JMH, 2026-12-05 21:28, quiet 2-core Xeon) took 10.0 / 67.3 ms at n = 1024 /
   * 2048 that way and 10.7 / 75.8 ms split into single-threaded blocks.
   */
  static final long SPLIT_MAX_WORK = Long.getLong("graft.blasSplitMax", 1L << 29);
  /**
   * A split product has up to this many blocks per kernel thread, claimed one by one, so a thread that the OS runs
   * late (another process, the JIT compiler, a GC thread on one of two cores) leaves its share to the others.
   */
  static final int SPLIT_BLOCKS_PER_THREAD = Integer.getInteger("graft.blasBlocks", 2);
  /**
   * A split product whose blocks would each re-pack at least this many elements of the other operand (B's
   * {@code k×n} for blocks of rows, A's {@code m×k} for blocks of columns) has one block per kernel thread, not
   * {@link #SPLIT_BLOCKS_PER_THREAD}: every single-threaded OpenBLAS call packs the whole of that operand again, and
   * for a large one the extra packing costs more than finer balancing saves. Measured 2026-12-06 (quiet 2-core AVX-512
   * Xeon, f32, one JVM, blocks alternating, best of 11 rounds, µs per product, one block per thread / two): 256×256×784
   * (W11's first layer at batch 256) 456 / 571 by columns (531 by four blocks of rows, the rule until then);
   * 128×256×784 (W10's) 247 / 294; 128×784×256 240 / 270; 784×256×128 218 / 220 (rows); a small operand keeps two
   * blocks per thread: 32×256×256 (W9's step, A of 8 K elements) 36 / 22.
   */
  static final long SPLIT_REPACK_LARGE = 1L << 15;
  /** Blocks of a split product are multiples of this many rows or columns. */
  static final int SPLIT_ALIGN = 32;

  /**
   * How many blocks a product of {@link #SPLIT_MIN_WORK} to {@link #SPLIT_MAX_WORK} multiply-adds is split into over
   * {@code threads} kernel threads (below 2: one call): blocks of rows when {@code n < m}, else of columns (a square
   * product by columns: 256×256×784 took 456 µs in two blocks of columns and 488 in two of rows), each at least
   * {@link #SPLIT_ALIGN} wide, {@link #SPLIT_BLOCKS_PER_THREAD} per thread or one when the operand every block re-packs
   * is large ({@link #SPLIT_REPACK_LARGE}).
   */
  static int splitBlocks(int m, int n, int k, int threads) {
    boolean rows = splitsRows(m, n);
    long repacked = rows ? (long) k * n : (long) m * k;
    int perThread = repacked >= SPLIT_REPACK_LARGE ? 1 : SPLIT_BLOCKS_PER_THREAD;
    return Math.min(perThread * threads, (rows ? m : n) / SPLIT_ALIGN);
  }

  /** Whether a split product is cut into blocks of rows (else of columns): the side whose other operand is smaller to re-pack. */
  static boolean splitsRows(int m, int n) { return n < m; }

  /** The start of block {@code p} of {@code blocks} over {@code extent}, a multiple of {@link #SPLIT_ALIGN} (or the end). */
  static int block(int extent, int blocks, int p) {
    if (p >= blocks) return extent;
    return (int) ((long) extent * p / blocks) / SPLIT_ALIGN * SPLIT_ALIGN;
  }

  /** {@code op} from its row ({@code rows}) or column {@code from} on. */
  private static Gemm.Operand shift(Gemm.Operand op, int from, boolean rows) {
    return new Gemm.Operand(op.store(), op.offset() + from * (rows ? op.rowStride() : op.colStride()), op.rowStride(),
        op.colStride());
  }

  /**
   * {@code dnnl_sgemm} gets more than one OpenMP thread only for products with at least this many rows and columns:
   * a product of one row and a few columns it splits along the depth, whose partial sums then depend on the thread
   * count (oneDNN 3.11, 2026-12-06: 1×16×10^6 and 1×2×3·10^6 differ between one and two threads; 1×1024×10^5,
   * 16×16×10^6, 32×32×600,000, 1024×1024×1024 and 2048×48×8192 do not). Graft's results must not depend on
   * {@code graft.threads}.
   */
  static final int DNNL_THREADS_MIN = 32;

  /**
   * One {@code cblas_?gemm} (or, for f32 with {@link #DNNL_SGEMM}, {@code dnnl_sgemm} on {@code ompThreads} OpenMP
   * threads) call over views BLAS reads in place: {@code C = alpha·A·B + beta·C}, {@code beta} 0 (C overwritten) or 1
   * (C holds zeros, {@link #multiply}'s {@code zeros}, or what {@link GemmAccumulate} adds to).
   */
  private static void call(int m, int n, int k, View va, View vb, Object c, int cOff, int ldC, double alpha, double beta,
                           int ompThreads) {
    try {
      if (c instanceof float[] cf && DNNL_SGEMM != null && k == 0) {
        if (beta == 0) for (int i = 0; i < m; i++) java.util.Arrays.fill(cf, cOff + i * ldC, cOff + i * ldC + n, 0f);   // cblas: C = 0·C
      } else if (c instanceof float[] cf && DNNL_SGEMM != null) {
        Dnnl.threads(ompThreads);
        long mask = NativeSignals.block();       // oneDNN's GEMM is not signal-safe (Dnnl's class doc)
        int status;
        try {
          status = (int) DNNL_SGEMM.invokeExact(va.transChar(), vb.transChar(), (long) m, (long) n, (long) k, (float) alpha, va.segment(),
              (long) va.ld, vb.segment(), (long) vb.ld, (float) beta, MemorySegment.ofArray(cf).asSlice(4L * cOff), (long) ldC);
        } finally {
          NativeSignals.restore(mask);
        }
        if (status != 0) Dnnl.check(status, "dnnl_sgemm(m=" + m + ", n=" + n + ", k=" + k + ")");   // the message only on failure
      } else if (c instanceof float[] cf) {
        OpenBlas.SGEMM.invokeExact(ROW_MAJOR, va.trans, vb.trans, m, n, k, (float) alpha, va.segment(), va.ld, vb.segment(), vb.ld, (float) beta,
            MemorySegment.ofArray(cf).asSlice(4L * cOff), ldC);
      } else {
        OpenBlas.DGEMM.invokeExact(ROW_MAJOR, va.trans, vb.trans, m, n, k, alpha, va.segment(), va.ld, vb.segment(), vb.ld, beta,
            MemorySegment.ofArray((double[]) c).asSlice(8L * cOff), ldC);
      }
    } catch (Throwable t) {
      throw new IllegalStateException("gemm: OpenBLAS call failed for m=" + m + " n=" + n + " k=" + k, t);
    }
  }

  /** An operand as BLAS sees it: {@code trans} ({@code NO_TRANS} or {@code TRANS}) and leading dimension {@code ld}. */
  private record View(Gemm.Operand op, int trans, int ld) {
    /** The {@code rows×cols} view {@code op} in BLAS terms, or null when BLAS cannot read it in place. */
    static View of(Gemm.Operand op, int rows, int cols) {
      int length = java.lang.reflect.Array.getLength(op.store());
      int ld = leading(rows, cols, op.rowStride(), op.colStride());
      if (ld >= 0) return fits(op.offset(), rows, cols, ld, length) ? new View(op, NO_TRANS, ld) : null;
      ld = leading(cols, rows, op.colStride(), op.rowStride());    // stored transposed: cols × rows, row-major
      return ld >= 0 && fits(op.offset(), cols, rows, ld, length) ? new View(op, TRANS, ld) : null;
    }

    /** {@code 'N'} or {@code 'T'}: {@link #trans} as {@code dnnl_sgemm} takes it. */
    byte transChar() { return (byte) (trans == TRANS ? 'T' : 'N'); }

    /** The store from element (0, 0) on, in place. */
    MemorySegment segment() {
      return switch (op.store()) {
        case float[] f -> MemorySegment.ofArray(f).asSlice(4L * op.offset());
        case double[] d -> MemorySegment.ofArray(d).asSlice(8L * op.offset());
        default -> throw new IllegalArgumentException("gemm: BLAS takes float[] or double[] stores, got "
            + op.store().getClass().getSimpleName());
      };
    }
  }

  /**
   * The leading dimension for reading a {@code rows×cols} view as row-major with unit column stride, or -1 when it
   * is not one. A stride that no element read depends on (the row stride of a single row, the column stride of a
   * single column) is free, and BLAS then gets the smallest legal value, {@code max(1, cols)}.
   */
  private static int leading(int rows, int cols, int rowStride, int colStride) {
    if (cols > 1 && colStride != 1) return -1;
    int min = Math.max(1, cols);
    if (rows <= 1 || cols == 0) return min;
    return rowStride >= min ? rowStride : -1;
  }

  /** Whether every element {@code offset + r*ld + c} ({@code r < rows, c < cols}) lies in {@code [0, length)}. */
  private static boolean fits(int offset, int rows, int cols, int ld, int length) {
    if (offset < 0) return false;
    if (rows == 0 || cols == 0) return offset <= length;
    return offset + (long) (rows - 1) * ld + cols - 1 < length;
  }
}
