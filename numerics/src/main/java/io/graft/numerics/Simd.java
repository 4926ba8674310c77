package io.graft.numerics;

/**
 * Whether the incubating Vector API ({@code jdk.incubator.vector}) is in the boot layer. Kernels that use it keep
 * those uses in classes that are loaded only when {@link #AVAILABLE} is true, and have a scalar path otherwise
 * (run with {@code --add-modules jdk.incubator.vector} to get SIMD). {@code -Dgraft.simd=false} forces the scalar
 * paths (tests use it to check the fallback).
 *
 * <p>When the module is missing (and the scalar paths were not asked for), the first kernel to run logs one
 * {@link System.Logger.Level#WARNING WARNING}, {@link #NOTICE}, on the {@link System.Logger} named after this class,
 * once per process, so a missing flag never silently costs the SIMD speed.
 */
public final class Simd {
  private static final boolean MODULE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
  private static final boolean FORCED_OFF = "false".equals(System.getProperty("graft.simd"));

  /** True when SIMD kernels may be used. */
  public static final boolean AVAILABLE = MODULE && !FORCED_OFF;

  /** The line logged when the Vector API module is missing. */
  public static final String NOTICE = "Graft: the Vector API module is not loaded, so every kernel runs scalar loops "
      + "(several times slower); start java with --add-modules jdk.incubator.vector (in Maven: the surefire and exec "
      + "argLine) to use SIMD, or pass -Dgraft.simd=false to choose the scalar loops and silence this line";

  static {
    if (!MODULE && !FORCED_OFF) System.getLogger(Simd.class.getName()).log(System.Logger.Level.WARNING, NOTICE);
  }

  private Simd() {}
}
