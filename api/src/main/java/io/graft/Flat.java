package io.graft;

import io.graft.trace.Value;
import io.graft.trace.tree.Leaf;
import io.graft.trace.tree.TreeDef;
import io.graft.trace.tree.Trees;
import io.vavr.collection.Vector;
import java.util.function.Function;

/** Flattening between users' pytrees of {@link Array}s and the flat value vectors the interpreters work on. */
final class Flat {
  private Flat() {}

  /**
   * A flattened pytree.
   *
   * @param values the leaves' values in order
   * @param def    the structure
   */
  record Tree(Vector<Value> values, TreeDef def) {}

  static Tree of(Object tree) {
    Trees.Flat f = Trees.flatten(tree);
    return new Tree(f.leaves().map(Leaf::value), f.def());
  }

  static Object arrays(TreeDef def, Vector<? extends Value> values) {
    return Trees.unflatten(def, values.map(Array::new));
  }

  /** A flat version of {@code f} for arguments of structure {@code inDef}; the output structure lands in {@code outDef[0]}. */
  @SuppressWarnings("unchecked")
  static <P> Function<Vector<Value>, Vector<? extends Value>> fn(Function<P, ?> f, TreeDef inDef, TreeDef[] outDef) {
    return vals -> {
      Object out = f.apply((P) arrays(inDef, vals));
      Tree t = of(out);
      outDef[0] = t.def();
      return t.values();
    };
  }
}
