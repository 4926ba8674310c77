package io.graft.trace.prim;

import io.graft.numerics.Ints;
import io.graft.numerics.ShapeError;
import io.graft.numerics.kernels.ConvGeometry;
import io.graft.trace.ShapedType;

/** The shape checks of {@link ConvGeneralDilated} (JAX's {@code _conv_general_dilated_shape_rule}). */
final class ConvRules {
  private static final String OP = "conv_general_dilated";

  private ConvRules() {}

  static void check(ConvGeneralDilated c, ShapedType l, ShapedType r) {
    ConvDims dn = c.dimensionNumbers();
    String ops = "lhs " + l + ", rhs " + r;
    if (l.rank() != r.rank() || l.rank() != dn.lhsSpec().size())
      throw new ShapeError(OP + ": lhs and rhs must both have rank " + dn.lhsSpec().size() + " to match " + dn + ", got " + ops);
    permutation("lhs_spec", dn.lhsSpec(), ops);
    permutation("rhs_spec", dn.rhsSpec(), ops);
    permutation("out_spec", dn.outSpec(), ops);
    int s = dn.spatial();
    perAxis("window_strides", c.windowStrides(), s, 1, ops);
    perAxis("lhs_dilation", c.lhsDilation(), s, 1, ops);
    perAxis("rhs_dilation", c.rhsDilation(), s, 1, ops);
    if (c.padding().rank() != s)
      throw new ShapeError(OP + ": padding " + c.padding() + " needs one (lo, hi) pair per spatial axis (" + s + "); " + ops);
    groups(c, l, r, ops);
    Ints rev = c.windowReversal();
    for (int j = 0; j < rev.size(); j++)
      if (rev.get(j) < 0 || rev.get(j) >= s || j > 0 && rev.get(j) <= rev.get(j - 1))
        throw new ShapeError(OP + ": window_reversal " + rev + " must list distinct spatial axes 0.." + (s - 1) + " in ascending order; " + ops);
    ConvGeometry g = c.geometry();
    for (int i = 0; i < s; i++) {
      int in = l.shape().dim(dn.lhsSpec().get(2 + i));
      long padded = ConvGeometry.dilate(in, c.lhsDilation().get(i)) + c.padding().lo().get(i) + c.padding().hi().get(i);
      if (padded < 0)
        throw new ShapeError(OP + ": negative padding " + c.padding() + " removes more than lhs spatial axis "
            + dn.lhsSpec().get(2 + i) + " holds (" + g.lhsDilation().get(i) + "-dilated extent " + in + "); " + ops);
    }
  }

  private static void permutation(String what, Ints spec, String ops) {
    boolean[] seen = new boolean[spec.size()];
    for (int i = 0; i < spec.size(); i++) {
      int a = spec.get(i);
      if (a < 0 || a >= spec.size() || seen[a])
        throw new ShapeError(OP + ": " + what + " " + spec + " must be a permutation of the axes 0.." + (spec.size() - 1) + "; " + ops);
      seen[a] = true;
    }
  }

  private static void perAxis(String what, Ints xs, int s, int min, String ops) {
    if (xs.size() != s)
      throw new ShapeError(OP + ": " + what + " " + xs + " needs one entry per spatial axis (" + s + "); " + ops);
    for (int i = 0; i < s; i++)
      if (xs.get(i) < min) throw new ShapeError(OP + ": " + what + " " + xs + " must be positive; " + ops);
  }

  private static void groups(ConvGeneralDilated c, ShapedType l, ShapedType r, String ops) {
    ConvDims dn = c.dimensionNumbers();
    int fg = c.featureGroupCount(), bg = c.batchGroupCount();
    int n = l.shape().dim(dn.lhsSpec().get(0)), ch = l.shape().dim(dn.lhsSpec().get(1));
    int o = r.shape().dim(dn.rhsSpec().get(0)), i = r.shape().dim(dn.rhsSpec().get(1));
    if (fg < 1 || bg < 1)
      throw new ShapeError(OP + ": feature_group_count=" + fg + " and batch_group_count=" + bg + " must be positive; " + ops);
    if (fg > 1 && bg > 1)
      throw new ShapeError(OP + ": at most one of feature_group_count=" + fg + " and batch_group_count=" + bg + " may exceed 1; " + ops);
    if (ch % fg != 0 || ch / fg != i)
      throw new ShapeError(OP + ": lhs feature axis " + dn.lhsSpec().get(1) + " (" + ch + ") divided by feature_group_count=" + fg
          + " must equal the rhs input feature axis " + dn.rhsSpec().get(1) + " (" + i + "); " + ops);
    if (o % fg != 0 || o % bg != 0)
      throw new ShapeError(OP + ": rhs output feature axis " + dn.rhsSpec().get(0) + " (" + o + ") must be a multiple of "
          + (o % fg != 0 ? "feature_group_count=" + fg : "batch_group_count=" + bg) + "; " + ops);
    if (n % bg != 0)
      throw new ShapeError(OP + ": lhs batch axis " + dn.lhsSpec().get(0) + " (" + n + ") must be a multiple of batch_group_count="
          + bg + "; " + ops);
  }
}
