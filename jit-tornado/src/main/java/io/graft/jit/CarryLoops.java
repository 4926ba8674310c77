package io.graft.jit;

import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.kernels.GemmPrepacked;
import io.graft.trace.ShapedType;
import io.graft.trace.prim.Scan;
import io.graft.trace.prim.WhileLoop;
import io.vavr.collection.Vector;
import java.util.ArrayDeque;
import java.util.Map;

/**
 * The jit's loops ({@link Scan}, {@link WhileLoop}; {@code foriLoop} is one of them): the body's compiled program
 * run once per iteration with the carry's buffers recycled. Iteration {@code t}'s carry is donated to iteration
 * {@code t + 1}'s run when the loop owns it (the body allocated it, from the pool or fresh); that run gives it back
 * to the enclosing run's pool once its last reader is done, where the body's next result (or an intermediate)
 * takes it, so the carry ping-pongs between buffers instead of allocating one set per iteration. Each {@code xs}
 * slice is copied into a pooled buffer, donated the same way; each {@code y} is copied into row {@code t} of one
 * buffer per output allocated before the first step. A carry the loop does not own (the user's array, a constant,
 * a value the body passed through from its consts) is never donated, so it is never overwritten.
 *
 * <p>Same values as {@link Scan#run} / {@link WhileLoop#run} with the same sub-programs: only where buffers come
 * from changes.
 */
final class CarryLoops {
  private CarryLoops() {}

  /** {@code scan} over {@code in} (consts, carry, xs); results the carry and the stacked ys, all but passed-through carries owned. */
  static Executor.Out scan(Scan s, Executor body, NdArray[] in, Map<Long, ArrayDeque<Object>> pool) {
    return GemmPrepacked.during(stores(in, 0, s.numConsts()), () -> scanLoop(s, body, in, pool));
  }

  /** The stores of {@code in[from, to)}: a loop's constants, which its products may keep packed (GemmPrepacked). */
  private static java.util.List<Object> stores(NdArray[] in, int from, int to) {
    java.util.List<Object> r = new java.util.ArrayList<>();
    for (int i = from; i < to; i++) r.add(in[i].store());
    return r;
  }

  private static Executor.Out scanLoop(Scan s, Executor body, NdArray[] in, Map<Long, ArrayDeque<Object>> pool) {
    int nc = s.numConsts(), nk = s.numCarry(), nx = s.numXs(), len = s.length();
    NdArray[] args = new NdArray[nc + nk + nx];
    boolean[] donated = new boolean[args.length];
    System.arraycopy(in, 0, args, 0, nc + nk);   // consts and the initial carry: the caller's, never donated
    Shape[] sliceShapes = new Shape[nx];
    for (int j = 0; j < nx; j++) { sliceShapes[j] = in[nc + nk + j].shape().drop(0); donated[nc + nk + j] = true; }
    Vector<ShapedType> yTypes = s.body().outTypes().drop(nk);
    Object[] ys = new Object[yTypes.size()];
    for (int k = 0; k < ys.length; k++)   // from the pool: every step overwrites its row, and a stacked [len, ...] array
      ys[k] = Executor.take(pool, yTypes.get(k).dtype(), yTypes.get(k).shape().size() * len);   // is often humongous in G1
    for (int step = 0; step < len; step++) {
      int t = s.reverse() ? len - 1 - step : step;
      for (int j = 0; j < nx; j++) {
        NdArray xs = in[nc + nk + j];
        int n = sliceShapes[j].size();
        Object row = Executor.take(pool, xs.dtype(), n);
        System.arraycopy(xs.store(), t * n, row, 0, n);
        args[nc + nk + j] = NdArray.wrapStore(xs.dtype(), sliceShapes[j], row);
      }
      Executor.Out out = body.runIn(args, donated, pool);
      for (int k = 0; k < nk; k++) { args[nc + k] = out.values()[k]; donated[nc + k] = out.owned()[k]; }
      for (int k = 0; k < ys.length; k++) {
        NdArray y = out.values()[nk + k];
        int n = yTypes.get(k).shape().size();
        System.arraycopy(y.astype(yTypes.get(k).dtype()).store(), 0, ys[k], t * n, n);
        if (out.owned()[nk + k] && !heldBefore(out.values(), nk + k)) Executor.recycle(pool, y);
      }
    }
    NdArray[] results = new NdArray[nk + ys.length];
    boolean[] owned = new boolean[nk + ys.length];
    for (int k = 0; k < nk; k++) { results[k] = args[nc + k]; owned[k] = donated[nc + k]; }
    for (int k = 0; k < ys.length; k++) {
      ShapedType t = yTypes.get(k);
      results[nk + k] = NdArray.wrapStore(t.dtype(), t.shape().insert(0, len), ys[k]);
      owned[nk + k] = true;
    }
    return new Executor.Out(results, owned);
  }

  /** {@code while} over {@code in} (cond consts, body consts, carry); results the carry, owned where the body made it. */
  static Executor.Out whileLoop(WhileLoop w, Executor cond, Executor body, NdArray[] in, Map<Long, ArrayDeque<Object>> pool) {
    return GemmPrepacked.during(stores(in, w.condConsts(), w.condConsts() + w.bodyConsts()),
        () -> whileLoopRun(w, cond, body, in, pool));
  }

  private static Executor.Out whileLoopRun(WhileLoop w, Executor cond, Executor body, NdArray[] in,
                                           Map<Long, ArrayDeque<Object>> pool) {
    int cc = w.condConsts(), bc = w.bodyConsts(), nk = in.length - cc - bc;
    NdArray[] condArgs = new NdArray[cc + nk], bodyArgs = new NdArray[bc + nk];
    System.arraycopy(in, 0, condArgs, 0, cc);
    System.arraycopy(in, cc, bodyArgs, 0, bc + nk);
    boolean[] donated = new boolean[bodyArgs.length];   // the initial carry is the caller's
    while (true) {
      System.arraycopy(bodyArgs, bc, condArgs, cc, nk);
      Executor.Out p = cond.runIn(condArgs, null, pool);   // nothing donated: the carry lives on
      boolean go = p.values()[0].getBoolean(0);
      if (p.owned()[0]) Executor.recycle(pool, p.values()[0]);
      if (!go) break;
      Executor.Out out = body.runIn(bodyArgs, donated, pool);
      for (int k = 0; k < nk; k++) { bodyArgs[bc + k] = out.values()[k]; donated[bc + k] = out.owned()[k]; }
    }
    boolean[] owned = new boolean[nk];
    System.arraycopy(donated, bc, owned, 0, nk);
    NdArray[] carry = new NdArray[nk];
    System.arraycopy(bodyArgs, bc, carry, 0, nk);
    return new Executor.Out(carry, owned);
  }

  /** Whether a result before {@code k} (a carry, an earlier y) holds result {@code k}'s buffer: then it is not recycled (again). */
  private static boolean heldBefore(NdArray[] values, int k) {
    for (int i = 0; i < k; i++) if (values[i].store() == values[k].store()) return true;
    return false;
  }
}
