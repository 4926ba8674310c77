package io.graft.trace.tree;

import io.vavr.Tuple;
import io.vavr.Tuple2;
import io.vavr.collection.Seq;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Flattening and rebuilding pytrees: nested containers whose leaves are {@link Leaf}s (arrays).
 *
 * <p>Containers understood out of the box: records (by component, rebuilt with the canonical constructor), Vavr
 * {@code Tuple0..Tuple8}, {@code List}, {@code Vector} (and other {@code Seq}s, rebuilt as {@code Vector}
 * unless a {@code List}), {@code Map} (children in key order, sorted when the keys are comparable), {@code Option},
 * {@code java.util.List}, {@code java.util.Map}, {@code null} (an empty node, JAX's {@code None}) and {@link StaticLeaf}s
 * (static values, no leaves, part of the structure). A record's components that are not arrays (numbers, strings,
 * enums, functions, or anything annotated {@code @StaticField}) are static parts of its structure (see
 * {@link RecordNodes}). User types
 * join through {@link #register}: the registry is append-only and thread-safe, one of Graft's four globals.
 * <pre>{@code
 * record Params(Array w, Array b) {}
 * var flat = Trees.flatten(new Params(w, b));   // leaves [w, b], def Params(*, *)
 * }</pre>
 */
public final class Trees {
  /**
   * A flattened tree.
   *
   * @param leaves the leaves in order
   * @param def    the structure
   */
  public record Flat(Vector<Leaf> leaves, TreeDef def) {}

  private static final CopyOnWriteArrayList<NodeType<?>> REGISTRY = new CopyOnWriteArrayList<>();
  private static final TreeDef LEAF = new TreeDef.LeafDef();
  private static final TreeDef NONE = new TreeDef.NoneDef("None");

  private Trees() {}

  /** Registers a container type; later registrations do not replace earlier ones for the same class. */
  public static <T> void register(NodeType<T> type) {
    if (type == null) throw new NullPointerException("type is null");
    REGISTRY.add(type);
  }

  /** The leaves and structure of {@code tree}; a {@link NotATreeError} for anything that is neither. */
  public static Flat flatten(Object tree) {
    List<Leaf> leaves = new ArrayList<>(); // flatten-local accumulator
    TreeDef def;
    try {
      def = flattenFast(tree, leaves);
    } catch (NotATreeError e) {              // again with paths, for the message that names where
      flattenInto(tree, new ArrayList<>(), "");
      throw e;
    }
    return new Flat(Vector.ofAll(leaves), def);
  }

  /**
   * {@link #flattenInto} without building each node's path: every jitted call flattens its arguments, and the path
   * strings (only an error message reads them) were most of that work and of its JIT compilation.
   */
  private static TreeDef flattenFast(Object node, List<Leaf> leaves) {
    if (node instanceof Leaf l) { leaves.add(l); return LEAF; }
    if (node == null) return NONE;
    if (node instanceof StaticLeaf st) return new TreeDef.StaticDef(st);
    NodeType<?> type = nodeType(node.getClass(), "tree");
    Vector<Object> kids = type.childrenOf(node);
    TreeDef[] defs = new TreeDef[kids.size()];
    int i = 0;
    for (Object kid : kids) defs[i++] = flattenFast(kid, leaves);
    return new TreeDef.NodeDef(type, type.auxOf(node), Vector.ofAll(Arrays.asList(defs)));
  }

  /** The path of each leaf of {@code tree} from its root, e.g. {@code .w}, {@code [0].b}, {@code ['key']}. */
  public static Vector<String> paths(Object tree) {
    List<String> paths = new ArrayList<>(); // local accumulator
    flattenInto(tree, new ArrayList<>(), "", paths);
    return Vector.ofAll(paths);
  }

  /**
   * The path of each leaf of a tree of structure {@code def}, as {@link #paths(Object)} gives them for the tree: the
   * names come from the structure alone (record components, map keys, indices), so no tree need be kept to name a leaf.
   */
  public static Vector<String> paths(TreeDef def) {
    List<String> paths = new ArrayList<>(); // local accumulator
    pathsOf(def, "", paths);
    return Vector.ofAll(paths);
  }

  private static void pathsOf(TreeDef def, String path, List<String> paths) {
    switch (def) {
      case TreeDef.LeafDef l -> paths.add(path);
      case TreeDef.NoneDef n -> { }
      case TreeDef.StaticDef st -> { }
      case TreeDef.NodeDef(var type, var aux, var kids) -> {
        Vector<String> names = childNames(type, aux, kids.size());
        for (int i = 0; i < kids.size(); i++) pathsOf(kids.get(i), path + names.get(i), paths);
      }
    }
  }

  /**
   * The path of the first {@code null} in {@code tree} ({@code ""} when {@code tree} itself is null), or none: for
   * callers that take {@code null} for a mistake rather than an empty node, such as a transformed function's result.
   */
  public static Option<String> nullPath(Object tree) {
    if (tree == null) return Option.some("");
    if (tree instanceof Leaf || tree instanceof StaticLeaf) return Option.none();
    Vector<Object> kids = nodeType(tree.getClass(), "tree").childrenOf(tree);
    Vector<String> names = childNames(tree, kids.size());
    for (int i = 0; i < kids.size(); i++) {
      Option<String> p = nullPath(kids.get(i));
      if (p.isDefined()) return Option.some(names.get(i) + p.get());
    }
    return Option.none();
  }

  private static TreeDef flattenInto(Object node, List<Leaf> leaves, String path) {
    return flattenInto(node, leaves, path, null);
  }

  private static TreeDef flattenInto(Object node, List<Leaf> leaves, String path, List<String> paths) {
    if (node instanceof Leaf l) { leaves.add(l); if (paths != null) paths.add(path); return LEAF; }
    if (node == null) return NONE;
    if (node instanceof StaticLeaf st) return new TreeDef.StaticDef(st);
    NodeType<?> type = nodeType(node.getClass(), path.isEmpty() ? "tree" : "tree" + path);
    Vector<Object> kids = type.childrenOf(node);
    Vector<String> names = childNames(node, kids.size());
    TreeDef[] defs = new TreeDef[kids.size()];
    for (int i = 0; i < defs.length; i++) defs[i] = flattenInto(kids.get(i), leaves, path + names.get(i), paths);
    return new TreeDef.NodeDef(type, type.auxOf(node), Vector.ofAll(Arrays.asList(defs)));
  }

  /** Child path segments: {@code .field} for records, {@code ['key']} for maps, {@code [i]} otherwise. */
  private static Vector<String> childNames(Object node, int n) {
    NodeType<?> type = nodeType(node.getClass(), "tree");
    return childNames(type, type.auxOf(node), n);
  }

  /** {@link #childNames(Object, int)} of a node of {@code type} whose auxiliary data is {@code aux}. */
  private static Vector<String> childNames(NodeType<?> type, Object aux, int n) {
    if (aux instanceof RecordNodes.Aux a) return a.childNames().map(c -> "." + c);
    Class<?> c = type.type();
    if ((io.vavr.collection.Map.class.isAssignableFrom(c) || java.util.Map.class.isAssignableFrom(c))
        && BuiltinNodes.forClass(c) == type) {
      @SuppressWarnings("unchecked")
      Vector<Object> keys = aux instanceof io.vavr.Tuple2<?, ?> t ? (Vector<Object>) t._2 : (Vector<Object>) aux;
      return keys.map(k -> "['" + k + "']");
    }
    return Vector.range(0, n).map(i -> "[" + i + "]");
  }

  /** The children of a container node ({@code none} for leaves and {@code null}); a {@link NotATreeError} otherwise. */
  public static Option<Vector<Object>> children(Object node) {
    if (node == null || node instanceof Leaf || node instanceof StaticLeaf) return Option.none();
    return Option.of(nodeType(node.getClass(), "tree").childrenOf(node));
  }

  /** Rebuilds a tree of structure {@code def} with {@code leaves} (any objects) in leaf order. */
  public static Object unflatten(TreeDef def, Seq<?> leaves) {
    if (leaves.size() != def.leafCount())
      throw new NotATreeError("unflatten: structure " + def + " has " + def.leafCount() + " leaves but " + leaves.size() + " were given");
    int[] next = {0};
    return build(def, leaves, next);
  }

  private static Object build(TreeDef def, Seq<?> leaves, int[] next) {
    return switch (def) {
      case TreeDef.LeafDef l -> leaves.get(next[0]++);
      case TreeDef.NoneDef n -> null;
      case TreeDef.StaticDef st -> st.value();
      case TreeDef.NodeDef n -> n.type().rebuild().apply(n.aux(), n.children().map(c -> build(c, leaves, next)));
    };
  }

  /** Maps {@code f} over the leaves of {@code tree}, keeping its structure. */
  public static Object map(Object tree, Function<Leaf, ?> f) {
    Flat flat = flatten(tree);
    return unflatten(flat.def(), flat.leaves().map(f));
  }

  private static NodeType<?> nodeType(Class<?> c, String path) {
    for (NodeType<?> t : REGISTRY) if (t.type().isAssignableFrom(c)) return t;
    NodeType<?> builtin = BuiltinNodes.forClass(c);
    if (builtin != null) return builtin;
    throw new NotATreeError("not a pytree: " + path + " is a " + c.getName() + "; pytree leaves are Arrays and containers are "
        + "records, Vavr Tuple/List/Vector/Map/Option, java.util List/Map or null; to keep a non-array value (a number, a "
        + "String, a config record) in the tree, make it a record component (numbers, strings, enums and functions there are "
        + "static automatically; annotate others @StaticField) or wrap it in Static.of(value) (io.graft.Static: passed through as it is, "
        + "never traced); register other container types with Tree.register");
  }

  /** Convenience for registering with a Tuple-returning flattener. */
  public static <T> NodeType<T> nodeType(String name, Class<T> type, Function<T, Tuple2<Vector<Object>, Object>> flatten,
                                         java.util.function.BiFunction<Object, Vector<Object>, T> rebuild) {
    return new NodeType<>(name, type, t -> flatten.apply(t)._1, t -> flatten.apply(t)._2, rebuild);
  }

  static Object tupleOf(Vector<Object> xs) {
    return switch (xs.size()) {
      case 0 -> Tuple.empty();
      case 1 -> Tuple.of(xs.get(0));
      case 2 -> Tuple.of(xs.get(0), xs.get(1));
      case 3 -> Tuple.of(xs.get(0), xs.get(1), xs.get(2));
      case 4 -> Tuple.of(xs.get(0), xs.get(1), xs.get(2), xs.get(3));
      case 5 -> Tuple.of(xs.get(0), xs.get(1), xs.get(2), xs.get(3), xs.get(4));
      case 6 -> Tuple.of(xs.get(0), xs.get(1), xs.get(2), xs.get(3), xs.get(4), xs.get(5));
      case 7 -> Tuple.of(xs.get(0), xs.get(1), xs.get(2), xs.get(3), xs.get(4), xs.get(5), xs.get(6));
      case 8 -> Tuple.of(xs.get(0), xs.get(1), xs.get(2), xs.get(3), xs.get(4), xs.get(5), xs.get(6), xs.get(7));
      default -> throw new NotATreeError("Vavr tuples have at most 8 elements, got " + xs.size());
    };
  }

  static Option<Object> optionOf(Vector<Object> xs) { return xs.isEmpty() ? Option.none() : Option.of(xs.head()); }
}
