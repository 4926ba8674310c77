package io.graft;

import io.graft.numerics.ShapeError;
import io.graft.trace.tree.TreeDef;
import io.graft.trace.tree.Trees;
import io.vavr.collection.Vector;
import java.util.Objects;

/**
 * Which axis {@link Graft#vmap} maps over, for a whole argument or result or per part of it ({@code in_axes} /
 * {@code out_axes}).
 *
 * <ul>
 *   <li>{@code AxisSpec.of(0)}, {@code AxisSpec.of(-1)}: every leaf along that axis (negative counts from the end);</li>
 *   <li>{@code AxisSpec.of(null)} or {@link #none()}: not mapped (JAX's {@code None});</li>
 *   <li>{@code AxisSpec.tree(prefix)}: a pytree prefix of the argument whose leaves are {@code Integer}s,
 *       {@code null}s or {@code AxisSpec}s, each applying to the whole subtree below it, e.g.
 *       {@code AxisSpec.tree(Tuple.of(0, null))} for a {@code Tuple2} argument. A Vavr {@code Tuple} or {@code Seq}
 *       prefix also matches a record's components in order (records cannot hold integers).</li>
 * </ul>
 */
public sealed interface AxisSpec {
  /** Every leaf mapped along {@code axis}. */
  record At(int axis) implements AxisSpec {}

  /** Not mapped. */
  record Unmapped() implements AxisSpec {}

  /**
   * A per-part spec.
   *
   * @param prefix a pytree prefix with Integer / null / AxisSpec leaves
   */
  record Prefix(Object prefix) implements AxisSpec {}

  /** Mapped along {@code axis}; {@code null} means unmapped. */
  static AxisSpec of(Integer axis) { return axis == null ? new Unmapped() : new At(axis); }

  /** Not mapped. */
  static AxisSpec none() { return new Unmapped(); }

  /** A per-part spec (see the class doc). */
  static AxisSpec tree(Object prefix) { return new Prefix(Objects.requireNonNull(prefix, "prefix is null")); }

  /** The axis (or {@code null}) for each leaf of a tree of structure {@code def}. */
  default Vector<Integer> resolve(TreeDef def, String what) {
    return switch (this) {
      case At a -> Vector.fill(def.leafCount(), a.axis());
      case Unmapped u -> Vector.fill(def.leafCount(), (Integer) null);
      case Prefix p -> resolvePrefix(p.prefix(), def, what);
    };
  }

  private static Vector<Integer> resolvePrefix(Object prefix, TreeDef def, String what) {
    if (prefix == null) return Vector.fill(def.leafCount(), (Integer) null);
    if (prefix instanceof Integer i) return Vector.fill(def.leafCount(), i);
    if (prefix instanceof AxisSpec s) return s.resolve(def, what);
    var kids = Trees.children(prefix);
    if (kids.isEmpty() || !(def instanceof TreeDef.NodeDef node) || node.children().size() != kids.get().size())
      throw new ShapeError("vmap: " + what + " axis spec " + prefix + " is not a prefix of the structure " + def
          + "; give one Integer (or null) per part, in a container of the same shape");
    Vector<Integer> out = Vector.empty();
    for (int i = 0; i < kids.get().size(); i++) out = out.appendAll(resolvePrefix(kids.get().get(i), node.children().get(i), what));
    return out;
  }
}
