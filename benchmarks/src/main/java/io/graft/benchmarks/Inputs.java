package io.graft.benchmarks;

import io.graft.Array;

/**
 * Deterministic f32 inputs: a counter-based SplitMix64, so element {@code i} of stream {@code seed} is
 * {@code mix(seed + (i + 1) * 0x9E3779B97F4A7C15)} and needs no state. {@code peers/run_peers.py} computes the same
 * numbers with NumPy's wrapping uint64 arithmetic, so Graft and its peers see identical inputs.
 */
public final class Inputs {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private Inputs() {}

  /** The 64-bit SplitMix64 output for counter {@code i} of stream {@code seed}. */
  static long bits(long seed, long i) {
    long z = seed + (i + 1) * GOLDEN;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** {@code n} floats uniform in {@code [lo, hi)}: the top 24 bits of each draw scaled by 2^-24. */
  public static float[] uniformFloats(long seed, int n, double lo, double hi) {
    float[] out = new float[n];
    for (int i = 0; i < n; i++) out[i] = (float) (lo + (hi - lo) * ((bits(seed, i) >>> 40) * 0x1p-24));
    return out;
  }

  /** An f32 array of {@code shape}, uniform in {@code [lo, hi)}. */
  public static Array uniform(long seed, double lo, double hi, int... shape) {
    int n = 1;
    for (int d : shape) n *= d;
    return Array.of(uniformFloats(seed, n, lo, hi), shape);
  }

  /** Throws an {@link AssertionError} naming {@code what} unless {@code |got - want| <= tol * max(1, |want|)}. */
  static void near(String what, double want, double got, double tol) {
    if (!(Math.abs(got - want) <= tol * Math.max(1, Math.abs(want))))
      throw new AssertionError(what + ": want " + want + ", got " + got + " (tolerance " + tol + ", relative above 1)");
  }

  /** The first OpenCL device, or an {@link IllegalStateException} naming {@code workload} and how to get one. */
  static io.graft.Device openClDevice(String workload) {
    java.util.List<io.graft.Device> devices = io.graft.Graft.devices();
    return devices.stream().filter(d -> d.kind() == io.graft.Device.Kind.OPENCL).findFirst().orElseThrow(() ->
        new IllegalStateException(workload + ": no OpenCL device (Graft.devices() is " + devices
            + "); install an OpenCL platform, e.g. apt-get install pocl-opencl-icd"));
  }
}
