package io.graft.benchmarks;

import io.graft.numerics.Parallel;
import io.graft.numerics.kernels.Blas;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The Graft lines of {@code benchmarks/run.sh}'s header: JDK, processors, Graft's thread count, and the OpenBLAS
 * that Graft bundles as the benchmark JVMs see it: its status in Graft ({@code Blas.openBlasStatus()}, which loads it), the kernel it chose
 * ({@code openblas_get_corename}: {@code SkylakeX} or {@code SapphireRapids} on AVX-512, {@code Haswell} when
 * {@code OPENBLAS_CORETYPE=Haswell} forces the AVX2 kernels), its thread count and build configuration. Run in the
 * benchmarks' environment (run.sh unsets {@code OPENBLAS_CORETYPE} and {@code OPENBLAS_L2_SIZE} for it as for the
 * JMH forks, which inherit it), so the kernel printed is the one the forks load. The library never prints this at
 * run time; this harness class reads it through FFM downcalls into the library Graft loaded (JavaCPP 1.5.13 maps
 * no {@code openblas_get_*} function).
 */
public final class Environment {
  private Environment() {}

  /** Prints the lines; {@code --brief} prints only the OpenBLAS core name (or {@code none}). */
  public static void main(String[] args) {
    String status = Blas.openBlasStatus();  // loads Graft's OpenBLAS first (sets its threads), as its first f64 product would
    Optional<String[]> info = openblasInfo();
    if (args.length > 0 && args[0].equals("--brief")) {
      System.out.println(info.map(i -> i[0]).orElse("none"));
      return;
    }
    Runtime.Version v = Runtime.version();
    System.out.println("JDK " + v + " (" + System.getProperty("java.vm.vendor") + " "
        + System.getProperty("java.vm.name") + "), " + Runtime.getRuntime().availableProcessors()
        + " processors, Graft threads " + Parallel.threads() + " (-D" + Parallel.THREADS_PROPERTY + ")");
    String which = System.getProperty(Blas.LIBRARY_PROPERTY, "").isBlank() ? "bundled OpenBLAS"
        : "OpenBLAS from -D" + Blas.LIBRARY_PROPERTY + "=" + System.getProperty(Blas.LIBRARY_PROPERTY);
    System.out.println(which + ": " + info.map(i -> "core " + i[0] + ", " + i[1] + " threads; " + i[2])
        .orElse("not used: " + status));
    System.out.println("f32 products handed to a BLAS: " + (Blas.F32_LIBRARY.isEmpty() ? "none (Graft's own GEMM)"
        : Blas.F32_LIBRARY + (Blas.F32_LIBRARY.equals("oneDNN") ? " (dnnl_sgemm)" : " (cblas_sgemm)"))
        + "; f64: OpenBLAS; int8 layers: oneDNN " + io.graft.numerics.kernels.Dnnl.STATUS + " (-D" + Blas.SGEMM_PROPERTY + "=dnnl|openblas)");
  }

  /** {core name, thread count, config} of the OpenBLAS that Graft loaded, or empty when a symbol is missing. */
  @SuppressWarnings("restricted")
  static Optional<String[]> openblasInfo() {
    if (Blas.openBlasLibrary().isEmpty()) return Optional.empty();
    Linker linker = Linker.nativeLinker();
    SymbolLookup lib = SymbolLookup.libraryLookup(Path.of(Blas.openBlasLibrary()), Arena.global());   // the one Graft's Blas loaded
    Optional<MemorySegment> core = lib.find("openblas_get_corename"), config = lib.find("openblas_get_config"),
        threads = lib.find("openblas_get_num_threads");
    if (core.isEmpty() || config.isEmpty() || threads.isEmpty()) return Optional.empty();
    try {
      FunctionDescriptor string = FunctionDescriptor.of(ValueLayout.ADDRESS);
      MethodHandle coreName = linker.downcallHandle(core.get(), string),
          configText = linker.downcallHandle(config.get(), string),
          threadCount = linker.downcallHandle(threads.get(), FunctionDescriptor.of(ValueLayout.JAVA_INT));
      return Optional.of(new String[] {cString((MemorySegment) coreName.invokeExact()),
          Integer.toString((int) threadCount.invokeExact()), cString((MemorySegment) configText.invokeExact())});
    } catch (Throwable t) {
      throw new IllegalStateException("OpenBLAS query failed", t);
    }
  }

  /** The NUL-terminated string at {@code p} (OpenBLAS's static buffers; short). */
  @SuppressWarnings("restricted")
  private static String cString(MemorySegment p) {
    return p.equals(MemorySegment.NULL) ? "?" : p.reinterpret(4096).getString(0).trim();
  }
}
