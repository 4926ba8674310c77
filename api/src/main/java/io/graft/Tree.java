package io.graft;

import io.graft.trace.tree.NodeType;
import io.graft.trace.tree.TreeDef;
import io.graft.trace.tree.Trees;
import io.vavr.Function3;
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

  /**
   * {@code f(a, b)} leaf by leaf over two trees of the same structure; a {@link TreeMismatchError} showing both
   * structures otherwise.
   */
  @SuppressWarnings("unchecked")
  public static <T> T map2(T a, T b, BiFunction<Array, Array, Array> f) {
    Objects.requireNonNull(f, "f is null");
    return mapN("Tree.map2", xs -> f.apply(xs.get(0), xs.get(1)), Vector.of(a, b));
  }

  /**
   * {@code f(a, b, c)} leaf by leaf over three trees of the same structure ({@code jax.tree.map(f, a, b, c)}); a
   * {@link TreeMismatchError} showing both structures otherwise.
   */
  public static <T> T map3(T a, T b, T c, Function3<Array, Array, Array, Array> f) {
    Objects.requireNonNull(f, "f is null");
    return mapN("Tree.map3", xs -> f.apply(xs.get(0), xs.get(1), xs.get(2)), Vector.of(a, b, c));
  }

  /**
   * {@code jax.tree.map(f, tree, *rest)}: {@code f} applied at each leaf position to the leaves of {@code tree} and
   * of every tree in {@code rest}, in that order ({@code xs.get(0)} is {@code tree}'s leaf), giving a tree of
   * {@code tree}'s structure. All trees must have one structure (containers, record types, map keys, static values
   * and leaf positions); a {@link TreeMismatchError} shows the first that differs from {@code tree} and where.
   * <pre>{@code
   * Params avg = Tree.mapN(xs -> xs.get(0).add(xs.get(1)).add(xs.get(2)).div(3.0), p1, p2, p3);
   * }</pre>
   */
  @SafeVarargs
  public static <T> T mapN(Function<? super Vector<Array>, Array> f, T tree, T... rest) {
    Objects.requireNonNull(f, "f is null");
    Objects.requireNonNull(rest, "rest is null");
    Vector<T> trees = Vector.of(tree);
    for (T t : rest) trees = trees.append(t);   // element by element: the varargs array itself never escapes
    return mapN("Tree.mapN", f, trees);
  }

  @SuppressWarnings("unchecked")
  private static <T> T mapN(String op, Function<? super Vector<Array>, Array> f, Vector<T> trees) {
    Vector<Tuple2<Vector<Array>, TreeDef>> flats = trees.map(Tree::flatten);
    TreeDef def = flats.head()._2;
    for (int i = 1; i < flats.size(); i++)
      if (!flats.get(i)._2.equals(def)) throw TreeMismatchError.of(op, trees.head(), trees.get(i), i);
    int n = def.leafCount();
    Vector<Array> out = Vector.range(0, n).map(j -> Objects.requireNonNull(
        f.apply(flats.map(t -> t._1.get(j))), () -> op + ": f returned null at leaf " + j));
    return (T) Trees.unflatten(def, out);
  }

  /**
   * {@code jax.tree_util.tree_flatten_with_path}: each leaf of {@code tree} with its path from the root, and the
   * structure. A path joins one segment per level: {@code .name} for a record component, {@code ['key']} for a map
   * entry, {@code [i]} for a sequence or tuple element; e.g. {@code .layers[0].w} or {@code ['dense'].b}.
   */
  public static Tuple2<Vector<Tuple2<String, Array>>, TreeDef> flattenWithPath(Object tree) {
    Tuple2<Vector<Array>, TreeDef> flat = flatten(tree);
    return new Tuple2<>(Trees.paths(tree).zip(flat._1), flat._2);
  }

  /**
   * {@code jax.tree_util.tree_map_with_path}: {@code tree} with {@code f(path, leaf)} applied to every leaf (paths
   * as in {@link #flattenWithPath}), e.g. to decay only weight matrices:
   * <pre>{@code Tree.mapWithPath(params, (path, w) -> path.endsWith(".w") ? w.mul(0.99) : w)}</pre>
   */
  @SuppressWarnings("unchecked")
  public static <T> T mapWithPath(T tree, BiFunction<String, Array, Array> f) {
    Objects.requireNonNull(f, "f is null");
    Tuple2<Vector<Tuple2<String, Array>>, TreeDef> flat = flattenWithPath(tree);
    return (T) Trees.unflatten(flat._2, flat._1.map(t -> Objects.requireNonNull(f.apply(t._1, t._2),
        () -> "Tree.mapWithPath: f returned null at " + t._1)));
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
