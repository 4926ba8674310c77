package io.graft;

/**
 * {@code jax.lax}: the primitive-level operations, with the primitives' strict semantics (no implicit
 * broadcasting or promotion beyond what each primitive defines). One-line delegations.
 */
public final class Lax {
  private Lax() {}

  // ---------------------------------------------------------------- elementwise family

  // ---------------------------------------------------------------- structural family

  // ---------------------------------------------------------------- reductions family

  // ---------------------------------------------------------------- linalg family
  /**
   * {@code lax.dot_general}: contracts {@code lhsContract[i]} with {@code rhsContract[i]}, batching over paired
   * {@code lhsBatch}/{@code rhsBatch}; result axes are batch, lhs free, rhs free. Operands must share a dtype;
   * axes may be negative.
   * <pre>{@code Lax.dotGeneral(a, b, new int[] {2}, new int[] {1}, new int[] {0}, new int[] {0})  // [B,m,k]·[B,k,n] -> [B,m,n]}</pre>
   */
  public static Array dotGeneral(Array lhs, Array rhs, int[] lhsContract, int[] rhsContract, int[] lhsBatch,
                                 int[] rhsBatch) {
    return new Array(io.graft.trace.ops.Linalg.dotGeneral(linArg(lhs, "lhs"), linArg(rhs, "rhs"),
        linInts(lhsContract, "lhsContract"), linInts(rhsContract, "rhsContract"), linInts(lhsBatch, "lhsBatch"),
        linInts(rhsBatch, "rhsBatch")));
  }

  /** {@link #dotGeneral(Array, Array, int[], int[], int[], int[])} accumulating in {@code preferredElementType}. */
  public static Array dotGeneral(Array lhs, Array rhs, int[] lhsContract, int[] rhsContract, int[] lhsBatch,
                                 int[] rhsBatch, io.graft.numerics.DType preferredElementType) {
    return new Array(io.graft.trace.ops.Linalg.dotGeneral(linArg(lhs, "lhs"), linArg(rhs, "rhs"),
        linInts(lhsContract, "lhsContract"), linInts(rhsContract, "rhsContract"), linInts(lhsBatch, "lhsBatch"),
        linInts(rhsBatch, "rhsBatch"),
        java.util.Objects.requireNonNull(preferredElementType, "preferredElementType is null")));
  }

  /** {@code lax.dot}: vector/matrix product of rank-1 or rank-2 operands of one dtype. */
  public static Array dot(Array lhs, Array rhs) {
    return new Array(io.graft.trace.ops.Linalg.laxDot(linArg(lhs, "lhs"), linArg(rhs, "rhs")));
  }

  /**
   * {@code lax.conv_general_dilated} with explicit {@code (lo, hi)} padding per spatial axis and layout strings
   * such as {@code {"NCHW", "OIHW", "NCHW"}} or {@code {"NHWC", "HWIO", "NHWC"}}; see
   * {@link io.graft.trace.prim.ConvGeneralDilated} for the semantics of every parameter.
   * <pre>{@code Lax.convGeneralDilated(x, w, new int[] {1, 1}, new int[][] {{1, 1}, {1, 1}}, new int[] {1, 1},
   *     new int[] {1, 1}, new String[] {"NHWC", "HWIO", "NHWC"}, 1, 1)}</pre>
   */
  public static Array convGeneralDilated(Array lhs, Array rhs, int[] strides, int[][] padding, int[] lhsDilation,
                                         int[] rhsDilation, String[] dimensionNumbers, int featureGroupCount,
                                         int batchGroupCount) {
    return convGeneralDilated(lhs, rhs, strides, padding, lhsDilation, rhsDilation, linDims(dimensionNumbers),
        featureGroupCount, batchGroupCount);
  }

  /** {@code lax.conv_general_dilated} with explicit padding and dimension numbers as a value. */
  public static Array convGeneralDilated(Array lhs, Array rhs, int[] strides, int[][] padding, int[] lhsDilation,
                                         int[] rhsDilation, io.graft.trace.prim.ConvDims dimensionNumbers,
                                         int featureGroupCount, int batchGroupCount) {
    var pads = io.graft.trace.prim.Padding.of(java.util.Objects.requireNonNull(padding, "padding is null"));
    return new Array(io.graft.trace.ops.Linalg.convGeneralDilated(linArg(lhs, "lhs"), linArg(rhs, "rhs"),
        linInts(strides, "strides"), pads, linInts(lhsDilation, "lhsDilation"), linInts(rhsDilation, "rhsDilation"),
        java.util.Objects.requireNonNull(dimensionNumbers, "dimensionNumbers is null"), featureGroupCount,
        batchGroupCount));
  }

  /** {@code lax.conv_general_dilated} with padding {@code "SAME"}, {@code "SAME_LOWER"} or {@code "VALID"}. */
  public static Array convGeneralDilated(Array lhs, Array rhs, int[] strides, String padding, int[] lhsDilation,
                                         int[] rhsDilation, String[] dimensionNumbers, int featureGroupCount,
                                         int batchGroupCount) {
    return new Array(io.graft.trace.ops.Linalg.convGeneralDilated(linArg(lhs, "lhs"), linArg(rhs, "rhs"),
        linInts(strides, "strides"), java.util.Objects.requireNonNull(padding, "padding is null"),
        linInts(lhsDilation, "lhsDilation"), linInts(rhsDilation, "rhsDilation"), linDims(dimensionNumbers),
        featureGroupCount, batchGroupCount));
  }

  /** {@code lax.conv}: NCHW-style layout (any number of spatial axes), padding {@code "SAME"} or {@code "VALID"}. */
  public static Array conv(Array lhs, Array rhs, int[] strides, String padding) {
    return new Array(io.graft.trace.ops.Linalg.conv(linArg(lhs, "lhs"), linArg(rhs, "rhs"), linInts(strides, "strides"),
        java.util.Objects.requireNonNull(padding, "padding is null")));
  }

  private static io.graft.trace.Value linArg(Array x, String name) {
    return java.util.Objects.requireNonNull(x, name + " is null").value();
  }

  private static io.graft.numerics.Ints linInts(int[] xs, String name) {
    return io.graft.numerics.Ints.of(java.util.Objects.requireNonNull(xs, name + " is null"));
  }

  private static io.graft.trace.prim.ConvDims linDims(String[] specs) {
    java.util.Objects.requireNonNull(specs, "dimensionNumbers is null");
    if (specs.length != 3)
      throw new IllegalArgumentException("dimensionNumbers must be three layout strings (lhs, rhs, out), e.g. "
          + "{\"NCHW\", \"OIHW\", \"NCHW\"}; got " + specs.length);
    for (int i = 0; i < 3; i++) java.util.Objects.requireNonNull(specs[i], "dimensionNumbers[" + i + "] is null");
    return io.graft.trace.prim.ConvDims.of(specs[0], specs[1], specs[2]);
  }

  // ---------------------------------------------------------------- indexing family
}
