package io.graft.trace.prim;

import io.graft.numerics.Ints;
import io.graft.numerics.ShapeError;
import java.util.Objects;

/**
 * Convolution dimension numbers ({@code lax.ConvDimensionNumbers}): which axis of each operand plays which role.
 * {@code lhsSpec = (batch, feature, spatial...)}, {@code rhsSpec = (out feature, in feature, spatial...)},
 * {@code outSpec = (batch, feature, spatial...)}; the i-th spatial entries of the three correspond.
 * <pre>{@code
 * ConvDims.of("NHWC", "HWIO", "NHWC")
 *   // ConvDimensionNumbers(lhs_spec=(0, 3, 1, 2), rhs_spec=(3, 2, 0, 1), out_spec=(0, 3, 1, 2))
 * }</pre>
 *
 * @param lhsSpec input axes: batch, feature, then spatial
 * @param rhsSpec kernel axes: output feature, input feature, then spatial
 * @param outSpec output axes: batch, feature, then spatial
 */
public record ConvDims(Ints lhsSpec, Ints rhsSpec, Ints outSpec) {
  /** Validates non-nullness and equal lengths (permutations are checked against operand ranks by the type rule). */
  public ConvDims {
    Objects.requireNonNull(lhsSpec, "lhsSpec is null");
    Objects.requireNonNull(rhsSpec, "rhsSpec is null");
    Objects.requireNonNull(outSpec, "outSpec is null");
    if (lhsSpec.size() != rhsSpec.size() || lhsSpec.size() != outSpec.size() || lhsSpec.size() < 2)
      throw new ShapeError("conv_general_dilated: dimension numbers " + describe(lhsSpec, rhsSpec, outSpec)
          + " need three specs of one length >= 2 (batch/feature axes plus one per spatial axis)");
  }

  /** The default layout for rank {@code rank}: NCH..., OIH..., NCH... ({@code (0, 1, 2, ...)} for all three). */
  public static ConvDims defaults(int rank) { return new ConvDims(Ints.range(rank), Ints.range(rank), Ints.range(rank)); }

  /**
   * Dimension numbers from layout strings as in {@code lax.conv_dimension_numbers}: {@code N}/{@code C} mark the
   * batch and feature axes of lhs and out, {@code O}/{@code I} the kernel's, and every other letter a spatial
   * axis; lhs and out spatial axes are ordered as the kernel string orders their letters.
   */
  public static ConvDims of(String lhs, String rhs, String out) {
    Objects.requireNonNull(lhs, "lhs is null");
    Objects.requireNonNull(rhs, "rhs is null");
    Objects.requireNonNull(out, "out is null");
    check(lhs, 'N', 'C', lhs, rhs, out);
    check(rhs, 'O', 'I', lhs, rhs, out);
    check(out, 'N', 'C', lhs, rhs, out);
    String rs = spatialLetters(rhs, 'O', 'I');
    if (!sameLetters(spatialLetters(lhs, 'N', 'C'), rs) || !sameLetters(spatialLetters(out, 'N', 'C'), rs))
      throw new ShapeError("conv_general_dilated: dimension numbers (" + lhs + ", " + rhs + ", " + out
          + ") must name the same spatial letters in all three specs");
    return new ConvDims(perm(lhs, 'N', 'C', rs), perm(rhs, 'O', 'I', rs), perm(out, 'N', 'C', rs));
  }

  private static void check(String spec, char a, char b, String lhs, String rhs, String out) {
    boolean ok = spec.chars().filter(c -> c == a).count() == 1 && spec.chars().filter(c -> c == b).count() == 1
        && spec.chars().distinct().count() == spec.length() && lhs.length() == rhs.length() && rhs.length() == out.length();
    if (!ok)
      throw new ShapeError("conv_general_dilated: dimension numbers (" + lhs + ", " + rhs + ", " + out + "): spec '" + spec
          + "' must contain '" + a + "' and '" + b + "' once each, no repeated letters, and all three specs one length;"
          + " e.g. (NCHW, OIHW, NCHW) or (NHWC, HWIO, NHWC)");
  }

  private static String spatialLetters(String spec, char a, char b) {
    StringBuilder s = new StringBuilder();
    for (char c : spec.toCharArray()) if (c != a && c != b) s.append(c);
    return s.toString();
  }

  private static boolean sameLetters(String x, String y) {
    return x.length() == y.length() && x.chars().allMatch(c -> y.indexOf(c) >= 0);
  }

  private static Ints perm(String spec, char a, char b, String spatialOrder) {
    int[] p = new int[spec.length()];
    p[0] = spec.indexOf(a);
    p[1] = spec.indexOf(b);
    for (int i = 0; i < spatialOrder.length(); i++) p[2 + i] = spec.indexOf(spatialOrder.charAt(i));
    return Ints.of(p);
  }

  /** Number of spatial axes. */
  public int spatial() { return lhsSpec.size() - 2; }

  private static String describe(Ints l, Ints r, Ints o) {
    return "ConvDimensionNumbers(lhs_spec=" + l + ", rhs_spec=" + r + ", out_spec=" + o + ")";
  }

  /** {@code ConvDimensionNumbers(lhs_spec=(0, 1, 2, 3), rhs_spec=(0, 1, 2, 3), out_spec=(0, 1, 2, 3))}, as JAX prints. */
  @Override public String toString() { return describe(lhsSpec, rhsSpec, outSpec); }
}
