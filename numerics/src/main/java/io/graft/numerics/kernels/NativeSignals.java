package io.graft.numerics.kernels;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The calling thread's signal mask around a native call that must not be interrupted: {@code block()} blocks every
 * signal but those a fault raises ({@code pthread_sigmask(SIG_BLOCK, set)}) and returns the mask it replaced,
 * {@code restore(mask)} puts it back. A signal sent meanwhile stays pending and is delivered when the mask is restored.
 * <pre>{@code
 * long mask = NativeSignals.block();
 * try { ... dnnl_sgemm ... } finally { NativeSignals.restore(mask); }
 * }</pre>
 *
 * <p>Why: a JVM sends signals to its own threads (Java Flight Recorder suspends each thread it samples with one), and
 * some native code misbehaves when a signal lands in it: oneDNN's f32 GEMM corrupts the C heap ({@link Dnnl}), and
 * LLVM, which PoCL runs to compile OpenCL programs, replaces the JVM's handler of that signal with one that deletes the
 * compiler's temporary files, so the build fails ({@code io.graft.jit.opencl.ClRuntime}). Two system calls, about
 * 0.25 µs. Calls may nest: each restores the mask it saw. Linux only: the callers run only where their natives load
 * (linux-x86_64); elsewhere, or without native access for this module, {@link #AVAILABLE} is false and both methods do
 * nothing.
 */
@SuppressWarnings("restricted")     // callers reach this only after their own native-access checks
public final class NativeSignals {
  /** Whether the mask can be set (Linux, native access on); when false, {@link #block} and {@link #restore} do nothing. */
  public static final boolean AVAILABLE;

  /** {@code SIG_BLOCK} and {@code SIG_SETMASK} of Linux's {@code pthread_sigmask}; glibc's {@code sizeof(sigset_t)}. */
  private static final int SIG_BLOCK = 0, SIG_SETMASK = 2;
  private static final long SIGSET_BYTES = 128;
  /** {@code int pthread_sigmask(int how, const sigset_t *set, sigset_t *old)}. */
  private static final MethodHandle SIGMASK;
  /**
   * The signals a fault raises in the faulting thread ({@code SIGILL, SIGTRAP, SIGBUS, SIGFPE, SIGSEGV} on Linux),
   * left unblocked: blocked, a fault in the native code would kill the process without the JVM's crash report.
   */
  private static final int[] FAULTS = {4, 5, 7, 8, 11};
  /** A {@code sigset_t} holding every signal but the {@link #FAULTS} ({@code sigfillset}, {@code sigdelset}). */
  private static final MemorySegment ALL;
  /** Per thread, the {@code sigset_t} that {@link #block} reads the old mask into and {@link #restore} passes. */
  private static final ThreadLocal<MemorySegment> SCRATCH = ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(SIGSET_BYTES));

  static {
    MethodHandle sigmask = null;
    MemorySegment all = MemorySegment.NULL;
    if (System.getProperty("os.name", "").startsWith("Linux") && NativeSignals.class.getModule().isNativeAccessEnabled()) {
      Linker linker = Linker.nativeLinker();
      SymbolLookup libc = linker.defaultLookup();
      ValueLayout i = ValueLayout.JAVA_INT, a = ValueLayout.ADDRESS;
      try {
        sigmask = linker.downcallHandle(libc.findOrThrow("pthread_sigmask"), FunctionDescriptor.of(i, i, a, a));
        all = Arena.global().allocate(SIGSET_BYTES);
        if ((int) linker.downcallHandle(libc.findOrThrow("sigfillset"), FunctionDescriptor.of(i, a)).invokeExact(all) != 0)
          throw new IllegalStateException("sigfillset failed");
        MethodHandle sigdelset = linker.downcallHandle(libc.findOrThrow("sigdelset"), FunctionDescriptor.of(i, a, i));
        for (int fault : FAULTS)
          if ((int) sigdelset.invokeExact(all, fault) != 0) throw new IllegalStateException("sigdelset(" + fault + ") failed");
      } catch (Throwable t) {
        throw new ExceptionInInitializerError(t);     // glibc without sigfillset: not a Linux this code knows
      }
    }
    SIGMASK = sigmask;
    ALL = all;
    AVAILABLE = sigmask != null;
  }

  private NativeSignals() {}

  /** Blocks every signal but the {@link #FAULTS} on the calling thread; the mask it replaced, for {@link #restore}. */
  public static long block() {
    if (!AVAILABLE) return 0;
    MemorySegment old = SCRATCH.get();
    int rc;
    try {
      rc = (int) SIGMASK.invokeExact(SIG_BLOCK, ALL, old);
    } catch (Throwable t) {
      throw new IllegalStateException("pthread_sigmask(SIG_BLOCK) failed", t);
    }
    if (rc != 0) throw new IllegalStateException("pthread_sigmask(SIG_BLOCK) returned " + rc);
    return old.get(ValueLayout.JAVA_LONG, 0);     // Linux has 64 signals: the kernel reads and writes the first 8 bytes
  }

  /** Puts back the signal mask {@link #block} returned. */
  public static void restore(long mask) {
    if (!AVAILABLE) return;
    MemorySegment set = SCRATCH.get();
    set.fill((byte) 0);
    set.set(ValueLayout.JAVA_LONG, 0, mask);
    int rc;
    try {
      rc = (int) SIGMASK.invokeExact(SIG_SETMASK, set, MemorySegment.NULL);
    } catch (Throwable t) {
      throw new IllegalStateException("pthread_sigmask(SIG_SETMASK) failed", t);
    }
    if (rc != 0) throw new IllegalStateException("pthread_sigmask(SIG_SETMASK) returned " + rc);
  }
}
