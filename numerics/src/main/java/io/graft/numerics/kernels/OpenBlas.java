package io.graft.numerics.kernels;

import io.graft.numerics.Parallel;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * OpenBLAS as {@link Blas} calls it ({@code cblas_sgemm}, {@code cblas_dgemm}, {@code openblas_set_num_threads}),
 * loaded when this class initialises: on the first product that goes to OpenBLAS (f64, or f32 where oneDNN does not
 * run them), not with {@link Blas}. Where oneDNN runs the f32 products a program that multiplies only f32 never loads
 * OpenBLAS: no JavaCPP preset, no 37 MB library, no idle OpenBLAS threads; a fresh JVM's first product saves ~0.15 s
 * (2-core reference machine, 2026-12-06).
 *
 * <p>The bundled natives come from {@code org.bytedeco:openblas} (linux-x86_64), extracted by JavaCPP into its cache
 * ({@code ~/.javacpp/cache}, or {@code -Dorg.bytedeco.javacpp.cachedir=DIR}); {@code -Dgraft.blas.library=PATH}
 * ({@link Blas#LIBRARY_PROPERTY}) loads another build. Callers check {@link Blas}'s switches ({@code -Dgraft.blas},
 * native access) first.
 * <pre>{@code
 * if (OpenBlas.AVAILABLE) OpenBlas.DGEMM.invokeExact(...);
 * }</pre>
 */
@SuppressWarnings("restricted")     // Blas checks native access before it touches this class
final class OpenBlas {
  /** True when OpenBLAS is loaded. */
  static final boolean AVAILABLE;
  /** Why OpenBLAS is not available ({@code "loaded"} when it is). */
  static final String STATUS;
  /** The file whose symbols are called (JavaCPP's JNI library for the bundled build); empty when not loaded. */
  static final String LIBRARY;
  /** {@code cblas_sgemm}, {@code cblas_dgemm}, {@code openblas_set_num_threads} (null when not loaded). */
  static final MethodHandle SGEMM, DGEMM, SET_THREADS;

  /**
   * How long OpenBLAS's idle workers spin before they sleep, as {@code log2} of TSC ticks: {@code 2^20} ticks, about
   * 0.3-0.5 ms at 2-3.5 GHz. The window has to cover the gap between back-to-back products (Graft allocates and
   * zeroes the next result there) and stay far below OpenBLAS's default {@code 2^28} (~0.1 s), which takes the cores
   * from Graft's own kernels between products: the eager W3 step (2 cores, 2026-11-25) took 274 ms with the default
   * and 118 ms with {@code 2^4}. At {@code 2^4} every product wakes a sleeping worker instead; on the 2-core AVX-512
   * Xeon (2026-12-05, quiet, JMH {@code 'W1MatMul.matmul$'}) {@code 2^20} took W1 n = 256 from 0.247 to 0.197 ms per
   * product (n = 1024, reused result: 8.0 to 7.8 ms) while the eager W3 step stayed within noise (38 ± 33 vs
   * 34 ± 4 ms).
   */
  static final int SPIN_WAIT_LOG2 = 20;
  /** The environment variable OpenBLAS reads {@link #SPIN_WAIT_LOG2} from at load. */
  static final String SPIN_WAIT_VARIABLE = "OPENBLAS_THREAD_TIMEOUT";

  private static final System.Logger LOG = System.getLogger(OpenBlas.class.getName());

  static {
    MethodHandle[] handles = null;
    String status, library = "";
    try {
      if (!NativeLibraries.setenvDefault(SPIN_WAIT_VARIABLE, Integer.toString(SPIN_WAIT_LOG2)))   // read at load
        LOG.log(System.Logger.Level.DEBUG, "gemm: setenv(" + SPIN_WAIT_VARIABLE + ") failed");
      Path lib = library(System.getProperty(Blas.LIBRARY_PROPERTY));
      if (lib != null) {
        handles = load(lib);
        library = lib.toString();
      }
      status = handles == null ? "JavaCPP found no OpenBLAS natives for " + Loader.getPlatform() : "loaded";
    } catch (LinkageError | RuntimeException e) {
      status = "OpenBLAS failed to load (" + e + ")";
    }
    AVAILABLE = handles != null;
    STATUS = status;
    LIBRARY = AVAILABLE ? library : "";
    SGEMM = AVAILABLE ? handles[0] : null;
    DGEMM = AVAILABLE ? handles[1] : null;
    SET_THREADS = AVAILABLE ? handles[2] : null;
    openblasThreads = Parallel.globalThreads();
    if (AVAILABLE) LOG.log(System.Logger.Level.DEBUG, "gemm: OpenBLAS {0} loaded, {1} threads", LIBRARY, Parallel.globalThreads());
    else LOG.log(System.Logger.Level.INFO, "Graft gemm: OpenBLAS not used, Graft''s own kernels run its products: {0}", status);
  }

  private OpenBlas() {}

  /**
   * The library to load: {@code property}'s file ({@link Blas#LIBRARY_PROPERTY}), which must exist, else the bundled
   * natives, extracted by JavaCPP (null when it has none for this platform).
   */
  static Path library(String property) {
    if (property == null || property.isBlank()) {
      String jni = Loader.load(openblas_nolapack.class);
      return jni == null ? null : Path.of(jni);   // JavaCPP's JNI library; its dependencies: libopenblas
    }
    Path p = Path.of(property);
    if (!java.nio.file.Files.isRegularFile(p))
      throw new IllegalArgumentException("gemm: -D" + Blas.LIBRARY_PROPERTY + "=" + property + " is not a file; name an "
          + "OpenBLAS shared library (e.g. /usr/lib/x86_64-linux-gnu/libopenblas.so.0 from libopenblas0-pthread), or "
          + "leave the property unset for the bundled OpenBLAS");
    return p;
  }

  /** Loads {@code path}, sets the thread count; the sgemm and dgemm handles. */
  private static MethodHandle[] load(Path path) {
    Linker linker = Linker.nativeLinker();
    SymbolLookup lib = SymbolLookup.libraryLookup(path, Arena.global());
    MethodHandle threads = linker.downcallHandle(lib.findOrThrow("openblas_set_num_threads"),
        FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT));
    try {
      threads.invokeExact(Parallel.globalThreads());
    } catch (Throwable t) {
      throw new IllegalStateException("openblas_set_num_threads failed", t);
    }
    return new MethodHandle[] {gemm(linker, lib, "cblas_sgemm", ValueLayout.JAVA_FLOAT),
        gemm(linker, lib, "cblas_dgemm", ValueLayout.JAVA_DOUBLE), threads};
  }

  /** {@code void cblas_?gemm(order, transA, transB, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc)}, heap access. */
  private static MethodHandle gemm(Linker linker, SymbolLookup lib, String name, ValueLayout scalar) {
    ValueLayout i = ValueLayout.JAVA_INT, p = ValueLayout.ADDRESS;
    FunctionDescriptor d = FunctionDescriptor.ofVoid(i, i, i, i, i, i, scalar, p, i, p, i, scalar, p, i);
    return linker.downcallHandle(lib.findOrThrow(name), d, Linker.Option.critical(true));
  }

  /** The thread count OpenBLAS was last given. */
  private static volatile int openblasThreads;

  /** Gives OpenBLAS {@code n} threads unless it has them (a global setting: one product at a time changes it). */
  static void threads(int n) {
    if (openblasThreads == n) return;
    try {
      SET_THREADS.invokeExact(n);
    } catch (Throwable e) {
      throw new IllegalStateException("openblas_set_num_threads(" + n + ") failed", e);
    }
    openblasThreads = n;
  }
}
