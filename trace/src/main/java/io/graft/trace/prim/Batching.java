package io.graft.trace.prim;

import io.graft.numerics.Ints;
import io.graft.numerics.Shape;
import io.graft.trace.Bind;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.vavr.collection.Vector;

/**
 * Helpers for batching rules (JAX's {@code batching.py}): moving batch axes and lining operands up.
 */
public final class Batching {
  private Batching() {}

  /** {@code b}'s value with its batch axis at {@code to}; an unmapped value gets a broadcast axis of {@code size}. */
  public static Value moveTo(Batched b, int to, int size) {
    Value v = b.value();
    if (!b.mapped()) {
      Shape s = v.type().shape().insert(to, size);
      int[] dims = new int[s.rank() - 1];
      for (int i = 0, j = 0; i < s.rank(); i++) if (i != to) dims[j++] = i;
      return Bind.bind1(new BroadcastInDim(s, Ints.of(dims)), v);
    }
    return moveAxis(v, b.dim(), to);
  }

  /** {@code v} with axis {@code from} moved to position {@code to} (the other axes keep their order). */
  public static Value moveAxis(Value v, int from, int to) {
    if (from == to) return v;
    int rank = v.type().rank();
    int[] perm = new int[rank];
    for (int i = 0, j = 0; i < rank; i++) {
      if (i == to) perm[i] = from;
      else { if (j == from) j++; perm[i] = j++; }
    }
    return Bind.bind1(new Transpose(Ints.of(perm)), v);
  }

  /** {@code b}'s value with the batch axis in front (materialised if unmapped). */
  public static Value toFront(Batched b, int size) { return moveTo(b, 0, size); }

  /**
   * Operands of an elementwise primitive lined up: mapped ones get their batch axis in front; unmapped rank-0
   * operands stay as they are (elementwise primitives broadcast them); everything else is broadcast to the full
   * batched shape. The result's batch axis is 0.
   */
  public static Vector<Value> elementwise(Vector<Value> args, Ints dims, int size) {
    Shape elem = Shape.scalar();
    for (int i = 0; i < args.size(); i++) {
      ShapedType t = args.get(i).type();
      Shape s = dims.get(i) == Batched.NOT_MAPPED ? t.shape() : t.shape().drop(dims.get(i));
      if (s.rank() > 0) elem = s;
    }
    Shape full = elem.insert(0, size);
    Vector<Value> out = Vector.empty();
    for (int i = 0; i < args.size(); i++) {
      Value v = args.get(i);
      int d = dims.get(i);
      if (d == Batched.NOT_MAPPED) {
        if (v.type().rank() > 0) v = Bind.bind1(new BroadcastInDim(full, Ints.range(full.rank()).drop1()), v);
      } else {
        v = moveAxis(v, d, 0);
        if (v.type().rank() < full.rank()) v = Bind.bind1(new BroadcastInDim(full, Ints.of(0)), v);
      }
      out = out.append(v);
    }
    return out;
  }
}
