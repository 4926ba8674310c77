package io.graft.trace.prim;

import io.graft.numerics.DType;
import io.graft.numerics.DTypeError;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;
import io.graft.numerics.kernels.SelectKernels;
import io.graft.trace.Bind;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.vavr.collection.Vector;
import io.vavr.control.Option;

/**
 * {@code out[i] = cases[which[i]][i]} ({@code lax.select_n}); operands are {@code (which, case0, case1, ...)}.
 * Prints as {@code select_n a b c}.
 *
 * <p>Type rule: {@code which} is bool with exactly two cases ({@code false} picks {@code case0}: so
 * {@code where(c, x, y)} is {@code select_n(c, y, x)}) or i32 with any number of cases (out-of-range indices
 * are clamped); the cases share one dtype; every operand has the one common shape or is rank-0 (a rank-0 operand
 * broadcasts; NB: {@code lax.select_n} wants full-shape cases, Graft also lets scalar cases through, as its
 * other elementwise primitives do). The result has the cases' dtype, is weak only if every case is.
 * JVP: {@code select_n(which, tangents of the cases)}; transpose (linear in the cases): case {@code i} gets
 * {@code select_n(which, 0, .., ct, .., 0)}; batching: operands lined up.
 * <pre>{@code Bind.bind1(new SelectN(), positive, zero, x)   // bool[3], f32[], f32[3] -> f32[3]}</pre>
 */
public record SelectN() implements Elementwise {
  @Override public String name() { return "select_n"; }

  @Override public ShapedType type(Vector<ShapedType> in) {
    String all = in.mkString(", ");
    if (in.size() < 2) throw new ShapeError(name() + ": expects which and at least one case, got (" + all + ")");
    ShapedType which = in.head();
    Vector<ShapedType> cases = in.tail();
    if (which.dtype() != DType.BOOL && which.dtype() != DType.I32)
      throw new DTypeError(name() + ": which must be bool or i32, got " + which + " in (" + all
          + "); compare to get a bool (e.g. x.gt(0.0)) or convert indices with astype(Np.int32)");
    if (which.dtype() == DType.BOOL && cases.size() != 2)
      throw new ShapeError(name() + ": a bool which needs exactly 2 cases, got " + cases.size() + " in (" + all
          + "); use an i32 which to choose among " + cases.size());
    DType d = cases.head().dtype();
    boolean weak = true;
    for (ShapedType c : cases) {
      if (c.dtype() != d)
        throw new DTypeError(name() + ": cases must share one dtype, got (" + all + "); convert with astype(...)");
      weak &= c.weak();
    }
    Shape shape = Shape.scalar();
    for (ShapedType t : in) {
      if (t.rank() == 0) continue;
      if (shape.rank() > 0 && !shape.equals(t.shape()))
        throw new ShapeError(name() + ": operand shapes must be equal (or rank-0), got (" + all
            + "); broadcast first (Np.where broadcasts automatically)");
      shape = t.shape();
    }
    return new ShapedType(shape, d, weak);
  }

  @Override public NdArray eval(Vector<NdArray> in) { return SelectKernels.selectN(in.head(), in.tail().toJavaList()); }

  /**
   * {@code select_n(which, tangents of the cases)}, a zero standing in for each case without a tangent; zero when
   * no case has one ({@code which} never has a tangent).
   */
  @Override public Option<Value> jvp(Vector<Value> primals, Vector<Option<Value>> tangents, Value out) {
    Vector<Option<Value>> ts = tangents.tail();
    if (!out.type().dtype().isFloating() || ts.forAll(Option::isEmpty)) return Option.none();
    Vector<Value> cases = ts.map(t -> t.getOrElse(() -> ElementwiseRules.zero(out)));
    return Option.of(ElementwiseRules.fit(Bind.bind1(this, cases.prepend(primals.head()).toJavaArray(Value[]::new)), out.type()));
  }

  /**
   * Linear in the cases: case {@code i} gets {@code select_n(which, 0, ..., ct, ..., 0)} with {@code ct} at
   * {@code i}, summed to rank 0 for a broadcast rank-0 case. {@code which} must be known.
   */
  @Override public Vector<Option<Value>> transpose(Value ct, Vector<LinearArg> args) {
    Value which = args.head().known(name());
    Value zero = ElementwiseRules.zero(ct);
    Vector<Option<Value>> out = Vector.of(Option.none());
    for (int i = 1; i < args.size(); i++) {
      if (!args.get(i).isLinear()) { out = out.append(Option.none()); continue; }
      Value[] ops = new Value[args.size()];
      ops[0] = which;
      for (int j = 1; j < ops.length; j++) ops[j] = j == i ? ct : zero;
      out = out.append(Option.of(Tangents.sumToOperand(Bind.bind1(this, ops), args.get(i).type())));
    }
    return out;
  }
}
