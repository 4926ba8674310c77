package io.graft.trace.ops;

import io.graft.numerics.DType;
import io.graft.numerics.DTypeError;
import io.graft.numerics.Ints;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;
import io.graft.trace.Bind;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.graft.trace.prim.ConvDims;
import io.graft.trace.prim.ConvGeneralDilated;
import io.graft.trace.prim.DotGeneral;
import io.graft.trace.prim.Padding;
import io.graft.trace.prim.Reshape;
import java.util.Objects;

/**
 * Products with NumPy and lax semantics, built on {@code dot_general} and {@code conv_general_dilated}.
 *
 * <p>{@link #matmul} follows {@code numpy.matmul}: 1-D operands are promoted to a row (lhs) or column (rhs)
 * vector and the added axis removed again, leading (batch) axes broadcast, dtypes promote. {@link #dot} follows
 * {@code numpy.dot}: it contracts the last axis of {@code a} with the second-to-last of {@code b} (the last for
 * a 1-D {@code b}) and keeps every other axis, without broadcasting. The {@code lax}-level functions
 * ({@link #dotGeneral}, {@link #laxDot}, {@link #convGeneralDilated}, {@link #conv}) are strict: operands must
 * already share a dtype.
 * <pre>{@code Value y = Linalg.matmul(x, w);   // f32[8,3] @ f32[3,4] -> f32[8,4]}</pre>
 */
public final class Linalg {
  private Linalg() {}

  /** {@code lax.dot_general}, accumulating in the operands' dtype; axes may be negative. */
  public static Value dotGeneral(Value lhs, Value rhs, Ints lhsContract, Ints rhsContract, Ints lhsBatch, Ints rhsBatch) {
    return dotGeneral(lhs, rhs, lhsContract, rhsContract, lhsBatch, rhsBatch, lhs.type().dtype());
  }

  /** {@code lax.dot_general} with a result (accumulation) dtype; axes may be negative. */
  public static Value dotGeneral(Value lhs, Value rhs, Ints lhsContract, Ints rhsContract, Ints lhsBatch, Ints rhsBatch,
                                 DType preferred) {
    ShapedType l = lhs.type(), r = rhs.type();
    DotGeneral p = new DotGeneral(axes(lhsContract, l), axes(rhsContract, r), axes(lhsBatch, l), axes(rhsBatch, r), preferred);
    return Bind.bind1(p, lhs, rhs);
  }

  private static Ints axes(Ints axes, ShapedType t) {
    int[] a = axes.toArray();
    for (int i = 0; i < a.length; i++) if (a[i] < 0 && a[i] >= -t.rank()) a[i] += t.rank();
    return Ints.of(a);
  }

  /** {@code lax.dot}: vector·vector, matrix·vector or matrix·matrix, contracting lhs's last axis with rhs's first. */
  public static Value laxDot(Value lhs, Value rhs) {
    ShapedType l = lhs.type(), r = rhs.type();
    if (l.rank() < 1 || l.rank() > 2 || r.rank() < 1 || r.rank() > 2)
      throw new ShapeError("dot: operands must be vectors or matrices, got lhs " + l + " and rhs " + r
          + "; use dotGeneral for other ranks");
    return dotGeneral(lhs, rhs, Ints.of(l.rank() - 1), Ints.of(0), Ints.of(), Ints.of());
  }

  /** {@code numpy.matmul} ({@code a @ b}): see the class doc. */
  public static Value matmul(Value a, Value b) {
    Value[] p = numeric("matmul", a, b);
    ShapedType x = p[0].type(), y = p[1].type();
    if (x.rank() == 0 || y.rank() == 0)
      throw new ShapeError("matmul: operands must be at least 1-D, got a " + x + " and b " + y + "; use mul for scalars");
    int xk = x.rank() - 1, yk = Math.max(0, y.rank() - 2);
    contractionAgrees("matmul", x, y, xk, yk);
    if (x.rank() == 1 || y.rank() <= 2)                     // no batch axes to pair: lhs leading axes stay free
      return dotGeneral(p[0], p[1], Ints.of(xk), Ints.of(yk), Ints.of(), Ints.of());
    Shape xb = lead(x.shape(), 2), yb = lead(y.shape(), 2);
    Shape batch = Promotion.broadcastShapes("matmul", xb, yb);
    Value u = Promotion.broadcastTo("matmul", p[0], concat(batch, tail(x.shape(), 2)));
    Value v = Promotion.broadcastTo("matmul", p[1], concat(batch, tail(y.shape(), 2)));
    int nb = batch.rank();
    return dotGeneral(u, v, Ints.of(nb + 1), Ints.of(nb), Ints.range(nb), Ints.range(nb));
  }

  /** {@code numpy.dot}: see the class doc (a 0-D operand multiplies elementwise). */
  public static Value dot(Value a, Value b) {
    if (a.type().rank() == 0 || b.type().rank() == 0) return Arith.mul(a, b);
    Value[] p = numeric("dot", a, b);
    ShapedType x = p[0].type(), y = p[1].type();
    int xk = x.rank() - 1, yk = Math.max(0, y.rank() - 2);
    contractionAgrees("dot", x, y, xk, yk);
    return dotGeneral(p[0], p[1], Ints.of(xk), Ints.of(yk), Ints.of(), Ints.of());
  }

  /** {@code numpy.outer}: both operands flattened, {@code out[i, j] = a[i] · b[j]}. */
  public static Value outer(Value a, Value b) {
    Value[] p = numeric("outer", a, b);
    Value x = flat(p[0]), y = flat(p[1]);
    return dotGeneral(x, y, Ints.of(), Ints.of(), Ints.of(), Ints.of());
  }

  /** {@code lax.conv_general_dilated} with explicit padding (strict: one dtype). */
  public static Value convGeneralDilated(Value lhs, Value rhs, Ints strides, Padding padding, Ints lhsDilation,
                                         Ints rhsDilation, ConvDims dims, int featureGroupCount, int batchGroupCount) {
    Objects.requireNonNull(lhs, "lhs is null");
    Objects.requireNonNull(rhs, "rhs is null");
    return Bind.bind1(new ConvGeneralDilated(strides, padding, lhsDilation, rhsDilation, dims, featureGroupCount,
        batchGroupCount), lhs, rhs);
  }

  /** {@code lax.conv_general_dilated} with padding {@code "SAME"}, {@code "SAME_LOWER"} or {@code "VALID"}. */
  public static Value convGeneralDilated(Value lhs, Value rhs, Ints strides, String padding, Ints lhsDilation,
                                         Ints rhsDilation, ConvDims dims, int featureGroupCount, int batchGroupCount) {
    Objects.requireNonNull(lhs, "lhs is null");
    Objects.requireNonNull(rhs, "rhs is null");
    Padding pads = padding(padding, lhs.type(), rhs.type(), strides, rhsDilation, dims);
    return convGeneralDilated(lhs, rhs, strides, pads, lhsDilation, rhsDilation, dims, featureGroupCount, batchGroupCount);
  }

  /** {@code lax.conv}: NCH.../OIH.../NCH... layout, no dilation, no groups. */
  public static Value conv(Value lhs, Value rhs, Ints strides, String padding) {
    Objects.requireNonNull(lhs, "lhs is null");
    Objects.requireNonNull(rhs, "rhs is null");
    int rank = lhs.type().rank();
    if (rank < 2)
      throw new ShapeError("conv: lhs must have rank >= 2 (batch, feature, spatial...), got lhs " + lhs.type() + " and rhs " + rhs.type());
    Ints ones = Ints.of(filled(rank - 2, 1));
    return convGeneralDilated(lhs, rhs, strides, padding, ones, ones, ConvDims.defaults(rank), 1, 1);
  }

  /**
   * The explicit padding that a padding mode means for these operands ({@code lax.padtype_to_pads} on the kernel
   * extents dilated by {@code rhsDilation}): {@code VALID} is none; {@code SAME} pads so that
   * {@code out = ceil(in / stride)}, the odd element going after ({@code SAME_LOWER}: before). Inconsistent
   * arguments give zero padding here and are reported by the primitive's type rule.
   */
  public static Padding padding(String mode, ShapedType lhs, ShapedType rhs, Ints strides, Ints rhsDilation, ConvDims dims) {
    Objects.requireNonNull(mode, "padding is null");
    String m = mode.toUpperCase(java.util.Locale.ROOT);
    if (!m.equals("SAME") && !m.equals("SAME_LOWER") && !m.equals("VALID"))
      throw new ShapeError("conv_general_dilated: padding '" + mode + "' is not one of SAME, SAME_LOWER, VALID; or give (lo, hi) pairs");
    int s = strides.size();
    boolean consistent = lhs.rank() == s + 2 && rhs.rank() == s + 2 && dims.spatial() == s && rhsDilation.size() == s;
    int[] lo = new int[s], hi = new int[s];
    for (int i = 0; consistent && !m.equals("VALID") && i < s; i++) {
      int in = lhs.shape().dim(dims.lhsSpec().get(2 + i)), stride = strides.get(i);
      long win = io.graft.numerics.kernels.ConvGeometry.dilate(rhs.shape().dim(dims.rhsSpec().get(2 + i)), rhsDilation.get(i));
      if (stride < 1) break;
      long out = in == 0 ? 0 : (in - 1) / stride + 1, pad = Math.max(0, (out - 1) * stride + win - in);
      if (pad > 2L * Integer.MAX_VALUE)
        throw new ShapeError("conv_general_dilated: padding '" + mode + "' needs " + pad + " elements of padding on spatial axis "
            + i + " (lhs " + lhs + ", rhs " + rhs + ", rhs_dilation=" + rhsDilation + "), more than two int pads hold");
      lo[i] = (int) (m.equals("SAME") ? pad / 2 : pad - pad / 2);
      hi[i] = (int) (pad - lo[i]);
    }
    return new Padding(Ints.of(lo), Ints.of(hi));
  }

  private static int[] filled(int n, int v) {
    int[] a = new int[n];
    java.util.Arrays.fill(a, v);
    return a;
  }

  private static Value flat(Value v) {
    ShapedType t = v.type();
    return t.rank() == 1 ? v : Bind.bind1(new Reshape(Shape.of(t.shape().size())), v);
  }

  /** Promotes {@code a, b} to one dtype and rejects bool. */
  private static Value[] numeric(String op, Value a, Value b) {
    Objects.requireNonNull(a, "a is null");
    Objects.requireNonNull(b, "b is null");
    Value[] p = Promotion.promote(op, a, b);
    if (p[0].type().dtype().isBool())
      throw new DTypeError(op + ": does not accept bool operands a " + a.type() + " and b " + b.type()
          + "; convert with astype(Np.int32)");
    return p;
  }

  private static void contractionAgrees(String op, ShapedType x, ShapedType y, int xk, int yk) {
    if (x.shape().dim(xk) != y.shape().dim(yk))
      throw new ShapeError(op + ": contracting dims disagree: a " + x + " axis " + xk + " (" + x.shape().dim(xk) + ") vs b " + y
          + " axis " + yk + " (" + y.shape().dim(yk) + "); the last axis of a must match "
          + (y.rank() == 1 ? "the only axis" : "the second-to-last axis") + " of b");
  }

  private static Shape lead(Shape s, int drop) { return Shape.of(java.util.Arrays.copyOf(s.dims(), s.rank() - drop)); }

  private static Shape tail(Shape s, int keep) {
    return Shape.of(java.util.Arrays.copyOfRange(s.dims(), s.rank() - keep, s.rank()));
  }

  private static Shape concat(Shape a, Shape b) {
    int[] d = java.util.Arrays.copyOf(a.dims(), a.rank() + b.rank());
    System.arraycopy(b.dims(), 0, d, a.rank(), b.rank());
    return Shape.of(d);
  }
}
