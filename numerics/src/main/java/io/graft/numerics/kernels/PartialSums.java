package io.graft.numerics.kernels;

/**
 * Buffers for the partial products of a reduction split over the threads (a batch-1 convolution layer, a kernel
 * gradient: {@code C = Σ_j A_j·B_j}, each {@code A_j·B_j} into a block of its own, then added): each thread keeps the
 * blocks its last split used and lends them to its next one. Every product overwrites its block before it is read,
 * so a lent block's old contents never show. A fresh block per call cost the JVM's zeroing and cold memory: ResNet-18
 * at batch 1 allocated about 375 KB of them per call (2026-12-06).
 * <pre>{@code
 * Object[] part = PartialSums.borrow(slices, m * n, true);
 * ... products into part[j], then add them ...
 * PartialSums.giveBack(part);
 * }</pre>
 * A split nested in another on one thread finds the blocks lent out and allocates.
 */
final class PartialSums {
  /** The largest block kept per thread and slot (4 MB of f32). */
  static final int LIMIT = 1 << 20;
  private static final ThreadLocal<Object[]> SPARE = ThreadLocal.withInitial(() -> new Object[0]);

  private PartialSums() {}

  /** {@code count} blocks of at least {@code n} f32 (or f64) elements, contents undefined. */
  static Object[] borrow(int count, int n, boolean f32) {
    Object[] spare = SPARE.get(), parts = new Object[count];
    for (int j = 0; j < count; j++) {
      Object s = j < spare.length ? spare[j] : null;
      if (s != null && (f32 ? s instanceof float[] f && f.length >= n : s instanceof double[] d && d.length >= n)) {
        parts[j] = s;
        spare[j] = null;
      } else {
        parts[j] = f32 ? new float[n] : new double[n];
      }
    }
    return parts;
  }

  /** Returns blocks from {@link #borrow} to this thread's spares (each kept if its slot is empty or smaller). */
  static void giveBack(Object[] parts) {
    Object[] spare = SPARE.get();
    if (spare.length < parts.length) SPARE.set(spare = java.util.Arrays.copyOf(spare, parts.length));
    for (int j = 0; j < parts.length; j++) {
      int len = java.lang.reflect.Array.getLength(parts[j]);
      if (len <= LIMIT && (spare[j] == null || java.lang.reflect.Array.getLength(spare[j]) < len)) spare[j] = parts[j];
    }
  }
}
