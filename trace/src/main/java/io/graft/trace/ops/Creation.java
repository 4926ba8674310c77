package io.graft.trace.ops;

import io.graft.numerics.DType;
import io.graft.numerics.DTypeError;
import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;
import io.graft.trace.Bind;
import io.graft.trace.Const;
import io.graft.trace.Value;
import io.graft.trace.prim.BroadcastInDim;
import io.graft.trace.prim.Iota;
import io.graft.trace.prim.Pad;
import io.graft.trace.prim.PadConfig;
import io.graft.trace.prim.Reshape;

/**
 * Arrays built from nothing: iota, {@code arange}, {@code linspace}, {@code eye}. All bind primitives, so inside a
 * staging transform ({@code makeGraph}, {@code jit}) they become equations rather than constants.
 */
public final class Creation {
  private Creation() {}

  /** {@code lax.iota}: {@code [0, 1, ..., size-1]} as {@code dtype}. */
  public static Value iota(DType dtype, int size) { return broadcastedIota(dtype, new int[] {size}, 0); }

  /** {@code lax.broadcasted_iota}: the index along {@code dimension} (negative counts from the end) over {@code shape}. */
  public static Value broadcastedIota(DType dtype, int[] shape, int dimension) {
    Shape s = Shape.checked("iota", () -> "shape " + java.util.Arrays.toString(shape) + ", dtype " + dtype, shape);
    int d = s.rank() == 0 ? dimension : s.axis(dimension, "iota");
    return Bind.bind1(new Iota(dtype, s, d));
  }

  /** A weak literal of {@code dtype}'s kind (a long for integers, so {@code i32 * step} stays i32). */
  private static Value literal(DType dtype, double v) {
    return dtype.isInteger() ? new Const(NdArray.wrap(Shape.scalar(), new long[] {(long) v}), true)
        : new Const(NdArray.wrap(Shape.scalar(), new double[] {v}), true);
  }

  /** {@code start + step * iota} as f64, or as {@code dtype} itself when it is an integer dtype. */
  private static Value affine(DType dtype, int n, double start, double step) {
    DType work = dtype.isInteger() ? dtype : DType.F64;         // floats are computed in f64, as NumPy does
    Value y = iota(work, n);
    if (step != 1) y = Arith.mul(y, literal(work, step));
    if (start != 0) y = Arith.add(y, literal(work, start));
    return y;
  }

  /**
   * {@code np.arange}: {@code start, start + step, ...} below {@code stop} (above it for a negative step), i.e.
   * {@code ceil((stop - start) / step)} elements of {@code dtype}. Floating results are computed in f64 and rounded
   * once, as NumPy does; integer dtypes need integral {@code start} and {@code step}.
   */
  public static Value arange(double start, double stop, double step, DType dtype) {
    if (step == 0 || !Double.isFinite(step) || !Double.isFinite(start) || !Double.isFinite(stop))
      throw new ShapeError("arange: start " + start + ", stop " + stop + " and step " + step + " must be finite, with step != 0");
    if (dtype.isBool()) throw new DTypeError("arange: cannot count in bool; use an integer or floating dtype");
    if (dtype.isInteger() && (start != Math.rint(start) || step != Math.rint(step)))
      throw new DTypeError("arange: dtype " + dtype + " needs integral start and step, got start " + start + ", step " + step
          + "; use a floating dtype");
    double len = Math.ceil((stop - start) / step);
    if (len > Shape.MAX_SIZE)
      throw new ShapeError("arange: start " + start + ", stop " + stop + " and step " + step + " give " + len + " elements, more than the "
          + "limit of " + Shape.MAX_SIZE + " elements per array");
    int n = (int) Math.max(0, len);
    if (start == 0 && step == 1) return iota(dtype, n);
    return Promotion.convert(affine(dtype, n, start, step), dtype, false);
  }

  /**
   * {@code np.linspace}: {@code num} evenly spaced values from {@code start} to {@code stop} ({@code stop} included
   * iff {@code endpoint}), as {@code dtype}. Computed in f64 as {@code start + i * step}; with {@code endpoint} the last
   * value is exactly {@code stop}, as in NumPy.
   */
  public static Value linspace(double start, double stop, int num, boolean endpoint, DType dtype) {
    if (num < 0) throw new ShapeError("linspace: num must be >= 0, got " + num);
    if (!dtype.isFloating()) throw new DTypeError("linspace: dtype " + dtype + " is not floating; use f32 or f64");
    int div = endpoint ? num - 1 : num;
    double step = div > 0 ? (stop - start) / div : 0;
    Value y = affine(DType.F64, num, start, step);
    if (endpoint && num > 1) y = Shapes.atSet(y, num - 1, literal(DType.F64, stop));
    return Promotion.convert(y, dtype, false);
  }

  /**
   * {@code np.eye}: an {@code n x m} array of {@code dtype} with ones on diagonal {@code k} ({@code k > 0} above the
   * main diagonal) and zeros elsewhere. Built exactly from data movement: the {@code c} ones of the diagonal, at flat
   * positions {@code lo + i * (m + 1)}, are a vector of ones padded with interior {@code m}, then reshaped.
   */
  public static Value eye(int n, int m, int k, DType dtype) {
    if (n < 0 || m < 0) throw new ShapeError("eye: n and m must be >= 0, got n=" + n + ", m=" + m);
    Shape out = Shape.of(n, m);
    Const zero = Const.of(NdArray.scalar(dtype, 0)), one = Const.of(NdArray.scalar(dtype, 1));
    long first = Math.max(0L, -(long) k);
    long count = Math.max(0L, Math.min((long) n, (long) m - k) - first);
    if (count == 0) return Bind.bind1(new BroadcastInDim(out, Ints.of()), zero);
    int c = (int) count, lo = (int) (first * (m + 1) + k);
    int hi = n * m - 1 - (lo + (c - 1) * (m + 1));
    Value ones = Bind.bind1(new BroadcastInDim(Shape.of(c), Ints.of()), one);
    Value flat = Bind.bind1(new Pad(new PadConfig(Ints.of(lo), Ints.of(hi), Ints.of(m))), ones, zero);
    return Bind.bind1(new Reshape(out), flat);
  }
}
