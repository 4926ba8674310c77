package io.graft.numerics.kernels;

import io.graft.numerics.Ints;
import io.graft.numerics.Shape;
import java.util.Objects;

/**
 * The parameters of a general convolution ({@code conv_general_dilated}) in kernel form, and its output shape.
 *
 * <p>Specs list axis numbers: {@code lhsSpec = (batch, feature, spatial...)}, {@code rhsSpec = (out feature,
 * in feature, spatial...)}, {@code outSpec = (batch, feature, spatial...)}; spatial axis {@code i} of the three
 * correspond. Along spatial axis {@code i} the input is dilated by {@code lhsDilation[i]} (holes between
 * elements), padded by {@code padLo[i]}/{@code padHi[i]} (negative values crop), and the window (dilated by
 * {@code rhsDilation[i]}) slides with step {@code strides[i]}:
 * {@code out = max(0, floor((dilate(in, ld) + lo + hi - dilate(win, rd)) / stride) + 1)} where
 * {@code dilate(d, r) = d == 0 ? 0 : (d - 1) * r + 1}.
 *
 * @param strides           window step per spatial axis (positive)
 * @param padLo             padding before each spatial axis
 * @param padHi             padding after each spatial axis
 * @param lhsDilation       input dilation per spatial axis (positive; > 1 is a transposed convolution)
 * @param rhsDilation       window dilation per spatial axis (positive; > 1 is an atrous convolution)
 * @param lhsSpec           input axes (batch, feature, spatial...)
 * @param rhsSpec           kernel axes (out feature, in feature, spatial...)
 * @param outSpec           output axes (batch, feature, spatial...)
 * @param featureGroupCount feature groups (input features split in this many groups, each with its own kernels)
 * @param batchGroupCount   batch groups (input batch split in this many groups, one per output feature group)
 * @param windowReversal    spatial axes (indices {@code i} as above, ascending) along which the kernel is read reversed:
 *                          tap {@code k} pairs with kernel element {@code win - 1 - k} (XLA's {@code window_reversal};
 *                          an input gradient's reversed kernel without copying it)
 */
public record ConvGeometry(Ints strides, Ints padLo, Ints padHi, Ints lhsDilation, Ints rhsDilation, Ints lhsSpec,
                           Ints rhsSpec, Ints outSpec, int featureGroupCount, int batchGroupCount, Ints windowReversal) {
  /** Validates non-nullness. */
  public ConvGeometry {
    Objects.requireNonNull(strides, "strides is null");
    Objects.requireNonNull(padLo, "padLo is null");
    Objects.requireNonNull(padHi, "padHi is null");
    Objects.requireNonNull(lhsDilation, "lhsDilation is null");
    Objects.requireNonNull(rhsDilation, "rhsDilation is null");
    Objects.requireNonNull(lhsSpec, "lhsSpec is null");
    Objects.requireNonNull(rhsSpec, "rhsSpec is null");
    Objects.requireNonNull(outSpec, "outSpec is null");
    Objects.requireNonNull(windowReversal, "windowReversal is null");
  }

  /** A geometry that reads the kernel as it is (no window reversal). */
  public ConvGeometry(Ints strides, Ints padLo, Ints padHi, Ints lhsDilation, Ints rhsDilation, Ints lhsSpec, Ints rhsSpec,
                      Ints outSpec, int featureGroupCount, int batchGroupCount) {
    this(strides, padLo, padHi, lhsDilation, rhsDilation, lhsSpec, rhsSpec, outSpec, featureGroupCount, batchGroupCount, Ints.of());
  }

  /** Whether the kernel is read reversed along spatial axis {@code i}. */
  public boolean reversed(int i) {
    for (int j = 0; j < windowReversal.size(); j++) if (windowReversal.get(j) == i) return true;
    return false;
  }

  /** Number of spatial axes. */
  public int spatial() { return strides.size(); }

  /** {@code d} dilated by {@code r}: {@code (d - 1) * r + 1}, and 0 for 0; exact in {@code long} for int arguments. */
  public static long dilate(int d, int r) { return d == 0 ? 0 : (long) (d - 1) * r + 1; }

  /**
   * Output extent along spatial axis {@code i} for input extent {@code in} and window extent {@code win}, exact in
   * {@code long} (each term is below {@code 2^62}); {@link #outShape} checks it.
   */
  public long outExtent(int i, int in, int win) {
    long padded = dilate(in, lhsDilation.get(i)) + padLo.get(i) + padHi.get(i);
    long span = padded - dilate(win, rhsDilation.get(i));
    return Math.max(0, Math.floorDiv(span, strides.get(i)) + 1);
  }

  /**
   * The output shape for operands of these shapes (the caller has validated them); a {@link io.graft.numerics.ShapeError}
   * naming {@code conv_general_dilated} when it would exceed {@link Shape#MAX_SIZE} elements.
   */
  public Shape outShape(Shape lhs, Shape rhs) {
    long[] dims = new long[lhs.rank()];
    dims[outSpec.get(0)] = lhs.dim(lhsSpec.get(0)) / batchGroupCount;
    dims[outSpec.get(1)] = rhs.dim(rhsSpec.get(0));
    for (int i = 0; i < spatial(); i++)
      dims[outSpec.get(2 + i)] = outExtent(i, lhs.dim(lhsSpec.get(2 + i)), rhs.dim(rhsSpec.get(2 + i)));
    return Shape.checked("conv_general_dilated", () -> "lhs " + lhs + ", rhs " + rhs + ", window_strides=" + strides
        + " padding lo " + padLo + " hi " + padHi + " lhs_dilation=" + lhsDilation + " rhs_dilation=" + rhsDilation, dims);
  }
}
