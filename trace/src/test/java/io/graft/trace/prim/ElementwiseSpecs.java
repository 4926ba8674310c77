package io.graft.trace.prim;

import io.graft.numerics.DType;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.kernels.Domain;
import java.util.ArrayList;
import java.util.List;

/** Specs for the elementwise family: every op-table row with an operand of a dtype it accepts, and every record. */
final class ElementwiseSpecs {
  private ElementwiseSpecs() {}

  /** A sample operand of shape [3] in {@code domain} (values inside every function's real domain). */
  static NdArray sample(Domain domain) {
    return switch (domain) {
      case FLOAT, NUMERIC, ANY -> NdArray.wrap(Shape.of(3), new float[] {0.5f, 0.25f, 0.75f});
      case INTEGRAL_OR_BOOL -> NdArray.wrap(Shape.of(3), new boolean[] {true, false, true});
    };
  }

  static List<Spec> specs() {
    List<Spec> s = new ArrayList<>();
    for (UnaryOp op : UnaryOp.values()) s.add(Spec.of(new Unary(op), sample(op.domain())));
    for (BinaryOp op : BinaryOp.values()) {
      NdArray x = sample(op.domain());
      s.add(Spec.of(new Binary(op), x, x));
      s.add(Spec.of(new Binary(op), NdArray.full(x.dtype(), Shape.scalar(), 1), x));   // rank-0 broadcasts
    }
    NdArray f = NdArray.wrap(Shape.of(2, 2), new double[] {1, -2, 3, -4});
    for (CompareOp op : CompareOp.values()) s.add(Spec.of(new Compare(op), f, NdArray.scalar(DType.F64, 0)));
    s.add(Spec.of(new IntegerPow(3), NdArray.wrap(Shape.of(2), new int[] {2, -3})));
    s.add(Spec.of(new IntegerPow(-2), f));
    NdArray cond = NdArray.wrap(Shape.of(2, 2), new boolean[] {true, false, false, true});
    s.add(Spec.of(new SelectN(), cond, NdArray.scalar(DType.F64, 0), f));
    NdArray which = NdArray.wrap(Shape.of(2, 2), new int[] {0, 1, 2, 1});
    s.add(Spec.of(new SelectN(), which, f, NdArray.scalar(DType.F64, 7), f));
    s.add(Spec.of(new Clamp(), NdArray.scalar(DType.F64, -1), f, NdArray.scalar(DType.F64, 2)));
    s.add(Spec.of(new StopGradient(), f));
    s.add(Spec.of(new ConvertElementType(DType.BOOL, false), f));
    return s;
  }
}
