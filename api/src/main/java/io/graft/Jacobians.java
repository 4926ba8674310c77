package io.graft;

import io.graft.numerics.DType;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.trace.Bind;
import io.graft.trace.Const;
import io.graft.trace.Value;
import io.graft.trace.prim.Tangents;
import io.graft.trace.prim.Reshape;
import io.graft.trace.tree.TreeDef;
import io.graft.trace.tree.Trees;
import io.vavr.Tuple2;
import io.vavr.collection.Vector;
import java.util.function.Function;

/**
 * Full Jacobians by vectorising over a basis: {@code jacrev} maps the VJP over the rows of the identity,
 * {@code jacfwd} maps the JVP over its columns (one pass, not a loop, thanks to {@code vmap}). Results have shape
 * {@code out.shape + in.shape}, as in JAX.
 */
final class Jacobians {
  private Jacobians() {}

  static Array jacrev(String transform, String site, Function<Array, Array> f, Array x) {
    Tuple2<Array, Function<Array, Array>> vj = Autodiff.vjp(transform, site, f, x);
    Array y = vj._1;
    Array basis = basis(y.dtype(), y.shape());
    Array rows = Vectorize.vmap(transform, site, vj._2, AxisSpec.of(0), AxisSpec.of(0), basis);
    return reshape(rows, concat(y.shape(), x.shape()));
  }

  static Array jacfwd(String transform, String site, Function<Array, Array> f, Array x) {
    Array basis = basis(x.dtype(), x.shape());
    Function<Array, Array> push = t -> Autodiff.jvp(transform, site, f, x, t)._2;
    Array cols = Vectorize.vmap(transform, site, push, AxisSpec.of(0), AxisSpec.of(-1), basis);
    int[] ys = cols.shape();
    return reshape(cols, concat(java.util.Arrays.copyOf(ys, ys.length - 1), x.shape()));
  }

  @SuppressWarnings("unchecked")
  static <P> P jacrevTree(String transform, String site, Function<P, Array> f, P x) {
    Tuple2<Array, Function<Array, P>> vj = Autodiff.vjp(transform, site, f, x);
    Array y = vj._1;
    P rows = Vectorize.vmap(transform, site, vj._2, AxisSpec.of(0), AxisSpec.of(0), basis(y.dtype(), y.shape()));
    return (P) Trees.map(rows, l -> {
      int[] s = ((Array) l).shape();
      return reshape((Array) l, concat(y.shape(), java.util.Arrays.copyOfRange(s, 1, s.length)));
    });
  }

  @SuppressWarnings("unchecked")
  static <P> P jacfwdTree(String transform, String site, Function<P, Array> f, P x) {
    Flat.Tree in = Flat.of(x);
    Vector<Array> out = Vector.empty();
    for (int k = 0; k < in.values().size(); k++) {
      int leaf = k;
      Value xk = in.values().get(k);
      Function<Array, Array> push = t -> {
        Vector<Value> tan = Vector.range(0, in.values().size()).map(i -> i == leaf ? t.value()
            : Tangents.zeros(in.values().get(i).type().strong()));
        return Autodiff.jvp(transform, site, f, x, (P) Flat.arrays(in.def(), tan))._2;
      };
      int[] xs = xk.type().shape().dims();
      Array cols = Vectorize.vmap(transform, site, push, AxisSpec.of(0), AxisSpec.of(-1), basis(xk.type().dtype(), xs));
      int[] ys = cols.shape();
      out = out.append(reshape(cols, concat(java.util.Arrays.copyOf(ys, ys.length - 1), xs)));
    }
    TreeDef def = in.def();
    return (P) Trees.unflatten(def, out);
  }

  /** The identity of size {@code prod(shape)} as a stack of one-hot arrays of {@code shape}: {@code (n, *shape)}. */
  private static Array basis(DType dtype, int[] shape) {
    int n = Shape.of(shape).size();
    Shape basis = Shape.checked("jacobian", () -> "the one-hot basis of inputs " + dtype + java.util.Arrays.toString(shape),
        concat(new int[] {n}, shape));
    double[] eye = new double[basis.size()];
    for (int i = 0; i < n; i++) eye[i * n + i] = 1;
    return new Array(Const.of(NdArray.wrap(basis, eye).astype(dtype)));
  }

  private static Array reshape(Array a, int[] shape) {
    return new Array(Bind.bind1(new Reshape(Shape.of(shape)), a.value()));
  }

  private static int[] concat(int[] a, int[] b) {
    int[] r = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
