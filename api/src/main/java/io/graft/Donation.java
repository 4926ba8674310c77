package io.graft;

import io.graft.trace.Value;
import io.graft.trace.tree.Leaf;
import io.graft.trace.tree.TreeDef;
import io.graft.trace.tree.Trees;
import io.vavr.collection.Vector;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Donation for a jitted call ({@code jax.jit(f, donate_argnums=...)}): the argument handles a call takes (invalidated,
 * all or none), which of their buffers the executable may recycle (a handle that was its buffer's only holder: a
 * jitted result nothing has read), and which results are such handles again, so a train step donating its state each
 * call writes the new state over the old one: {@code state = step.apply(state, batch)}.
 */
final class Donation {
  private Donation() {}

  /** The leaves' values, those at {@code donated} read by {@link Array#peek} (keeping their sole claim). */
  static Vector<Value> peek(Vector<Leaf> ls, int[] donated) {
    Value[] vs = new Value[ls.size()];
    for (int i : donated) if (i >= 0 && i < vs.length && ls.get(i) instanceof Array a) vs[i] = a.peek();
    for (int i = 0; i < vs.length; i++) if (vs[i] == null) vs[i] = ls.get(i).value();
    return Vector.of(vs);
  }

  /** Result arrays; those whose buffer is their own ({@code fresh}) may be donated again and recycled. */
  static Vector<Array> soleWhereFresh(Vector<Value> outs, boolean[] fresh) {
    Array[] as = new Array[outs.size()];
    for (int k = 0; k < as.length; k++) as[k] = fresh[k] ? Array.sole(outs.get(k)) : new Array(outs.get(k));
    return Vector.of(as);
  }

  /**
   * For {@code jit(site)}: checks the donated leaf indices against the argument's leaves {@code flat}, then invalidates those handles, each once (a handle may sit at
   * several leaves). All or nothing: if another thread donated one of them first, the handles taken so far are given
   * back and that handle's {@link DonatedArrayError} propagates, so of two calls racing to donate a handle exactly
   * one runs. Returns, per argument leaf, whether its buffer may be recycled: the handle sat at that leaf alone and
   * was its buffer's only holder ({@link Array.Donated#sole}).
   */
  static boolean[] take(String site, Trees.Flat flat, int leaves, int[] donated) {
    for (int i : donated)
      if (i < 0 || i >= leaves)
        throw new IllegalArgumentException("jit(" + site + "): cannot donate argument leaf " + i + "; the argument has "
            + leaves + " array leaves (indices in flattening order, 0.." + (leaves - 1) + ")");
    Vector<Leaf> ls = flat.leaves();
    TreeDef def = flat.def();   // the structure alone: a message kept by a donated handle holds no argument's arrays
    io.vavr.Lazy<Vector<String>> paths = io.vavr.Lazy.of(() -> Trees.paths(def));   // only a message reads them
    Map<Array, Array.Donated> taken = new IdentityHashMap<>(); // local: the handles this call invalidated, to undo on failure
    try {
      for (int i : donated)
        if (ls.get(i) instanceof Array a && !taken.containsKey(a)) {
          int leaf = i;
          taken.put(a, a.donate(io.vavr.Lazy.of(() -> "argument leaf " + (paths.get().get(leaf).isEmpty() ? "x" : "x" + paths.get().get(leaf))
              + " (leaf " + leaf + ") was donated to jit(" + site + ") and can no longer be used; use the function's results, or do not donate it")));
        }
    } catch (DonatedArrayError e) {
      taken.forEach((a, d) -> a.undonate(d.value()));
      throw e;
    }
    Map<Leaf, int[]> seen = new IdentityHashMap<>();
    for (Leaf l : ls) seen.computeIfAbsent(l, k -> new int[1])[0]++;
    boolean[] give = new boolean[leaves];
    for (int i : donated)
      give[i] = ls.get(i) instanceof Array a && seen.get(a)[0] == 1 && taken.get(a).sole();
    return give;
  }
}
