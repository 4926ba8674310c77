package io.graft.trace.prim;

import io.graft.numerics.DTypeError;
import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.kernels.Conv;
import io.graft.numerics.kernels.ConvGeometry;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * General N-d convolution ({@code lax.conv_general_dilated}), with XLA's semantics:
 * {@code out[n, o, p] = Σ_c Σ_k lhs[n', g·I + c, (p·stride − lo + k·rhs_dilation) / lhs_dilation] · rhs[o, c, k]},
 * reading zero where the input index falls in the padding or between dilated input elements. With
 * {@code featureGroupCount = G} the input features split into G groups of {@code I = C/G}, and output feature
 * {@code o} uses group {@code o / (O/G)} (grouped and depthwise convolutions); with {@code batchGroupCount = B}
 * the input batch splits into B consecutive groups of {@code N/B}, output feature {@code o} reads batch group
 * {@code o / (O/B)}, and the output batch is {@code N/B} (the weight gradient of a grouped convolution). At most
 * one of the two counts exceeds 1. Layouts are given by {@link ConvDims}; padding may be negative (cropping) as
 * long as each padded extent stays non-negative. Bilinear: its transposes are again conv_general_dilated
 * ({@link ConvTransposeRules}), and {@code vmap} folds the batch axis into the batch, feature or group structure
 * of one convolution ({@link ConvBatchRules}).
 * <pre>{@code
 * // f32[1,3,8,8] (NCHW) * f32[4,3,3,3] (OIHW), stride 1, no padding -> f32[1,4,6,6]
 * new ConvGeneralDilated(Ints.of(1, 1), Padding.none(2), Ints.of(1, 1), Ints.of(1, 1), ConvDims.defaults(4), 1, 1)
 * }</pre>
 *
 * @param windowStrides      window step per spatial axis
 * @param padding            (lo, hi) padding per spatial axis, applied after input dilation
 * @param lhsDilation        input dilation per spatial axis (transposed convolution when > 1)
 * @param rhsDilation        window dilation per spatial axis (atrous convolution when > 1)
 * @param dimensionNumbers   the axis roles of input, kernel and output
 * @param featureGroupCount  feature groups G (C and O divisible by G; kernel input features C/G)
 * @param batchGroupCount    batch groups B (N and O divisible by B)
 * @param windowReversal     spatial axes ({@code 0..}, ascending) along which the kernel is read reversed, tap
 *                           {@code k} against kernel element {@code win - 1 - k}: {@code conv(x, rev(w))} without the
 *                           copy (XLA's {@code window_reversal}). The jit's {@code simplify} pass folds a kernel's
 *                           {@code rev} into it; every rule handles it; graphs traced from user code do not use it.
 */
public record ConvGeneralDilated(Ints windowStrides, Padding padding, Ints lhsDilation, Ints rhsDilation,
                                 ConvDims dimensionNumbers, int featureGroupCount, int batchGroupCount,
                                 Ints windowReversal)
    implements Linalg {
  /** Validates non-nullness (the type rule checks the rest against the operands). */
  public ConvGeneralDilated {
    Objects.requireNonNull(windowStrides, "windowStrides is null");
    Objects.requireNonNull(padding, "padding is null");
    Objects.requireNonNull(lhsDilation, "lhsDilation is null");
    Objects.requireNonNull(rhsDilation, "rhsDilation is null");
    Objects.requireNonNull(dimensionNumbers, "dimensionNumbers is null");
    Objects.requireNonNull(windowReversal, "windowReversal is null");
  }

  /** A convolution that reads its kernel as it is (no window reversal): {@code lax.conv_general_dilated}. */
  public ConvGeneralDilated(Ints windowStrides, Padding padding, Ints lhsDilation, Ints rhsDilation,
                            ConvDims dimensionNumbers, int featureGroupCount, int batchGroupCount) {
    this(windowStrides, padding, lhsDilation, rhsDilation, dimensionNumbers, featureGroupCount, batchGroupCount, Ints.of());
  }

  /** The kernel axes its window reversal reverses: {@code conv(x, w)} here is {@code conv(x, rev(w, these))} without it. */
  public Ints reversedKernelAxes() {
    int[] axes = new int[windowReversal.size()];
    for (int j = 0; j < axes.length; j++) axes[j] = dimensionNumbers.rhsSpec().get(2 + windowReversal.get(j));
    return Ints.of(axes);
  }

  /** This convolution with {@code windowReversal} instead of its own. */
  public ConvGeneralDilated withWindowReversal(Ints windowReversal) {
    return new ConvGeneralDilated(windowStrides, padding, lhsDilation, rhsDilation, dimensionNumbers, featureGroupCount,
        batchGroupCount, windowReversal);
  }

  @Override public String name() { return "conv_general_dilated"; }

  @Override public String params() {
    return "window_strides=" + windowStrides + " padding=" + padding + " lhs_dilation=" + lhsDilation + " rhs_dilation="
        + rhsDilation + " dimension_numbers=" + dimensionNumbers + " feature_group_count=" + featureGroupCount
        + " batch_group_count=" + batchGroupCount + (windowReversal.size() == 0 ? "" : " window_reversal=" + windowReversal);
  }

  /** The kernel's view of these parameters. */
  public ConvGeometry geometry() {
    return new ConvGeometry(windowStrides, padding.lo(), padding.hi(), lhsDilation, rhsDilation, dimensionNumbers.lhsSpec(),
        dimensionNumbers.rhsSpec(), dimensionNumbers.outSpec(), featureGroupCount, batchGroupCount, windowReversal);
  }

  @Override public ShapedType type(Vector<ShapedType> in) {
    Rules.arity(name(), in, 2);
    ShapedType l = in.get(0), r = in.get(1);
    if (l.dtype() != r.dtype())
      throw new DTypeError(name() + ": operands must have one dtype, got lhs " + l + " and rhs " + r + "; convert one with astype(...)");
    if (l.dtype().isBool())
      throw new DTypeError(name() + ": does not accept bool operands lhs " + l + ", rhs " + r + "; convert with astype(Np.int32)");
    ConvRules.check(this, l, r);
    return new ShapedType(geometry().outShape(l.shape(), r.shape()), l.dtype(), l.weak() && r.weak());
  }

  @Override public NdArray eval(Vector<NdArray> in) { return Conv.apply(in.get(0), in.get(1), geometry()); }

  @Override public boolean writesInto(Vector<NdArray> in) {
    NdArray lhs = in.get(0), rhs = in.get(1);
    return (lhs.dtype() == io.graft.numerics.DType.F32 || lhs.dtype() == io.graft.numerics.DType.F64) && rhs.dtype() == lhs.dtype();
  }

  /** {@link #eval} written over {@code store} ({@link Conv#applyInto}). */
  @Override public NdArray evalInto(Vector<NdArray> in, Object store) {
    NdArray lhs = in.get(0), rhs = in.get(1);
    if (!writesInto(in))
      throw new IllegalArgumentException(name() + ": evalInto takes two f32 or two f64 operands, got " + lhs.dtype()
          + " and " + rhs.dtype());
    return Conv.applyInto(lhs, rhs, geometry(), store);
  }

  /** {@link Conv#plan}: the tap and offset tables of these operands' shapes. */
  @Override public Object plan(Vector<NdArray> in) {
    return writesInto(in) ? Conv.plan(in.get(0), in.get(1), geometry()) : null;
  }

  /** {@link #evalInto(Vector, Object)} with the tables of a {@link #plan}. */
  @Override public NdArray evalInto(Vector<NdArray> in, Object store, Object plan) {
    return plan instanceof Conv.Plan p ? Conv.applyInto(p, in.get(0), in.get(1), geometry(), store) : evalInto(in, store);
  }

  /** lhs: conv of {@code ct} with the reversed, role-swapped kernel; rhs: conv of lhs with {@code ct} as the kernel. */
  @Override public Vector<Option<Value>> transpose(Value ct, Vector<LinearArg> args) {
    LinearArg l = args.get(0), r = args.get(1);
    boolean floating = l.type().dtype().isFloating();
    Option<Value> cl = l.isLinear() && floating
        ? Option.of(ConvTransposeRules.lhs(this, ct, l.type(), r.known(name()))) : Option.none();
    Option<Value> cr = r.isLinear() && floating ? ConvTransposeRules.rhs(this, ct, r.type(), l.known(name())) : Option.none();
    return Vector.of(cl, cr);
  }

  /** The batch axis folded into N, the output features or the groups of one convolution. */
  @Override public Batched batch(Vector<Value> args, Ints dims, int size) {
    return ConvBatchRules.batch(this, args, dims, size);
  }
}
