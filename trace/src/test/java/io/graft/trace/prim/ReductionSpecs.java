package io.graft.trace.prim;

import io.graft.numerics.DType;
import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import java.util.ArrayList;
import java.util.List;

/** Specs for the reductions and windows families: every record, every ReduceOp/ArgOp/CumulativeOp/WindowOp row. */
final class ReductionSpecs {
  private ReductionSpecs() {}

  /** Parameter variants for the rule properties: several axes, reverse scans, overlapping, padded and dilated windows. */
  private static void variants(List<Spec> s, NdArray x) {
    NdArray cube = NdArray.wrap(Shape.of(2, 3, 4), seq(24, 7));
    for (ReduceOp op : ReduceOp.values()) s.add(Spec.of(new Reduce(op, Ints.of(0, 2)), cube));
    s.add(Spec.of(new Reduce(ReduceOp.PROD, Ints.of()), x));
    s.add(Spec.of(new ArgMinMax(ArgOp.MIN, 2, DType.I32), cube));
    s.add(Spec.of(new ArgSort(1), cube));
    s.add(Spec.of(new ArgSort(0), NdArray.wrapU32(Shape.of(5), new int[] {3, -1, 3, 0, 0x8000_0000})));
    for (CumulativeOp op : CumulativeOp.values()) s.add(Spec.of(new Cumulative(op, 1, op != CumulativeOp.SUM), cube));
    s.add(Spec.of(new Cumulative(CumulativeOp.MAX, 0, false), NdArray.wrap(Shape.of(7), seq(7, 3))));
    NdArray img = NdArray.wrap(Shape.of(5, 6), seq(30, 11));
    Padding pad = Padding.of(new int[][] {{1, 2}, {0, 1}});
    for (WindowOp op : WindowOp.values()) {
      s.add(Spec.of(new ReduceWindow(op, Ints.of(3, 2), Ints.of(1, 2), pad, Ints.of(1, 1), Ints.of(1, 1)), img));
      s.add(Spec.of(new ReduceWindow(op, Ints.of(2, 2), Ints.of(2, 1), Padding.of(new int[][] {{1, 1}, {0, 1}}), Ints.of(2, 1),
          Ints.of(1, 2)), img));
    }
    s.add(Spec.of(new ReduceWindow(WindowOp.SUM, Ints.of(2, 1), Ints.of(3, 1), Padding.of(new int[][] {{3, 2}, {0, 0}}), Ints.of(1, 1),
        Ints.of(1, 1)), img));
    s.add(Spec.of(new ReduceWindow(WindowOp.MAX, Ints.of(2, 3), Ints.of(3, 2), Padding.of(new int[][] {{0, 1}, {1, 0}}), Ints.of(1, 3),
        Ints.of(3, 1)), img));
    Ints w = Ints.of(3, 2), st = Ints.of(2, 1);
    NdArray src = NdArray.wrap(Shape.of(3, 6), seq(18, 5));
    s.add(Spec.of(new SelectAndScatterAdd(w, st, pad), src, img));
    s.add(Spec.of(new SelectAndGatherAdd(w, st, pad), NdArray.wrap(Shape.of(5, 6), seq(30, 13)), img));
  }

  /** {@code n} distinct f64 values, a permutation of {@code 0..n-1} (by a stride coprime to {@code n}) minus {@code n/2}. */
  private static double[] seq(int n, int stride) {
    double[] d = new double[n];
    for (int i = 0; i < n; i++) d[i] = (i * stride) % n - n / 2;
    return d;
  }

  static List<Spec> specs() {
    NdArray x = NdArray.wrap(Shape.of(2, 3), new float[] {1, 5, 2, 0, 3, 3});
    NdArray img = NdArray.wrap(Shape.of(1, 4, 4, 1), new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
    Ints w = Ints.of(1, 2, 2, 1), ones = Ints.of(1, 1, 1, 1);
    Padding none = Padding.none(4);
    List<Spec> s = new ArrayList<>();
    for (ReduceOp op : ReduceOp.values()) s.add(Spec.of(new Reduce(op, Ints.of(1)), x));
    s.add(Spec.of(new Reduce(ReduceOp.MAX, Ints.of(0, 1)), NdArray.wrap(Shape.of(2), new boolean[] {true, false})
        .reshape(Shape.of(1, 2))));
    for (ArgOp op : ArgOp.values()) s.add(Spec.of(new ArgMinMax(op, 0, DType.I32), x));
    s.add(Spec.of(new ArgMinMax(ArgOp.MAX, 1, DType.I64), x));
    for (CumulativeOp op : CumulativeOp.values()) s.add(Spec.of(new Cumulative(op, 1, op == CumulativeOp.SUM), x));
    for (WindowOp op : WindowOp.values()) s.add(Spec.of(new ReduceWindow(op, w, w, none, ones, ones), img));
    s.add(Spec.of(new ReduceWindow(WindowOp.SUM, Ints.of(2, 2), Ints.of(1, 1), Padding.of(new int[][] {{1, 0}, {0, 1}}),
        Ints.of(2, 1), Ints.of(1, 2)), x));
    NdArray src = NdArray.wrap(Shape.of(1, 2, 2, 1), new double[] {1, 2, 3, 4});
    s.add(Spec.of(new SelectAndScatterAdd(w, w, none), src, img));
    s.add(Spec.of(new SelectAndGatherAdd(w, w, none), img.reshape(Shape.of(16)).reshape(Shape.of(1, 4, 4, 1)), img));
    variants(s, x);
    return s;
  }
}
