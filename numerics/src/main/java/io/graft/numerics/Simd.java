package io.graft.numerics;

/**
 * Whether the incubating Vector API ({@code jdk.incubator.vector}) is in the boot layer. Kernels that use it keep
 * those uses in classes that are loaded only when {@link #AVAILABLE} is true, and have a scalar path otherwise
 * (run with {@code --add-modules jdk.incubator.vector} to get SIMD). {@code -Dgraft.simd=false} forces the scalar
 * paths (tests use it to check the fallback).
 */
public final class Simd {
  /** True when SIMD kernels may be used. */
  public static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
      && !"false".equals(System.getProperty("graft.simd"));

  private Simd() {}
}
