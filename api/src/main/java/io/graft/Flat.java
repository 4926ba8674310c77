package io.graft;

import io.graft.numerics.DTypeError;
import io.graft.numerics.ShapeError;
import io.graft.trace.TransformError;
import io.graft.trace.Value;
import io.graft.trace.tree.Leaf;
import io.graft.trace.tree.TreeDef;
import io.graft.trace.tree.Trees;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import java.util.function.Function;

/**
 * Flattening between users' pytrees of {@link Array}s and the flat value vectors the interpreters work on, and the
 * one place where a transform applies the user's function ({@link #call}).
 */
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

  /**
   * A flat version of {@code f} for arguments of structure {@code inDef}, applied by {@link #call} under
   * {@code transform}; the output structure lands in {@code outDef[0]}.
   */
  @SuppressWarnings("unchecked")
  static <P> Function<Vector<Value>, Vector<? extends Value>> fn(String transform, String site, Function<P, ?> f,
                                                                   TreeDef inDef, TreeDef[] outDef) {
    return vals -> {
      Tree t = call(transform, site, f, (P) arrays(inDef, vals));
      outDef[0] = t.def();
      return t.values();
    };
  }

  /**
   * {@code f(x)}, flattened, as {@code transform(site)} runs it. A {@link ShapeError} or {@link DTypeError} raised
   * by an op inside {@code f} is raised again as a new error of the same type whose message starts with
   * {@code transform(site): } (the original is its cause), so it names the transform and the user's call site as
   * the transforms' own errors do. Nested transforms each add their prefix on the way out, so the message reads
   * outermost first: {@code grad(loss @ Train.java:41): jit(fn @ Model.java:12): dot_general: ...}, each transform
   * once (a prefix the message already starts with, as when {@code hessian} runs its two passes, is not repeated).
   * A result that is {@code null} or holds a {@code null} is a {@link TransformError} saying where.
   */
  static <P> Tree call(String transform, String site, Function<P, ?> f, P x) {
    Object out;
    try {
      out = f.apply(x);
    } catch (ShapeError | DTypeError e) {
      throw inTransform(transform, site, e);
    }
    Tree t = of(out);
    requireNoNull(transform, site, "the function", out);
    return t;
  }

  /**
   * A {@link TransformError} when {@code tree}, what {@code who} returned (e.g. "the function", "bwd"), is or holds
   * {@code null}.
   */
  static void requireNoNull(String transform, String site, String who, Object tree) {
    Option<String> path = Trees.nullPath(tree);
    if (path.isDefined())
      throw new TransformError(transform + "(" + site + "): " + who + " returned null"
          + (path.get().isEmpty() ? "" : " at " + path.get() + " of its result")
          + "; return an Array or a pytree of Arrays (Option.none() for an empty position)");
  }

  /** {@code e} with {@code transform(site): } in front of its message, same type, {@code e} as its cause. */
  static RuntimeException inTransform(String transform, String site, RuntimeException e) {
    String prefix = transform + "(" + site + "): ";
    String message = String.valueOf(e.getMessage());
    if (message.startsWith(prefix)) return e;
    if (e.getClass() == ShapeError.class) return new ShapeError(prefix + message, e);
    if (e.getClass() == DTypeError.class) return new DTypeError(prefix + message, e);
    return e;
  }
}
