package io.graft.trace.tree;

import io.vavr.collection.Vector;
import java.util.Objects;

/**
 * The structure of a pytree with its leaves taken out ({@code PyTreeDef}); value equality, so it can key caches.
 * Prints like {@code Params(w=*, b=*)} or {@code (*, [*, *])}.
 */
public sealed interface TreeDef {
  /** Number of leaves. */
  int leafCount();

  /** A leaf position. */
  record LeafDef() implements TreeDef {
    @Override public int leafCount() { return 1; }

    @Override public String toString() { return "*"; }
  }

  /** {@code null} or an empty {@code Option}: a node with no children (JAX's {@code None}). */
  record NoneDef(String name) implements TreeDef {
    @Override public int leafCount() { return 0; }

    @Override public String toString() { return name; }
  }

  /**
   * A static value ({@link StaticLeaf}): no leaves; compared with the value's {@code equals}, so a different static
   * value is a different structure.
   *
   * @param value the static object, put back as it is by unflattening
   */
  record StaticDef(StaticLeaf value) implements TreeDef {
    /** Validates. */
    public StaticDef { Objects.requireNonNull(value, "value is null"); }

    @Override public int leafCount() { return 0; }

    @Override public String toString() { return String.valueOf(value); }
  }

  /**
   * A container node.
   *
   * @param type     how it flattens and rebuilds
   * @param aux      static data (compared with equals)
   * @param children the children's structures
   */
  record NodeDef(NodeType<?> type, Object aux, Vector<TreeDef> children) implements TreeDef {
    /** Validates. */
    public NodeDef {
      Objects.requireNonNull(type, "type is null");
      Objects.requireNonNull(children, "children is null");
    }

    @Override public int leafCount() { return children.map(TreeDef::leafCount).sum().intValue(); }

    @Override public boolean equals(Object o) {
      return o instanceof NodeDef n && n.type.type().equals(type.type()) && Objects.equals(n.aux, aux) && n.children.equals(children);
    }

    @Override public int hashCode() { return Objects.hash(type.type(), aux, children); }

    @Override public String toString() {
      String statics = aux instanceof RecordNodes.Aux a && a.hasStatics() ? (children.isEmpty() ? "" : "; ") + a.describeStatics() : "";
      return type.name() + children.mkString("(", ", ", "") + statics + ")";
    }
  }
}
