package io.graft.jit.collective;

import io.graft.numerics.NdArray;
import io.graft.numerics.ShapeError;
import io.graft.trace.Const;
import io.graft.trace.Value;
import io.graft.trace.ops.Shapes;
import io.graft.trace.prim.LaxOps;
import io.graft.trace.prim.ReduceOp;
import java.util.concurrent.Phaser;

/**
 * A {@link Communicator} group of threads in one JVM (the local CPU devices of a {@code pmap}): members publish their
 * operand in a shared slot and meet at a {@link Phaser}; each then computes the exchange's result from all slots, in
 * rank order, so every member gets the same bits. Slots alternate between two sets by round: a member can be at most
 * one exchange ahead of the slowest (the phaser holds it), so it never overwrites an operand still being read.
 *
 * <p>{@link #abort} (a member failed) terminates the phaser: members waiting in an exchange, and any that reach one
 * later, throw {@link GroupAbortedError} instead of waiting forever.
 */
public final class LocalGroup {
  private final int size;
  private final Phaser phaser;
  private final NdArray[][] slots;

  private LocalGroup(int size) {
    this.size = size;
    this.phaser = new Phaser(size);
    this.slots = new NdArray[2][size];
  }

  /** A group of {@code size} members, each to be driven by its own thread. */
  public static LocalGroup of(int size) {
    if (size < 1) throw new IllegalArgumentException("a group needs at least 1 member, got " + size);
    return new LocalGroup(size);
  }

  /** The number of members. */
  public int size() { return size; }

  /** Member {@code rank}'s communicator; each member must be used by one thread at a time. */
  public Communicator member(int rank) {
    if (rank < 0 || rank >= size) throw new IllegalArgumentException("rank " + rank + " is not in [0, " + size + ")");
    return new Member(rank);
  }

  /** Ends the group: every exchange now waiting or started later throws {@link GroupAbortedError}. */
  public void abort() { phaser.forceTermination(); }

  private final class Member implements Communicator {
    private final int rank;
    private int round;   // exchanges this member has made: the slot set is round % 2

    Member(int rank) { this.rank = rank; }

    @Override public int rank() { return rank; }

    @Override public int size() { return size; }

    @Override public NdArray allReduce(NdArray x, ReduceOp op) { return read("all_reduce", fold(exchange("all_reduce", x), op, -1)); }

    @Override public NdArray allGather(NdArray x) {
      NdArray[] all = exchange("all_gather", x);
      Value[] v = new Value[all.length];
      for (int r = 0; r < v.length; r++) v[r] = Const.of(all[r]);
      return read("all_gather", array(Shapes.stack(0, v)));
    }

    @Override public NdArray reduceScatter(NdArray x, ReduceOp op) {
      if (x.shape().rank() == 0 || x.shape().dim(0) != size)
        throw new ShapeError("reduce_scatter: member " + rank + "'s operand " + x.dtype() + x.shape() + " needs a leading axis of "
            + size + " blocks, one per member; reshape it to [" + size + ", ...]");
      return read("reduce_scatter", fold(exchange("reduce_scatter", x), op, rank));
    }

    /** Publishes {@code x}, waits for every member, and returns all members' operands in rank order. */
    private NdArray[] exchange(String what, NdArray x) {
      NdArray[] set = slots[round++ & 1];
      set[rank] = x;
      if (phaser.arriveAndAwaitAdvance() < 0)
        throw new GroupAbortedError(what + " on member " + rank + " of " + size + ": the group was aborted (another member "
            + "failed); its error is the one to read");
      NdArray[] all = set.clone();
      for (int r = 0; r < size; r++)
        if (all[r].dtype() != x.dtype() || !all[r].shape().equals(x.shape()))
          throw new ShapeError(what + ": member " + r + " contributed " + all[r].dtype() + all[r].shape() + " but member " + rank
              + " contributed " + x.dtype() + x.shape() + "; every member must exchange the same dtype and shape");
      return all;
    }

    /**
     * Waits until every member has read the operands of this exchange, then returns {@code result}: an operand is a
     * member's own buffer, which its program may recycle and overwrite as soon as it returns (the jit's executor does,
     * once the slot dies), so no member may leave before the slowest has read all of them.
     */
    private NdArray read(String what, NdArray result) {
      if (phaser.arriveAndAwaitAdvance() < 0)
        throw new GroupAbortedError(what + " on member " + rank + " of " + size + ": the group was aborted (another member "
            + "failed); its error is the one to read");
      return result;
    }

    /** {@code op} over {@code all} in rank order; of each one's block {@code block} along axis 0 when it is not -1. */
    private NdArray fold(NdArray[] all, ReduceOp op, int block) {
      Value acc = null;
      for (NdArray a : all) {
        Value v = block < 0 ? Const.of(a) : Shapes.get(Const.of(a), block);
        acc = acc == null ? v : switch (op) {
          case SUM -> LaxOps.add(acc, v);
          case MAX -> LaxOps.max(acc, v);
          case MIN -> LaxOps.min(acc, v);
          case PROD -> throw new IllegalArgumentException("a communicator reduces by sum, max or min, not " + op);
        };
      }
      return array(acc);
    }
  }

  static NdArray array(Value v) { return ((Const) v).array(); }
}
