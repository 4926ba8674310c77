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

/**
 * oneDNN (Intel's deep-learning primitives, {@code org.bytedeco:dnnl} with its linux-x86_64 natives) for the integer
 * products of quantized inference ({@link Int8Conv}): its int8 convolutions run the CPU's int8 dot-product
 * instructions (AVX-512 VNNI, AMX tiles), which JDK 25's Vector API does not expose. Called through the FFM API (the C
 * API, {@code dnnl.h}); JavaCPP only extracts and loads the natives, as for OpenBLAS ({@link Blas}).
 *
 * <p>{@link #AVAILABLE} is false, and {@link QuantGemm} runs every int8 product, when the natives are missing for this
 * platform, fail to load, the JVM runs without native access for Graft, or {@code -Dgraft.dnnl=false}.
 * {@link #STATUS} says which. oneDNN's OpenMP runtime gets {@link Parallel#globalThreads()} threads
 * ({@code OMP_NUM_THREADS}, unless the user set it) and a short spin before its idle threads sleep
 * ({@link #SPIN_COUNT}), so that they do not take the cores from Graft's own kernels between calls.
 *
 * <p><b>Signals.</b> oneDNN 3.11's f32 GEMM is not safe against signals: a signal delivered to a thread while some of
 * its kernels run (shapes such as 128×256×784 and 128×10×256; 1024×1024×1024 and 64×64×64 ran clean) corrupts the C
 * heap, and the process aborts ({@code corrupted size vs. prev_size}, {@code double free or corruption}) or crashes
 * later. A JVM signals its threads whenever Java Flight Recorder samples them (the default recording settings do), so
 * every product under JFR eventually took the JVM down. A C program calling {@code dnnl_sgemm} in a loop under a
 * 2 kHz {@code SIGPROF} timer with an empty handler aborts within a second; OpenBLAS's {@code cblas_sgemm} under the
 * same timer stays correct, and so did oneDNN's int8 convolutions and weight reorders (the 28 layer shapes of the
 * quantized models, one and two OpenMP threads, 4,383 signals). So every {@code dnnl_sgemm} call runs with the calling
 * thread's signals blocked ({@link NativeSignals}): a signal sent meanwhile waits until the call returns (a JFR sample
 * of that thread is skipped). libgomp keeps one pool of OpenMP workers per calling thread and starts it in that
 * thread's first parallel call; the workers inherit the caller's mask, so the other oneDNN calls that may start them
 * (a convolution on more than one thread) run blocked too, and a signal sent to the whole process (a profiler's
 * {@code SIGPROF} timer) never lands in a worker. {@code DnnlSignalsTest} runs products under JFR sampling in a child
 * JVM.
 */
@SuppressWarnings("restricted")     // native access is checked at run time before any restricted call
public final class Dnnl {
  /** True when oneDNN is loaded (its primitive API, for the int8 layers, links on first use: {@link DnnlApi}). */
  public static final boolean AVAILABLE;
  /** Why oneDNN is not used ({@code "loaded"} when it is). */
  public static final String STATUS;

  // dnnl_data_type_t, dnnl_format_tag_t and the other enums of dnnl_types.h / dnnl_common_types.h (oneDNN 3.x)
  static final int F32 = 3, S32 = 4, S8 = 5, U8 = 6;
  static final int TAG_ANY = 1, TAG_A = 2, TAG_NHWC = 22, TAG_OHWI = 22;
  static final int FORWARD_INFERENCE = 96, CONVOLUTION_DIRECT = 1, ELTWISE_RELU = 32, SCRATCHPAD_USER = 1;
  static final int QUERY_IMPL_INFO_STR = 8, QUERY_WEIGHTS_MD = 131, QUERY_SCRATCHPAD_MD = 136;
  static final int ARG_SRC = 1, ARG_DST = 17, ARG_WEIGHTS = 33, ARG_BIAS = 41, ARG_SCRATCHPAD = 80;
  static final int ARG_ATTR_SCALES = 4096, ARG_ATTR_ZERO_POINTS = 8192;
  /** {@code sizeof(dnnl_dims_t)}: {@code DNNL_MAX_NDIMS} (12) {@code int64_t}s. */
  static final long DIMS_BYTES = 12 * 8;
  /** {@code sizeof(dnnl_exec_arg_t)}: an {@code int} argument index, padding, a {@code dnnl_memory_t}. */
  static final long EXEC_ARG_BYTES = 16;

  /**
   * How many times libgomp's idle threads poll before they sleep ({@code GOMP_SPINCOUNT}, unless the user set it):
   * enough to cover the gap between the layers of one call, far below the default 300,000.
   */
  static final int SPIN_COUNT = 20_000;

  private static final System.Logger LOG = System.getLogger(Dnnl.class.getName());
  private static final Linker LINKER = Linker.nativeLinker();
  /** libdnnl's symbols (null when oneDNN is not available); {@link DnnlApi} links the primitive API from it. */
  static final SymbolLookup LIB;
  /** {@code omp_set_num_threads}, or null when oneDNN is not available. */
  private static final MethodHandle SET_THREADS;

  static {
    SymbolLookup lib = null;
    MethodHandle setThreads = null;
    String status;
    if ("false".equals(System.getProperty("graft.dnnl"))) {
      status = "disabled by -Dgraft.dnnl=false";
    } else if (!Dnnl.class.getModule().isNativeAccessEnabled() || !Loader.class.getModule().isNativeAccessEnabled()) {
      status = "native access is not enabled for " + Dnnl.class.getModule() + " and " + Loader.class.getModule()
          + "; start java with --enable-native-access=" + NativeLibraries.nativeAccessFlag() + " to use oneDNN";
    } else {
      try {
        if (!NativeLibraries.setenvDefault("OMP_NUM_THREADS", Integer.toString(Parallel.globalThreads()))
            | !NativeLibraries.setenvDefault("GOMP_SPINCOUNT", Integer.toString(SPIN_COUNT)))
          LOG.log(System.Logger.Level.DEBUG, "oneDNN: setenv of OMP_NUM_THREADS or GOMP_SPINCOUNT failed");
        Path dnnl = natives();
        if (dnnl == null) {
          status = "no oneDNN natives for " + Loader.getPlatform() + " (org.bytedeco:dnnl ships linux-x86_64's)";
        } else {
          lib = SymbolLookup.libraryLookup(dnnl, Arena.global());
          setThreads = LINKER.downcallHandle(lib.findOrThrow("omp_set_num_threads"), FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT));
          status = "loaded";
        }
      } catch (Throwable e) {
        status = "oneDNN failed to load (" + e + ")";
        lib = null;
      }
    }
    AVAILABLE = lib != null;
    STATUS = status;
    LIB = lib;
    SET_THREADS = AVAILABLE ? setThreads : null;
    LOG.log(System.Logger.Level.DEBUG, "Graft: oneDNN {0}", STATUS);
  }

  private Dnnl() {}

  /**
   * The natives' files, {@code libgomp.so.1} and {@code libdnnl.so.3}, extracted by JavaCPP into its cache directory
   * side by side (libdnnl finds libgomp through its {@code $ORIGIN} run path); the path of libdnnl, or null when this
   * platform has none. Not {@code Loader.load} of the JavaCPP preset: that also loads JNI wrappers of the OpenCL
   * preset, which Graft neither ships nor needs.
   */
  private static Path natives() throws java.io.IOException {
    String dir = "org/bytedeco/dnnl/" + Loader.getPlatform() + "/";
    ClassLoader loader = Dnnl.class.getClassLoader();
    java.net.URL gomp = loader.getResource(dir + "libgomp.so.1"), dnnl = loader.getResource(dir + "libdnnl.so.3");
    if (gomp == null || dnnl == null) return null;
    Loader.cacheResource(gomp);
    return Loader.cacheResource(dnnl).toPath();
  }

  /**
   * {@code omp_set_num_threads(n)}: the OpenMP threads of the calling thread's next oneDNN calls (libgomp keeps the
   * setting per calling thread). A primitive is created and executed under the same count.
   */
  static void threads(int n) {
    try {
      SET_THREADS.invokeExact(n);
    } catch (Throwable t) {
      throw new DnnlError("omp_set_num_threads: " + t);
    }
  }

  /**
   * {@code dnnl_sgemm} (row-major {@code C = alpha·op(A)·op(B) + beta·C}; transposes as {@code 'N'}/{@code 'T'},
   * sizes and leading dimensions as {@code int64_t}) linked for heap arrays ({@link Linker.Option#critical(boolean)
   * critical(true)}, as {@link Blas} links OpenBLAS), or null when oneDNN is not available.
   */
  static MethodHandle sgemm() {
    if (!AVAILABLE) return null;
    ValueLayout b = ValueLayout.JAVA_BYTE, l = ValueLayout.JAVA_LONG, f = ValueLayout.JAVA_FLOAT, a = ValueLayout.ADDRESS;
    return LINKER.downcallHandle(LIB.findOrThrow("dnnl_sgemm"),
        FunctionDescriptor.of(ValueLayout.JAVA_INT, b, b, l, l, l, f, a, l, a, l, f, a, l), Linker.Option.critical(true));
  }

  /** Throws {@link DnnlError} unless {@code status} is {@code dnnl_success}. */
  static void check(int status, String call) {
    if (status != 0) throw new DnnlError(call + " returned dnnl_status_t " + status + " (" + statusName(status) + ")");
  }

  private static String statusName(int s) {
    return switch (s) {
      case 1 -> "out_of_memory";
      case 2 -> "invalid_arguments";
      case 3 -> "unimplemented";
      case 5 -> "last_impl_reached";
      case 6 -> "runtime_error";
      case 7 -> "not_required";
      default -> "status " + s;
    };
  }

  /** A failed oneDNN call: a bug or an unsupported shape; the message names the call and oneDNN's status. */
  public static final class DnnlError extends RuntimeException {
    DnnlError(String message) { super("oneDNN: " + message); }
  }
}
