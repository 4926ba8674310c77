package io.graft.jit.collective;

import io.graft.numerics.DType;
import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.trace.Const;
import io.graft.trace.Value;
import io.graft.trace.ops.Shapes;
import io.graft.trace.prim.AllGather;
import io.graft.trace.prim.AxisIndex;
import io.graft.trace.prim.Collective;
import io.graft.trace.prim.Pmax;
import io.graft.trace.prim.Pmin;
import io.graft.trace.prim.Psum;
import io.graft.trace.prim.PsumScatter;
import io.graft.trace.prim.ReduceOp;
import io.vavr.collection.Vector;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Collective equations run on one member of a device group: the kernel the CPU executor uses for a collective whose
 * axis the running thread is bound to ({@link #on}), in place of {@link Collective#eval} (the unbound-axis error).
 * With {@code n} members, {@code r} this member's rank and {@code comm} its {@link Communicator}:
 * <ul>
 *   <li>{@code psum}/{@code pmax}/{@code pmin}: {@code comm.allReduce(x, SUM|MAX|MIN)};</li>
 *   <li>{@code all_gather(axis, tiled)}: {@code comm.allGather(x)} (shape {@code [n, ...]}), then the stacked axis moved
 *       to {@code axis} (merged into it when tiled) by the primitive's own named batching rule, so the layout is
 *       exactly the one {@code vmap} gives;</li>
 *   <li>{@code psum_scatter(dim, tiled)}: {@code dim} moved to the front (split into {@code [n, d/n]} when tiled),
 *       {@code comm.reduceScatter(x, SUM)}, and the block's axis moved back to {@code dim} when tiled;</li>
 *   <li>{@code axis_index}: {@code r} as an i32 scalar.</li>
 * </ul>
 * The binding is a {@link ScopedValue} set by the code that drives one member's run (e.g. {@code pmap}'s device
 * thread) for the duration of that run: runtime state of the executing thread, never read while tracing.
 */
public final class DeviceCollectives {
  private DeviceCollectives() {}

  private record Binding(String axisName, Communicator comm) {}

  private static final ScopedValue<Binding> BOUND = ScopedValue.newInstance();

  /** Runs {@code body} with the collectives over {@code axisName} executed through {@code comm}. */
  public static <T> T on(String axisName, Communicator comm, Supplier<T> body) {
    Objects.requireNonNull(axisName, "axisName is null");
    Objects.requireNonNull(comm, "comm is null");
    return ScopedValue.where(BOUND, new Binding(axisName, comm)).call(body::get);
  }

  /** Whether the running thread executes {@code c} through a communicator (its axis is the bound one). */
  public static boolean bound(Collective c) { return BOUND.isBound() && BOUND.get().axisName().equals(c.axisName()); }

  /** {@code c} on this member's operands {@code in}, through the bound communicator. */
  public static NdArray run(Collective c, NdArray[] in) {
    Communicator comm = BOUND.get().comm();
    int n = comm.size();
    return switch (c) {
      case Psum _ -> comm.allReduce(in[0], ReduceOp.SUM);
      case Pmax _ -> comm.allReduce(in[0], ReduceOp.MAX);
      case Pmin _ -> comm.allReduce(in[0], ReduceOp.MIN);
      case AxisIndex _ -> NdArray.scalar(DType.I32, comm.rank());
      case AllGather g -> {
        Collective.checkSize(g.name(), g.axisName(), g.axisSize(), n);
        Value all = Const.of(comm.allGather(in[0]));
        yield array(g.batchNamed(Vector.of(all), Ints.of(0), n).value());
      }
      case PsumScatter s -> scatter(s, in[0], comm);
    };
  }

  private static NdArray scatter(PsumScatter s, NdArray x, Communicator comm) {
    int n = comm.size();
    Collective.checkSize(s.name(), s.axisName(), s.axisSize(), n);
    int d = s.scatterDimension();
    int rank = x.shape().rank();
    int[] front = new int[rank];   // d first, the others in order
    int[] back = new int[rank];    // its inverse
    for (int i = 0; i < rank; i++) {
      front[i] = i == 0 ? d : (i <= d ? i - 1 : i);
      back[i] = i < d ? i + 1 : (i == d ? 0 : i);
    }
    Value v = d == 0 ? Const.of(x) : Shapes.laxTranspose(Const.of(x), front);
    if (s.tiled()) {
      int[] dims = new int[rank + 1];
      int[] t = v.type().shape().dims();
      dims[0] = n;
      dims[1] = t[0] / n;
      System.arraycopy(t, 1, dims, 2, rank - 1);
      v = Shapes.laxReshape(v, dims);
    }
    NdArray block = comm.reduceScatter(array(v), ReduceOp.SUM);
    if (!s.tiled() || d == 0) return block;
    return array(Shapes.laxTranspose(Const.of(block), back));
  }

  private static NdArray array(Value v) { return ((Const) v).array(); }
}
