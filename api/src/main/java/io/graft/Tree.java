package io.graft;

import io.graft.trace.tree.NodeType;
import io.graft.trace.tree.TreeDef;
import io.graft.trace.tree.Trees;
import io.vavr.Tuple2;
import io.vavr.collection.Seq;
import io.vavr.collection.Vector;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Pytrees ({@code jax.tree_util}): nested records, Vavr {@code Tuple}/{@code List}/{@code Vector}/{@code Map}/
 * {@code Option}, {@code java.util} lists and maps, and {@code null}, with {@link Array} leaves.
 * <pre>{@code
 * record Params(Array w, Array b) {}
 * Params halved = Tree.map(params, a -> a.mul(0.5));
 * }</pre>
 */
public final class Tree {
  private Tree() {}

  /** The leaves of {@code tree} in order, and its structure. */
  public static Tuple2<Vector<Array>, TreeDef> flatten(Object tree) {
    Trees.Flat f = Trees.flatten(tree);
    return new Tuple2<>(f.leaves().map(l -> (Array) l), f.def());
  }

  /** The tree of structure {@code def} with these leaves. */
  @SuppressWarnings("unchecked")
  public static <T> T unflatten(TreeDef def, Seq<Array> leaves) {
    Objects.requireNonNull(def, "def is null");
    Objects.requireNonNull(leaves, "leaves is null");
    return (T) Trees.unflatten(def, leaves);
  }

  /** {@code tree} with {@code f} applied to every leaf. */
  @SuppressWarnings("unchecked")
  public static <T> T map(T tree, UnaryOperator<Array> f) {
    Objects.requireNonNull(f, "f is null");
    return (T) Trees.map(tree, l -> f.apply((Array) l));
  }

  /** {@code f(a, b)} leaf by leaf over two trees of the same structure. */
  @SuppressWarnings("unchecked")
  public static <T> T map2(T a, T b, BiFunction<Array, Array, Array> f) {
    Objects.requireNonNull(f, "f is null");
    Tuple2<Vector<Array>, TreeDef> fa = flatten(a), fb = flatten(b);
    if (!fa._2.equals(fb._2))
      throw new io.graft.trace.tree.NotATreeError("Tree.map2: structures differ: " + fa._2 + " vs " + fb._2);
    return (T) Trees.unflatten(fa._2, fa._1.zipWith(fb._1, f));
  }

  /** The leaves of {@code tree}. */
  public static Vector<Array> leaves(Object tree) { return flatten(tree)._1; }

  /**
   * Registers a container type: {@code children} lists its arrays (or nested containers) in a fixed order with
   * static data {@code aux}; {@code rebuild} makes a container from aux and new children.
   */
  public static <T> void register(Class<T> type, Function<T, Tuple2<Vector<Object>, Object>> children,
                                  BiFunction<Object, Vector<Object>, T> rebuild) {
    Objects.requireNonNull(type, "type is null");
    Trees.register(Trees.nodeType(type.getSimpleName(), type, Objects.requireNonNull(children, "children is null"),
        Objects.requireNonNull(rebuild, "rebuild is null")));
  }

  /** Registers a ready-made node type. */
  public static <T> void register(NodeType<T> type) { Trees.register(Objects.requireNonNull(type, "type is null")); }
}
