package io.graft;

import io.graft.numerics.DTypeError;
import io.graft.numerics.NdArray;
import io.graft.numerics.ShapeError;
import io.graft.trace.Const;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.graft.trace.prim.Tangents;
import io.graft.trace.tree.TreeDef;
import io.graft.trace.tree.Trees;
import io.graft.transforms.Jvp;
import io.graft.transforms.Linearize;
import io.vavr.Tuple2;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import java.util.function.Function;

/** Pytree-level forward and reverse mode behind {@link Graft}'s {@code grad}, {@code vjp}, {@code jvp}, {@code linearize}. */
final class Autodiff {
  private Autodiff() {}

  /** {@code (f(x), ∇f(x))} for a scalar-valued {@code f}. */
  @SuppressWarnings("unchecked")
  static <P> Tuple2<Array, P> valueAndGrad(String transform, String site, Function<P, Array> f, P x) {
    Flat.Tree in = Flat.of(x);
    checkFloating(transform, site, x, in);
    TreeDef[] outDef = new TreeDef[1];
    var lin = Linearize.linearize(transform, site, Flat.fn(transform, site, f, in.def(), outDef), in.values());
    Value out = lin._1.head();
    ShapedType t = out.type();
    if (t.rank() != 0)
      throw new ShapeError(transform + "(" + site + "): the function must return a scalar, got " + t
          + "; reduce it (e.g. sum() or mean()) or use jacrev for the full Jacobian");
    if (!t.dtype().isFloating())
      throw new DTypeError(transform + "(" + site + "): the function must return a floating scalar, got " + t);
    Vector<Option<Value>> cts = lin._2.transpose(Vector.of(Const.of(NdArray.scalar(t.dtype(), 1))));
    Vector<Value> grads = cts.zipWith(in.values(), (c, v) -> Tangents.instantiate(c, v.type().strong()));
    return new Tuple2<>(new Array(out), (P) Flat.arrays(in.def(), grads));
  }

  /** {@code (f(x), ct ↦ ctᵀ·∂f(x))}. */
  @SuppressWarnings("unchecked")
  static <P, R> Tuple2<R, Function<R, P>> vjp(String transform, String site, Function<P, R> f, P x) {
    Flat.Tree in = Flat.of(x);
    checkFloating(transform, site, x, in);
    TreeDef[] outDef = new TreeDef[1];
    var lin = Linearize.linearize(transform, site, Flat.fn(transform, site, f, in.def(), outDef), in.values());
    R out = (R) Flat.arrays(outDef[0], lin._1);
    Vector<ShapedType> outTypes = lin._1.map(v -> v.type().strong());
    Function<R, P> back = ct -> {
      Flat.Tree c = Flat.of(ct);
      if (!c.def().equals(outDef[0]))
        throw new ShapeError(transform + "(" + site + "): the cotangent has structure " + c.def() + " but the output has " + outDef[0]);
      for (int i = 0; i < c.values().size(); i++) {
        ShapedType got = c.values().get(i).type(), want = outTypes.get(i);
        if (!got.shape().equals(want.shape()) || got.dtype() != want.dtype())
          throw new ShapeError(transform + "(" + site + "): cotangent leaf " + i + " is " + got + " but the output leaf is " + want);
      }
      Vector<Option<Value>> cts = lin._2.transpose(c.values());
      return (P) Flat.arrays(in.def(), cts.zipWith(in.values(), (g, v) -> Tangents.instantiate(g, v.type().strong())));
    };
    return new Tuple2<>(out, back);
  }

  /** {@code (f(x), ∂f(x)·t)}. */
  @SuppressWarnings("unchecked")
  static <P, R> Tuple2<R, R> jvp(String transform, String site, Function<P, R> f, P x, P t) {
    Flat.Tree in = Flat.of(x), tan = Flat.of(t);
    checkTangents(transform, site, in, tan);
    TreeDef[] outDef = new TreeDef[1];
    var res = Jvp.jvp(transform, site, Flat.fn(transform, site, f, in.def(), outDef), in.values(), tan.values().map(Option::of));
    return new Tuple2<>((R) Flat.arrays(outDef[0], res._1), (R) Flat.arrays(outDef[0], res._2));
  }

  /** {@code (f(x), t ↦ ∂f(x)·t)}; the linear map is recorded once and replayed on each call. */
  @SuppressWarnings("unchecked")
  static <P, R> Tuple2<R, Function<P, R>> linearize(String transform, String site, Function<P, R> f, P x) {
    Flat.Tree in = Flat.of(x);
    checkFloating(transform, site, x, in);
    TreeDef[] outDef = new TreeDef[1];
    var lin = Linearize.linearize(transform, site, Flat.fn(transform, site, f, in.def(), outDef), in.values());
    Function<P, R> map = t -> {
      Flat.Tree tan = Flat.of(t);
      checkTangents(transform, site, in, tan);
      return (R) Flat.arrays(outDef[0], lin._2.apply(tan.values()));
    };
    return new Tuple2<>((R) Flat.arrays(outDef[0], lin._1), map);
  }

  private static void checkFloating(String transform, String site, Object x, Flat.Tree in) {
    for (int i = 0; i < in.values().size(); i++) {
      ShapedType t = in.values().get(i).type();
      if (!t.dtype().isFloating())
        throw new DTypeError(transform + "(" + site + "): argument" + Trees.paths(x).get(i) + " is " + t
            + ", but differentiation needs floating inputs (f32, f64); convert it with astype(Np.float32), "
            + "or close over integer arrays instead of passing them as the differentiated argument");
    }
  }

  private static void checkTangents(String transform, String site, Flat.Tree in, Flat.Tree tan) {
    if (!tan.def().equals(in.def()))
      throw new ShapeError(transform + "(" + site + "): the tangent has structure " + tan.def() + " but the primal has " + in.def());
    for (int i = 0; i < in.values().size(); i++) {
      ShapedType p = in.values().get(i).type(), t = tan.values().get(i).type();
      if (!p.shape().equals(t.shape()) || p.dtype() != t.dtype())
        throw new ShapeError(transform + "(" + site + "): tangent leaf " + i + " is " + t + " but its primal is " + p
            + "; tangents must match their primals' shapes and dtypes");
    }
  }
}
