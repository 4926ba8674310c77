package io.graft;

import io.graft.numerics.DTypeError;
import io.graft.numerics.NdArray;
import io.graft.numerics.ShapeError;
import io.graft.trace.Const;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.graft.trace.prim.Tangents;
import io.graft.trace.tree.TreeDef;
import io.graft.transforms.Linearize;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import java.util.function.Function;

/** {@code has_aux}: differentiate the first result of {@code f}, carry the second through untouched. */
final class Aux {
  private Aux() {}

  @SuppressWarnings("unchecked")
  static <P, X> Tuple2<Tuple2<Array, X>, P> valueAndGrad(String transform, String site, Function<P, Tuple2<Array, X>> f, P x) {
    Flat.Tree in = Flat.of(x);
    TreeDef[] outDef = new TreeDef[1];
    var lin = Linearize.linearize(transform, site, Flat.fn(transform, site, f, in.def(), outDef), in.values());
    // outputs flatten as (loss, aux leaves...): only the loss is differentiated
    Value loss = lin._1.head();
    ShapedType t = loss.type();
    if (t.rank() != 0 || !t.dtype().isFloating())
      throw (t.rank() != 0 ? new ShapeError(transform + "(" + site + "): the first result must be a scalar, got " + t
          + "; reduce it (e.g. sum() or mean())") : new DTypeError(transform + "(" + site + "): the first result must be a floating scalar, got " + t));
    Vector<Value> cts = lin._1.map(v -> Tangents.zeros(v.type().strong())).update(0, Const.of(NdArray.scalar(t.dtype(), 1)));
    Vector<Option<Value>> g = lin._2.transpose(cts);
    P grads = (P) Flat.arrays(in.def(), g.zipWith(in.values(), (c, v) -> Tangents.instantiate(c, v.type().strong())));
    Tuple2<Array, X> out = (Tuple2<Array, X>) Flat.arrays(outDef[0], lin._1);
    return Tuple.of(out, grads);
  }
}
