package io.graft.trace.prim;

import io.graft.numerics.Cast;
import io.graft.numerics.DType;
import io.graft.numerics.DTypeError;
import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * {@code out[b, i, j] = Σ_c lhs[b, i, c] · rhs[b, c, j]}, where {@code c} runs over the paired contracting axes,
 * {@code b} over the paired batch axes, and {@code i}, {@code j} over the remaining (free) axes of each operand
 * ({@code lax.dot_general}). Result axes: batch (in {@code lhsBatch} order), lhs free, rhs free.
 * <pre>{@code
 * // matmul f32[2,3]·f32[3,4] -> f32[2,4]; prints dot_general[dimension_numbers=(([1], [0]), ([], [])) preferred_element_type=f32]
 * new DotGeneral(Ints.of(1), Ints.of(0), Ints.of(), Ints.of(), DType.F32)
 * }</pre>
 * Operands share one numeric dtype; products are accumulated in {@code preferredElementType}, which is that
 * dtype or a wider one of the same kind, or a float for integer operands. Bilinear: JVP
 * {@code dot(dlhs, rhs) + dot(lhs, drhs)}; transposes are dot_generals with permuted dimension numbers, followed by
 * the transpose into the operand's layout and a conversion back to the operand's dtype; under {@code vmap} the
 * batch axis becomes a new batch dimension (both operands mapped) or a free axis of the mapped operand (see
 * {@link DotRules}).
 *
 * @param lhsContracting       contracted axes of lhs
 * @param rhsContracting       contracted axes of rhs, paired with {@code lhsContracting}
 * @param lhsBatch             batch axes of lhs
 * @param rhsBatch             batch axes of rhs, paired with {@code lhsBatch}
 * @param preferredElementType the result dtype (and accumulation dtype)
 */
public record DotGeneral(Ints lhsContracting, Ints rhsContracting, Ints lhsBatch, Ints rhsBatch,
                         DType preferredElementType) implements Linalg {
  /** Validates non-nullness (the type rule checks the rest). */
  public DotGeneral {
    Objects.requireNonNull(lhsContracting, "lhsContracting is null");
    Objects.requireNonNull(rhsContracting, "rhsContracting is null");
    Objects.requireNonNull(lhsBatch, "lhsBatch is null");
    Objects.requireNonNull(rhsBatch, "rhsBatch is null");
    Objects.requireNonNull(preferredElementType, "preferredElementType is null");
  }

  @Override public String name() { return "dot_general"; }

  @Override public String params() {
    return "dimension_numbers=" + dimensionNumbers() + " preferred_element_type=" + preferredElementType;
  }

  /** JAX's {@code ((lhs_contracting, rhs_contracting), (lhs_batch, rhs_batch))} with lists in brackets. */
  public String dimensionNumbers() {
    return "((" + list(lhsContracting) + ", " + list(rhsContracting) + "), (" + list(lhsBatch) + ", " + list(rhsBatch) + "))";
  }

  private static String list(Ints xs) {
    String t = xs.toString();                 // "(0, 1)" or "(0,)" or "()"
    return "[" + t.substring(1, t.length() - 1).replaceAll(",$", "") + "]";
  }

  @Override public ShapedType type(Vector<ShapedType> in) {
    Rules.arity(name(), in, 2);
    ShapedType l = in.get(0), r = in.get(1);
    checkDtypes(l, r);
    if (lhsContracting.size() != rhsContracting.size() || lhsBatch.size() != rhsBatch.size())
      throw new ShapeError(name() + ": lhs and rhs need as many contracting and as many batch axes, got dimension_numbers "
          + dimensionNumbers() + " for lhs " + l + ", rhs " + r);
    checkAxes("lhs", l, r, lhsContracting, lhsBatch);
    checkAxes("rhs", l, r, rhsContracting, rhsBatch);
    agree("batch", l, r, lhsBatch, rhsBatch);
    agree("contracting", l, r, lhsContracting, rhsContracting);
    Shape out = io.graft.numerics.kernels.DotGeneral.outShape(l.shape(), r.shape(), lhsContracting.toArray(),
        rhsContracting.toArray(), lhsBatch.toArray(), rhsBatch.toArray());
    return new ShapedType(out, preferredElementType, l.weak() && r.weak());
  }

  private void checkDtypes(ShapedType l, ShapedType r) {
    if (l.dtype() != r.dtype())
      throw new DTypeError(name() + ": operands must have one dtype, got lhs " + l + " and rhs " + r
          + "; convert one with astype(...) (Np.matmul and Array.matmul promote automatically)");
    DType d = l.dtype(), p = preferredElementType;
    if (d.isBool())
      throw new DTypeError(name() + ": does not accept bool operands lhs " + l + ", rhs " + r + "; convert with astype(Np.int32)");
    boolean ok = p == d || (p.kind() == d.kind() && p.bits() >= d.bits()) || (d.isInteger() && p.isFloating());
    if (!ok)
      throw new DTypeError(name() + ": preferred_element_type=" + p + " cannot hold products of lhs " + l + " and rhs " + r
          + "; use " + d + " or a wider type of the same kind (or a float for integer operands)");
  }

  private void checkAxes(String side, ShapedType l, ShapedType r, Ints contracting, Ints batch) {
    int rank = (side.equals("lhs") ? l : r).rank();
    boolean[] seen = new boolean[rank];
    for (Ints axes : new Ints[] {contracting, batch}) {
      for (int i = 0; i < axes.size(); i++) {
        int a = axes.get(i);
        if (a < 0 || a >= rank || seen[a])
          throw new ShapeError(name() + ": " + side + " axis " + a + " in " + (axes == batch ? "batch" : "contracting")
              + " dims " + list(axes) + " is " + (a < 0 || a >= rank ? "out of range for rank " + rank : "repeated")
              + " (lhs " + l + ", rhs " + r + "); each axis may appear once, in [0, " + rank + ")");
        seen[a] = true;
      }
    }
  }

  private void agree(String what, ShapedType l, ShapedType r, Ints la, Ints ra) {
    for (int i = 0; i < la.size(); i++) {
      int x = l.shape().dim(la.get(i)), y = r.shape().dim(ra.get(i));
      if (x != y)
        throw new ShapeError(name() + ": " + what + " dims disagree: lhs " + l + " axis " + la.get(i) + " (" + x + ") vs rhs "
            + r + " axis " + ra.get(i) + " (" + y + ")");
    }
  }

  /** A bf16/f16 {@code preferredElementType} accumulates in f32 and rounds the finished sums once. */
  @Override public NdArray eval(Vector<NdArray> in) {
    DType acc = preferredElementType.isHalf() ? DType.F32 : preferredElementType;
    NdArray l = Cast.cast(in.get(0), acc), r = Cast.cast(in.get(1), acc);
    NdArray out = io.graft.numerics.kernels.DotGeneral.apply(l, r, lhsContracting.toArray(), rhsContracting.toArray(),
        lhsBatch.toArray(), rhsBatch.toArray());
    return acc == preferredElementType ? out : io.graft.numerics.Half.narrow(out, preferredElementType);
  }

  /**
   * Whether {@link #evalInto} can run on {@code in}: both operands f32, or both f64, of this product's preferred
   * element type (no widening or rounding around the kernel).
   */
  @Override public boolean writesInto(Vector<NdArray> in) {
    NdArray lhs = in.get(0), rhs = in.get(1);
    return (preferredElementType == DType.F32 || preferredElementType == DType.F64)
        && lhs.dtype() == preferredElementType && rhs.dtype() == preferredElementType;
  }

  /**
   * {@link #eval} written over {@code store}, a recycled {@code float[]}/{@code double[]} of exactly the result's
   * size (its contents are overwritten; see {@code io.graft.numerics.kernels.DotGeneral#applyInto}); needs
   * {@link #writesInto}. The jit's executor runs its products this way, on buffers still in cache.
   */
  @Override public NdArray evalInto(Vector<NdArray> in, Object store) {
    NdArray lhs = in.get(0), rhs = in.get(1);
    if (!writesInto(in))
      throw new IllegalArgumentException(name() + ": evalInto takes two " + preferredElementType + " operands of an f32 or "
          + "f64 product, got " + lhs.dtype() + " and " + rhs.dtype());
    return io.graft.numerics.kernels.DotGeneral.applyInto(lhs, rhs, lhsContracting.toArray(), rhsContracting.toArray(),
        lhsBatch.toArray(), rhsBatch.toArray(), store);
  }

  /** {@code dot_general(ct, other)} contracting the other operand's free axes, transposed into the operand's layout. */
  @Override public Vector<Option<Value>> transpose(Value ct, Vector<LinearArg> args) {
    return DotRules.transpose(this, ct, args);
  }

  /** Extra batch dimension (both mapped) or an extra free axis of the mapped operand; no axis is moved. */
  @Override public Batched batch(Vector<Value> args, Ints dims, int size) { return DotRules.batch(this, args, dims); }
}
