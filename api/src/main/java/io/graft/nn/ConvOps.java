package io.graft.nn;

import io.graft.Array;
import io.graft.Lax;
import io.graft.numerics.ShapeError;
import java.util.Arrays;
import java.util.function.Function;

/** The channels-last convolution call shared by {@link Conv} and {@link ConvTranspose}. */
final class ConvOps {
  private ConvOps() {}

  /** Layout strings for {@code spatial} axes: {@code NWC/WIO}, {@code NHWC/HWIO}, {@code NDHWC/DHWIO}. */
  static String[] layout(String op, int spatial) {
    String sp = switch (spatial) {
      case 1 -> "W";
      case 2 -> "HW";
      case 3 -> "DHW";
      default -> throw new ShapeError(op + ": kernels have 1 to 3 spatial axes ([spatial..., in, out]), got " + spatial);
    };
    return new String[] {"N" + sp + "C", sp + "IO", "N" + sp + "C"};
  }

  /**
   * {@code conv_general_dilated(x, kernel)} plus {@code bias} for channels-last {@code x} with or without a batch axis;
   * {@code pads} maps the input's spatial sizes to the {@code (lo, hi)} pairs.
   */
  static Array apply(String op, Array x, Array kernel, Array bias, int[] strides, Function<int[], int[][]> pads,
                     int[] lhsDilation, int[] rhsDilation, int groups) {
    int spatial = kernel.ndim() - 2;
    String[] dims = layout(op, spatial);
    boolean batched = Geometry.batched(op, x, spatial);
    Array xb = batched ? x : x.expandDims(0);
    int in = kernel.shape()[spatial] * groups, features = xb.shape()[spatial + 1];
    if (features != in)
      throw new ShapeError(op + ": input " + Checks.type(x) + " has " + features + " features on its last axis but kernel "
          + Checks.type(kernel) + (groups > 1 ? " with " + groups + " groups" : "") + " takes " + in
          + "; channels go last (NHWC): transpose NCHW inputs with x.transpose(0, 2, 3, 1)");
    if (bias != null && (bias.ndim() != 1 || bias.shape()[0] != kernel.shape()[spatial + 1]))
      throw new ShapeError(op + ": bias " + Checks.type(bias) + " must be [out] for kernel " + Checks.type(kernel));
    int[] size = Arrays.copyOfRange(xb.shape(), 1, spatial + 1);
    Array y = Lax.convGeneralDilated(xb, kernel, strides, pads.apply(size), lhsDilation, rhsDilation, dims, groups, 1);
    if (bias != null) y = y.add(bias);
    return batched ? y : y.squeeze(0);
  }
}
