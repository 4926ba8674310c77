package io.graft.trace.prim;

import io.graft.numerics.Ints;
import io.graft.numerics.ShapeError;
import io.graft.numerics.kernels.ConvGeometry;
import io.graft.trace.Bind;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.vavr.control.Option;

/**
 * The transpose rules of {@link ConvGeneralDilated} (JAX's {@code _conv_general_dilated_transpose_lhs/rhs}).
 *
 * <p>Ignoring spatial axes, with {@code m} = batch, {@code j} = input feature, {@code k} = output feature, a
 * convolution contracts {@code [m, j]·[j, k] -> [m, k]}, and its transposes are those of a matmul:
 * <ul>
 *   <li>lhs: {@code [m, k]·[k, j] -> [m, j]}: a convolution of {@code ct} with the spatially reversed kernel whose
 *       feature roles are swapped; input dilation becomes the window stride and the window stride the input
 *       dilation. Feature groups {@code [m, gj]·[j, gk]} stay feature groups once the group moves from the
 *       kernel's output to its input features; batch groups {@code [gm, j]} become feature groups too, and the
 *       group is moved from the result's features back into its batch.</li>
 *   <li>rhs: {@code [j, m]·[m, k] -> [j, k]}: a convolution of lhs (batch and feature roles swapped) with
 *       {@code ct} as the kernel; window strides and window dilation trade places. Feature groups become batch
 *       groups and batch groups feature groups.</li>
 * </ul>
 * The padding of each is chosen so that the result has exactly the operand's shape (negative where the forward
 * pass dropped trailing input that no window reached). A convolution with {@code window_reversal} {@code R} is
 * {@code conv(x, rev_R(w))}: its lhs transpose reverses the kernel only along the spatial axes outside {@code R}, and its
 * kernel gradient is the plain one reversed along {@code R}.
 */
final class ConvTransposeRules {
  private ConvTransposeRules() {}

  /** The cotangent of lhs (type {@code lhs}) given the kernel {@code rhs}. */
  static Value lhs(ConvGeneralDilated c, Value ct, ShapedType lhs, Value rhs) {
    ConvDims dn = c.dimensionNumbers();
    Ints ls = dn.lhsSpec(), rs = dn.rhsSpec();
    int fg = c.featureGroupCount(), bg = c.batchGroupCount(), s = dn.spatial();
    ShapedType kernel = rhs.type();
    Value w = rhs;
    int groups = Math.max(fg, bg);
    if (groups > 1) w = ConvBatchRules.into(rs.get(0), rs.get(1), ConvBatchRules.outOf(rs.get(0), groups, w));
    int[] lo = new int[s], hi = new int[s], sdims = new int[s];
    for (int i = 0; i < s; i++) {
      long in = ConvGeometry.dilate(lhs.shape().dim(ls.get(2 + i)), c.lhsDilation().get(i));
      long k = ConvGeometry.dilate(kernel.shape().dim(rs.get(2 + i)), c.rhsDilation().get(i));
      long out = ConvGeometry.dilate(ct.type().shape().dim(dn.outSpec().get(2 + i)), c.windowStrides().get(i));
      long l = k - c.padding().lo().get(i) - 1;
      lo[i] = intPadding(c, i, l, lhs, kernel);
      hi[i] = intPadding(c, i, in + k - 1 - out - l, lhs, kernel);
      sdims[i] = rs.get(2 + i);
    }
    ConvDims t = new ConvDims(dn.outSpec(), swapRoles(rs), ls);
    ConvGeneralDilated p = new ConvGeneralDilated(c.lhsDilation(), new Padding(Ints.of(lo), Ints.of(hi)), c.windowStrides(),
        c.rhsDilation(), t, groups, 1);
    Ints flip = unreversed(c, sdims);        // rev(rev_R(w)) over every spatial axis = rev of w over those not in R
    Value out = Bind.bind1(p, ct, flip.size() == 0 ? w : LaxOps.rev(w, flip));
    if (bg > 1) out = ConvBatchRules.into(ls.get(1), ls.get(0), ConvBatchRules.outOf(ls.get(1), bg, out));
    return out;
  }

  /** The cotangent of the kernel (type {@code rhs}) given {@code lhs}; zero when {@code ct} is empty. */
  static Option<Value> rhs(ConvGeneralDilated c, Value ct, ShapedType rhs, Value lhs) {
    if (ct.type().shape().size() == 0) return Option.none();
    ConvDims dn = c.dimensionNumbers();
    int s = dn.spatial();
    int[] hi = new int[s];
    for (int i = 0; i < s; i++) {
      long in = ConvGeometry.dilate(lhs.type().shape().dim(dn.lhsSpec().get(2 + i)), c.lhsDilation().get(i));
      long k = ConvGeometry.dilate(rhs.shape().dim(dn.rhsSpec().get(2 + i)), c.rhsDilation().get(i));
      long out = ConvGeometry.dilate(ct.type().shape().dim(dn.outSpec().get(2 + i)), c.windowStrides().get(i));
      hi[i] = intPadding(c, i, (out - in) + (k - c.padding().lo().get(i) - 1), lhs.type(), rhs);
    }
    ConvDims t = new ConvDims(swapRoles(dn.lhsSpec()), swapRoles(dn.outSpec()), swapRoles(dn.rhsSpec()));
    ConvGeneralDilated p = new ConvGeneralDilated(c.rhsDilation(), new Padding(c.padding().lo(), Ints.of(hi)), c.lhsDilation(),
        c.windowStrides(), t, c.batchGroupCount(), c.featureGroupCount());
    Value grad = Bind.bind1(p, lhs, ct);
    if (c.windowReversal().size() == 0) return Option.of(grad);
    return Option.of(LaxOps.rev(grad, c.reversedKernelAxes()));   // a reversed window's kernel gradient, reversed back
  }

  /** The kernel axes {@code sdims[i]} of the spatial axes {@code i} that {@code c} does not read reversed. */
  private static Ints unreversed(ConvGeneralDilated c, int[] sdims) {
    int[] keep = new int[sdims.length];
    int n = 0;
    ConvGeometry g = c.geometry();
    for (int i = 0; i < sdims.length; i++) if (!g.reversed(i)) keep[n++] = sdims[i];
    return Ints.of(java.util.Arrays.copyOf(keep, n));
  }

  /** The padding {@code p} of the transposed convolution as an int; a {@link ShapeError} when it does not fit one. */
  private static int intPadding(ConvGeneralDilated c, int axis, long p, ShapedType lhs, ShapedType rhs) {
    if (p < Integer.MIN_VALUE || p > Integer.MAX_VALUE)
      throw new ShapeError("conv_general_dilated: the transpose (gradient) of this convolution needs padding " + p + " on spatial axis "
          + axis + ", beyond the int range (lhs " + lhs + ", rhs " + rhs + ", padding=" + c.padding() + " lhs_dilation="
          + c.lhsDilation() + " rhs_dilation=" + c.rhsDilation() + " window_strides=" + c.windowStrides() + ")");
    return (int) p;
  }

  /** A spec with its first two entries (batch/feature or out/in feature) exchanged. */
  private static Ints swapRoles(Ints spec) {
    int[] a = spec.toArray();
    int t = a[0];
    a[0] = a[1];
    a[1] = t;
    return Ints.of(a);
  }
}
