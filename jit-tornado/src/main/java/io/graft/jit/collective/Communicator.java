package io.graft.jit.collective;

import io.graft.numerics.NdArray;
import io.graft.trace.prim.ReduceOp;

/**
 * One member's view of a group of {@link #size()} members that exchange host buffers (JAX's devices of a
 * {@code pmap}; MPI's ranks of a communicator). Every member calls the same exchanges in the same order with
 * operands of the same dtype and shape; each call returns when every member has contributed. {@code op} is
 * {@link ReduceOp#SUM}, {@link ReduceOp#MAX} or {@link ReduceOp#MIN}.
 *
 * <p>With {@code x_r} member {@code r}'s operand:
 * <ul>
 *   <li>{@link #allReduce}: {@code op_r x_r} on every member ({@code MPI_Allreduce});</li>
 *   <li>{@link #allGather}: {@code stack(x_0, ..., x_{n-1})}, shape {@code [n, ...x.shape]} ({@code MPI_Allgather});</li>
 *   <li>{@link #reduceScatter}: member {@code k} gets block {@code k} of {@code op_r x_r}, each {@code x_r} of shape
 *       {@code [n, ...block]} ({@code MPI_Reduce_scatter_block}).</li>
 * </ul>
 * Implementations must give every member bitwise the same result of {@link #allReduce} (a fixed reduction order), so
 * that replicated values (parameters updated with a {@code pmean}-ed gradient) stay identical across members.
 */
public interface Communicator {
  /** This member's index in {@code [0, size)}. */
  int rank();

  /** The number of members. */
  int size();

  /** {@code op} over the members' {@code x}, on every member. */
  NdArray allReduce(NdArray x, ReduceOp op);

  /** The members' {@code x} stacked in rank order along a new leading axis. */
  NdArray allGather(NdArray x);

  /** Block {@link #rank()} (along the leading axis, which has {@link #size()} entries) of {@code op} over the members' {@code x}. */
  NdArray reduceScatter(NdArray x, ReduceOp op);
}
