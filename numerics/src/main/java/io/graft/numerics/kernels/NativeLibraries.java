package io.graft.numerics.kernels;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bytedeco.javacpp.Loader;

/**
 * Loads the native library of the f32 products ({@link Blas}: oneDNN's, or OpenBLAS's where oneDNN does not run them)
 * on a background thread, so that a program's first product does not wait for it: JavaCPP's loader, the
 * {@code dlopen} of the library and the JDK's first downcall set-up take ~0.2 s in a fresh JVM (2-core reference
 * machine, 2026-12-06), which a program otherwise pays inside its first jitted step. {@code io.graft.Array} starts it
 * when it initialises, so it overlaps with what a program does before its first product (reading data, initialising
 * parameters), as {@code import torch} loads PyTorch's libraries before the first operation.
 * <pre>{@code
 * NativeLibraries.loadInBackground();   // returns at once; Blas initialises on the thread "graft-native-load"
 * }</pre>
 *
 * <p>Nothing starts with {@code -Dgraft.preload=false}, with {@code -Dgraft.blas=false}, or when the JVM runs without
 * native access for Graft (then {@link Blas} says why on its first product, as before). A product that comes before the
 * thread is done waits for it (the JVM's class-initialisation lock), so results and errors are those of a load on the
 * calling thread.
 */
public final class NativeLibraries {
  private NativeLibraries() {}

  private static final AtomicBoolean STARTED = new AtomicBoolean();

  /** Starts the background load once per JVM (later calls, and calls where it is switched off, do nothing). */
  public static void loadInBackground() {
    if ("false".equals(System.getProperty("graft.preload")) || "false".equals(System.getProperty("graft.blas"))) return;
    try {
      if (!NativeLibraries.class.getModule().isNativeAccessEnabled() || !Loader.class.getModule().isNativeAccessEnabled()) return;
    } catch (LinkageError e) {
      return;   // JavaCPP is missing from this class path: the first product reports it, not every Array
    }
    if (!STARTED.compareAndSet(false, true)) return;
    Thread t = new Thread(NativeLibraries::load, "graft-native-load");
    t.setDaemon(true);
    t.start();
  }

  /**
   * Initialises {@link Blas}, which loads its library. A load that fails is Blas's status (logged there); an
   * initialisation that throws (a bad {@code -Dgraft.sgemm}) is left to the first product, which then fails with it
   * as the cause, as it would without the background load.
   */
  private static void load() {
    try {
      if (!Blas.AVAILABLE) return;
    } catch (Throwable t) {
      // reported by the first use of Blas (NoClassDefFoundError caused by this initialisation's error)
    }
  }

  /**
   * What {@code --enable-native-access} must name: the unnamed module on the class path, both modules on the module
   * path. Here rather than in {@link Blas} so that {@link Dnnl}'s initialisation never waits on {@link Blas}'s (which
   * waits on Dnnl's): the background load and a first int8 layer may initialise the two at once.
   */
  static String nativeAccessFlag() {
    Module graft = NativeLibraries.class.getModule(), javacpp = Loader.class.getModule();
    if (!graft.isNamed() && !javacpp.isNamed()) return "ALL-UNNAMED";
    return (graft.isNamed() ? graft.getName() : "ALL-UNNAMED") + "," + (javacpp.isNamed() ? javacpp.getName() : "ALL-UNNAMED");
  }

  /**
   * {@code setenv(name, value, 0)}: sets {@code name} in the process environment unless it is set already (the user's
   * choice wins), for a native library that reads it when it loads. Returns whether the environment now has it.
   *
   * @throws IllegalStateException when the downcall fails
   */
  @SuppressWarnings("restricted")     // callers check native access first
  static boolean setenvDefault(String name, String value) {
    Linker linker = Linker.nativeLinker();
    MethodHandle setenv = linker.downcallHandle(linker.defaultLookup().findOrThrow("setenv"),
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    try (Arena arena = Arena.ofConfined()) {
      return (int) setenv.invokeExact(arena.allocateFrom(name), arena.allocateFrom(value), 0) == 0;
    } catch (Throwable t) {
      throw new IllegalStateException("setenv(" + name + ") failed", t);
    }
  }
}
