package io.graft.jit.mpi;

import io.graft.jit.collective.Communicator;
import io.graft.numerics.DType;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.trace.prim.ReduceOp;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * The ranks of {@code MPI_COMM_WORLD} as a {@link Communicator}: one member per process, {@code rank()} the MPI rank.
 * Each exchange copies the operand into native memory, makes the MPI call ({@code MPI_Allreduce} in place,
 * {@code MPI_Allgather}, {@code MPI_Reduce_scatter_block}) through {@code caller} — the one thread that makes this
 * process's MPI calls, so collectives on the communicator never run concurrently — and copies the result back.
 * f32, f64 and i32 operands (the binding's types); others are an {@link IllegalArgumentException} naming the dtype.
 *
 * <p>Every rank gets the same bits from {@link #allReduce}: Open MPI's reductions combine the ranks' values in an order
 * that does not depend on the calling rank for commutative predefined ops.
 */
public final class MpiCommunicator implements Communicator {
  private final Mpi mpi;
  private final Function<Callable<Object>, Object> caller;

  /**
   * @param mpi    the initialised binding
   * @param caller runs an MPI call on the process's MPI thread and returns its result (rethrowing its exception)
   */
  public MpiCommunicator(Mpi mpi, Function<Callable<Object>, Object> caller) {
    this.mpi = Objects.requireNonNull(mpi, "mpi is null");
    this.caller = Objects.requireNonNull(caller, "caller is null");
  }

  @Override public int rank() { return mpi.rank(); }

  @Override public int size() { return mpi.size(); }

  @Override public NdArray allReduce(NdArray x, ReduceOp op) {
    DType d = checked("allReduce", x);
    try (Arena arena = Arena.ofShared()) {
      MemorySegment buf = copyIn(arena, x);
      caller.apply(() -> { mpi.allReduce(buf, x.size(), d, mpiOp(op)); return null; });
      return copyOut(buf, d, x.shape());
    }
  }

  @Override public NdArray allGather(NdArray x) {
    DType d = checked("allGather", x);
    try (Arena arena = Arena.ofShared()) {
      MemorySegment send = copyIn(arena, x);
      MemorySegment recv = arena.allocate((long) x.size() * size() * bytes(d), 8);
      caller.apply(() -> { mpi.allGather(send, x.size(), d, recv); return null; });
      return copyOut(recv, d, x.shape().insert(0, size()));
    }
  }

  @Override public NdArray reduceScatter(NdArray x, ReduceOp op) {
    DType d = checked("reduceScatter", x);
    if (x.shape().rank() == 0 || x.shape().dim(0) != size())
      throw new IllegalArgumentException("reduceScatter over MPI: operand " + d + x.shape() + " needs a leading axis of "
          + size() + " (one block per rank)");
    long block = x.size() / size();
    try (Arena arena = Arena.ofShared()) {
      MemorySegment send = copyIn(arena, x);
      MemorySegment recv = arena.allocate(block * bytes(d), 8);
      caller.apply(() -> { mpi.reduceScatterBlock(send, recv, block, d, mpiOp(op)); return null; });
      return copyOut(recv, d, x.shape().drop(0));
    }
  }

  private static DType checked(String what, NdArray x) {
    DType d = x.dtype();
    if (d != DType.F32 && d != DType.F64 && d != DType.I32)
      throw new IllegalArgumentException(what + " over MPI: " + d + x.shape() + " is not f32, f64 or i32, the types the MPI "
          + "binding sends; convert it first (astype)");
    return d;
  }

  private static MpiOp mpiOp(ReduceOp op) {
    return switch (op) {
      case SUM -> MpiOp.SUM;
      case MAX -> MpiOp.MAX;
      case MIN -> MpiOp.MIN;
      case PROD -> throw new IllegalArgumentException("a product over MPI ranks is not a collective Graft offers (psum, pmax, pmin)");
    };
  }

  private static int bytes(DType d) { return d == DType.F64 ? 8 : 4; }

  private static MemorySegment copyIn(Arena arena, NdArray x) {
    long n = (long) x.size() * bytes(x.dtype());
    MemorySegment seg = arena.allocate(Math.max(1, n), 8);
    MemorySegment.copy(heap(x.store()), 0, seg, 0, n);
    return seg;
  }

  private static NdArray copyOut(MemorySegment seg, DType d, Shape shape) {
    int n = shape.size();
    Object store = NdArray.newStore(d, n);
    MemorySegment.copy(seg, 0, heap(store), 0, (long) n * bytes(d));
    return NdArray.wrapStore(d, shape, store);
  }

  /** A heap segment over an f32, f64 or i32 store (the dtypes {@link #checked} lets through). */
  private static MemorySegment heap(Object store) {
    return switch (store) {
      case float[] f -> MemorySegment.ofArray(f);
      case double[] f -> MemorySegment.ofArray(f);
      case int[] f -> MemorySegment.ofArray(f);
      default -> throw new IllegalStateException("MPI: no native copy of a " + store.getClass().getSimpleName());
    };
  }
}
