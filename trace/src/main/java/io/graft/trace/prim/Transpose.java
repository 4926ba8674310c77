package io.graft.trace.prim;

import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;
import io.graft.numerics.kernels.Layout;
import io.graft.trace.Bind;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * Permutes axes: output axis {@code k} is operand axis {@code permutation[k]}, so
 * {@code y[i_0, ..., i_{r-1}] = x[j]} with {@code j[permutation[k]] = i_k} ({@code lax.transpose}). Linear:
 * {@code jvp = transpose(t)}; the transpose applies the inverse permutation.
 * <pre>{@code transpose[permutation=(1, 0)] : f32[2,3] -> f32[3,2]}</pre>
 *
 * @param permutation a permutation of {@code 0 .. rank-1}
 */
public record Transpose(Ints permutation) implements Structural, Primitive.Linear {
  /** Validates. */
  public Transpose { Objects.requireNonNull(permutation, "permutation is null"); }

  @Override public String name() { return "transpose"; }

  @Override public String params() { return "permutation=" + permutation; }

  @Override public ShapedType type(Vector<ShapedType> in) {
    Rules.arity(name(), in, 1);
    ShapedType x = in.head();
    boolean ok = permutation.size() == x.rank();
    for (int i = 0; ok && i < permutation.size(); i++) ok = permutation.contains(i);
    if (!ok)
      throw new ShapeError(name() + ": permutation " + permutation + " is not a permutation of the axes " + Ints.range(x.rank())
          + " of operand " + x + "; list every axis exactly once");
    int[] d = new int[x.rank()];
    for (int k = 0; k < d.length; k++) d[k] = x.shape().dim(permutation.get(k));
    return x.withShape(Shape.of(d));
  }

  @Override public NdArray eval(Vector<NdArray> in) { return Layout.transpose(in.head(), permutation.toArray()); }

  /** {@code ct} permuted by the inverse permutation. */
  @Override public Vector<Option<Value>> transpose(Value ct, Vector<LinearArg> args) {
    int[] inverse = new int[permutation.size()];
    for (int k = 0; k < inverse.length; k++) inverse[permutation.get(k)] = k;
    return Vector.of(Option.of(Bind.bind1(new Transpose(Ints.of(inverse)), ct)));
  }

  /** The batch axis keeps its position in the output; the other axes are permuted around it. */
  @Override public Batched batch(Vector<Value> args, Ints dims, int size) {
    int b = dims.get(0);
    Ints perm = StructuralRules.insert(StructuralRules.shift(permutation, b), b, b);
    return new Batched(Bind.bind1(new Transpose(perm), args.head()), b);
  }
}
