package io.graft.dist;

import io.graft.Array;
import io.graft.jit.mpi.Mpi;
import io.graft.numerics.DType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * One leaf of {@link Distributed#broadcast}: the {@code root} rank's array of the same shape and dtype on every rank
 * ({@code MPI_Bcast} on {@link Distributed}'s communication thread). {@code f32}, {@code f64} and {@code i32} travel
 * as they are, {@code i64} as pairs of {@code i32}, the other dtypes through {@code f64} (exact for each of them).
 * <pre>{@code
 * Array w0 = LeafBroadcast.of(dist, mpi, w, 0);   // rank 0's w, on every rank
 * }</pre>
 */
final class LeafBroadcast {
  private LeafBroadcast() {}

  /** Rank {@code root}'s {@code x} (every rank passes its own array of that shape and dtype). */
  static Array of(Distributed d, Mpi mpi, Array x, int root) {
    int n = x.size();
    try (Arena a = Arena.ofShared()) {
      switch (x.dtype()) {
        case F32 -> {
          MemorySegment s = a.allocateFrom(ValueLayout.JAVA_FLOAT, x.toFloatArray());
          d.onComm(() -> { mpi.broadcast(s, n, DType.F32, root); return null; });
          return Array.of(s.toArray(ValueLayout.JAVA_FLOAT), x.shape());
        }
        case I32 -> {
          MemorySegment s = a.allocateFrom(ValueLayout.JAVA_INT, x.toIntArray());
          d.onComm(() -> { mpi.broadcast(s, n, DType.I32, root); return null; });
          return Array.of(s.toArray(ValueLayout.JAVA_INT), x.shape());
        }
        case I64 -> {
          MemorySegment s = a.allocateFrom(ValueLayout.JAVA_LONG, x.toLongArray());
          d.onComm(() -> { mpi.broadcast(s, 2L * n, DType.I32, root); return null; });
          return Array.of(s.toArray(ValueLayout.JAVA_LONG), x.shape());
        }
        case F64 -> {
          MemorySegment s = a.allocateFrom(ValueLayout.JAVA_DOUBLE, x.toDoubleArray());
          d.onComm(() -> { mpi.broadcast(s, n, DType.F64, root); return null; });
          return Array.of(s.toArray(ValueLayout.JAVA_DOUBLE), x.shape());
        }
        case BOOL, U32, BF16, F16 -> {
          return of(d, mpi, x.astype(DType.F64), root).astype(x.dtype());
        }
      }
    }
    throw new AssertionError(x.dtype());
  }
}
