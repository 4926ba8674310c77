package io.graft.jit;

import io.graft.jit.opencl.ClBuffer;
import io.graft.jit.opencl.ClRuntime;
import io.graft.numerics.Shape;
import io.graft.trace.prim.Cond;
import io.graft.trace.prim.Scan;
import io.graft.trace.prim.WhileLoop;
import io.vavr.collection.Vector;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Control flow on an OpenCL device ({@link OpenClExecutable}'s control steps): {@code cond}, {@code while_loop} and
 * {@code scan} driven from the host, their sub-programs run on the device with the carries resident.
 * <pre>{@code
 * ClBuffer[] out = OpenClControl.run(rt, step, subs, operands);   // fresh, distinct buffers
 * }</pre>
 */
final class OpenClControl {
  private OpenClControl() {}

  /**
   * Runs a control step on its operands {@code in} from the host, its sub-programs on the device: a cond downloads
   * its index (one scalar) and runs one branch; a while downloads its predicate (one bool) per iteration; a scan
   * downloads nothing: each {@code xs} slice is a device copy into a fresh buffer and each {@code y} a device copy
   * into row {@code t} of its stacked result. Carries stay on the device, the previous iteration's released once
   * the next is made. Returns fresh, distinct buffers (pass-through values copied).
   */
  static ClBuffer[] run(ClRuntime rt, Step.Control c, OpenClExecutable[] subs, ClBuffer[] in) {
    return switch (c.prim()) {
      case Cond k -> {
        int branch = k.clamp(rt.download(in[0]).getLong(0));
        OpenClExecutable.Run r = subs[branch].runFresh(Vector.of(in).tail());
        yield distinct(rt, r.values(), r.fresh());
      }
      case WhileLoop w -> {
        int cc = w.condConsts(), bc = w.bodyConsts(), nk = in.length - cc - bc;
        ClBuffer[] carry = java.util.Arrays.copyOfRange(in, cc + bc, in.length);
        boolean[] mine = new boolean[nk];
        while (true) {
          OpenClExecutable.Run p = subs[0].runFresh(Vector.of(in).take(cc).appendAll(java.util.Arrays.asList(carry)));
          boolean go = rt.download(p.values()[0]).getBoolean(0);
          if (p.fresh()[0]) p.values()[0].close();
          if (!go) break;
          OpenClExecutable.Run r = subs[1].runFresh(Vector.of(in).drop(cc).take(bc).appendAll(java.util.Arrays.asList(carry)));
          mine = replaceCarry(carry, mine, r, nk, new ClBuffer[0]);
        }
        yield distinct(rt, carry, mine);
      }
      case Scan s -> {
        int nc = s.numConsts(), nk = s.numCarry(), nx = s.numXs(), len = s.length();
        ClBuffer[] carry = java.util.Arrays.copyOfRange(in, nc, nc + nk);
        boolean[] mine = new boolean[nk];
        Vector<io.graft.trace.ShapedType> yTypes = s.body().outTypes().drop(nk);
        ClBuffer[] ys = new ClBuffer[yTypes.size()];
        for (int k = 0; k < ys.length; k++) ys[k] = rt.allocate(yTypes.get(k).dtype(), yTypes.get(k).shape().insert(0, len));
        for (int step = 0; step < len; step++) {
          int t = s.reverse() ? len - 1 - step : step;
          ClBuffer[] slices = new ClBuffer[nx];
          for (int j = 0; j < nx; j++) {
            ClBuffer xs = in[nc + nk + j];
            Shape sh = xs.shape().drop(0);
            slices[j] = rt.allocate(xs.dtype(), sh);
            rt.copyRegion(xs, (long) t * sh.size(), slices[j], 0, sh.size());
          }
          OpenClExecutable.Run r = subs[0].runFresh(Vector.of(in).take(nc).appendAll(java.util.Arrays.asList(carry))
              .appendAll(java.util.Arrays.asList(slices)));
          for (int k = 0; k < ys.length; k++) {
            long n = yTypes.get(k).shape().size();
            rt.copyRegion(r.values()[nk + k], 0, ys[k], t * n, n);
          }
          mine = replaceCarry(carry, mine, r, nk, slices);
        }
        ClBuffer[] out = new ClBuffer[nk + ys.length];
        System.arraycopy(distinct(rt, carry, mine), 0, out, 0, nk);
        System.arraycopy(ys, 0, out, nk, ys.length);
        yield out;
      }
    };
  }

  /**
   * Makes {@code r}'s first {@code nk} results the carry: releases the old carry buffers the loop made, the fresh
   * results after the carry (ys, already copied out) and {@code slices}, except those the new carry holds; returns
   * which new carries the loop made (fresh results and slices).
   */
  private static boolean[] replaceCarry(ClBuffer[] carry, boolean[] mine, OpenClExecutable.Run r, int nk, ClBuffer[] slices) {
    Map<ClBuffer, Boolean> keep = new IdentityHashMap<>(), released = new IdentityHashMap<>();
    boolean[] next = new boolean[nk];
    for (int k = 0; k < nk; k++) {
      ClBuffer v = r.values()[k];
      keep.put(v, true);
      next[k] = r.fresh()[k] || java.util.Arrays.stream(slices).anyMatch(x -> x == v) || heldMine(v, carry, mine);
    }
    List<ClBuffer> drop = new ArrayList<>();
    for (int k = 0; k < nk; k++) if (mine[k]) drop.add(carry[k]);
    for (int k = nk; k < r.values().length; k++) if (r.fresh()[k]) drop.add(r.values()[k]);
    drop.addAll(java.util.Arrays.asList(slices));
    for (ClBuffer b : drop) if (!keep.containsKey(b) && released.put(b, true) == null) b.close();
    System.arraycopy(r.values(), 0, carry, 0, nk);
    return next;
  }

  /** Whether {@code b} is a carry buffer the loop made (a carry the body passed through). */
  private static boolean heldMine(ClBuffer b, ClBuffer[] carry, boolean[] mine) {
    for (int k = 0; k < carry.length; k++) if (mine[k] && carry[k] == b) return true;
    return false;
  }

  /** {@code values} as fresh, distinct buffers: a value not {@code fresh}, or held twice, becomes a device copy. */
  private static ClBuffer[] distinct(ClRuntime rt, ClBuffer[] values, boolean[] fresh) {
    ClBuffer[] out = new ClBuffer[values.length];
    Map<ClBuffer, Boolean> seen = new IdentityHashMap<>();
    for (int k = 0; k < values.length; k++)
      out[k] = fresh[k] && seen.put(values[k], true) == null ? values[k] : rt.copy(values[k]);
    return out;
  }
}
