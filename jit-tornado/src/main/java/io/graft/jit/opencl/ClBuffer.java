package io.graft.jit.opencl;

import io.graft.numerics.DType;
import io.graft.numerics.DTypeError;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.ref.Cleaner;
import java.util.Objects;

/**
 * An array's elements in one OpenCL device's memory (a {@code cl_mem}): the device buffer type behind device-placed
 * arrays. Row-major, {@link #elementBytes} per element (bool as one {@code uchar} 0/1, i32/u32 as 4 bytes, i64 and
 * f64 as 8). Immutable as far as Graft is concerned: kernels write only buffers they allocated. The {@code cl_mem} goes
 * back to its runtime when the buffer becomes unreachable (a {@link Cleaner}) or at {@link #close()}, which keeps it
 * for a later buffer of the same size or releases it ({@link ClRuntime#recycle}).
 */
public final class ClBuffer implements AutoCloseable {
  private static final Cleaner CLEANER = Cleaner.create();

  private final ClRuntime runtime;
  private final DType dtype;
  private final Shape shape;
  private final MemorySegment mem;
  private final Cleaner.Cleanable cleanable;

  ClBuffer(ClRuntime runtime, DType dtype, Shape shape, MemorySegment mem) {
    this.runtime = Objects.requireNonNull(runtime, "runtime is null");
    this.dtype = Objects.requireNonNull(dtype, "dtype is null");
    this.shape = Objects.requireNonNull(shape, "shape is null");
    this.mem = mem;
    long bytes = byteSize();
    this.cleanable = CLEANER.register(this, () -> runtime.recycle(mem, bytes));   // kept for reuse or released
  }

  /** Bytes per element of {@code dtype} on a device; a {@link DTypeError} for a dtype with no device layout. */
  public static int elementBytes(DType dtype) {
    return switch (dtype) {
      case BOOL -> 1;
      case I32, U32, F32 -> 4;
      case I64, F64 -> 8;
      default -> throw new DTypeError("OpenCL: dtype " + dtype + " has no device buffer layout; convert it to f32 first");
    };
  }

  /**
   * Writes {@code x}'s elements into {@code host} in the device layout ({@link #elementBytes} each, bool as 0/1
   * bytes): what an upload copies, for any runtime that stages through host memory.
   */
  public static void write(NdArray x, MemorySegment host) {
    int n = x.size();
    switch (x.store()) {
      case float[] a -> MemorySegment.copy(a, 0, host, ValueLayout.JAVA_FLOAT, 0, n);
      case double[] a -> MemorySegment.copy(a, 0, host, ValueLayout.JAVA_DOUBLE, 0, n);
      case int[] a -> MemorySegment.copy(a, 0, host, ValueLayout.JAVA_INT, 0, n);
      case long[] a -> MemorySegment.copy(a, 0, host, ValueLayout.JAVA_LONG, 0, n);
      case boolean[] a -> { for (int i = 0; i < n; i++) host.set(ValueLayout.JAVA_BYTE, i, (byte) (a[i] ? 1 : 0)); }
      default -> throw new IllegalArgumentException("OpenCL upload: unknown store " + x.store().getClass().getSimpleName()
          + " of a " + x.dtype() + x.shape() + " array");
    }
  }

  /** The array of {@code dtype} and {@code shape} whose elements {@code host} holds in the device layout ({@link #write}). */
  public static NdArray read(MemorySegment host, DType dtype, Shape shape) {
    int n = shape.size();
    Object store = NdArray.newStore(dtype, n);
    switch (store) {
      case float[] a -> MemorySegment.copy(host, ValueLayout.JAVA_FLOAT, 0, a, 0, n);
      case double[] a -> MemorySegment.copy(host, ValueLayout.JAVA_DOUBLE, 0, a, 0, n);
      case int[] a -> MemorySegment.copy(host, ValueLayout.JAVA_INT, 0, a, 0, n);
      case long[] a -> MemorySegment.copy(host, ValueLayout.JAVA_LONG, 0, a, 0, n);
      case boolean[] a -> { for (int i = 0; i < n; i++) a[i] = host.get(ValueLayout.JAVA_BYTE, i) != 0; }
      default -> throw new IllegalArgumentException("OpenCL download: unknown store for " + dtype + shape);
    }
    return NdArray.wrapStore(dtype, shape, store);
  }

  /** The device and runtime holding it. */
  public ClRuntime runtime() { return runtime; }

  /** The element dtype. */
  public DType dtype() { return dtype; }

  /** The array's shape. */
  public Shape shape() { return shape; }

  /** Its size in bytes (at least 1: OpenCL allocates no empty buffer). */
  public long byteSize() { return Math.max(1, (long) shape.size() * elementBytes(dtype)); }

  /** The {@code cl_mem} handle, valid until {@link #close()}. */
  MemorySegment mem() { return mem; }

  /** Gives the device memory back to the runtime now ({@link ClRuntime#recycle}; idempotent). */
  @Override public void close() { cleanable.clean(); }

  @Override public String toString() { return "ClBuffer(" + dtype + shape + " on " + runtime.device().id() + ")"; }
}
