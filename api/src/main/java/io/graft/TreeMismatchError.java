package io.graft;

import io.graft.trace.tree.NotATreeError;
import io.graft.trace.tree.TreeDef;
import io.graft.trace.tree.Trees;
import io.vavr.collection.Vector;

/**
 * Trees that should share one structure do not ({@link Tree#mapN}, {@link Tree#map2}, an optimiser's state against
 * its parameters): the message names the operation and shows both structures in full and the first leaf path where
 * they part.
 */
public final class TreeMismatchError extends NotATreeError {
  private static final long serialVersionUID = 1L;

  /** The structure expected (of the first tree). */
  private final transient TreeDef expected;
  /** The structure found. */
  private final transient TreeDef actual;

  private TreeMismatchError(String message, TreeDef expected, TreeDef actual) {
    super(message);
    this.expected = expected;
    this.actual = actual;
  }

  /** The structure expected (the first tree's). */
  public TreeDef expected() { return expected; }

  /** The structure found. */
  public TreeDef actual() { return actual; }

  /** The error for {@code op} where tree number {@code index} (0-based) differs from {@code first}. */
  static TreeMismatchError of(String op, Object first, Object other, int index) {
    TreeDef a = Trees.flatten(first).def(), b = Trees.flatten(other).def();
    Vector<String> pa = Trees.paths(first), pb = Trees.paths(other);
    int i = 0;
    while (i < pa.size() && i < pb.size() && pa.get(i).equals(pb.get(i))) i++;
    String where = i < pa.size() || i < pb.size()
        ? "; the leaf paths part at leaf " + i + ": " + (i < pa.size() ? "'" + pa.get(i) + "'" : "(none)")
          + " vs " + (i < pb.size() ? "'" + pb.get(i) + "'" : "(none)")
        : "; the leaf paths agree, so a container type, a map's key order or a static value differs";
    return new TreeMismatchError(op + ": tree " + index + " has structure " + b + " (" + b.leafCount()
        + " leaves) but tree 0 has " + a + " (" + a.leafCount() + " leaves)" + where
        + "; every tree must have the same containers, record types, keys and leaf positions", a, b);
  }
}
