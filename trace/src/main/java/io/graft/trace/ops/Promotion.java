package io.graft.trace.ops;

import io.graft.numerics.DType;
import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;
import io.graft.trace.Bind;
import io.graft.trace.Const;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.graft.trace.prim.BroadcastInDim;
import io.graft.trace.prim.ConvertElementType;

/**
 * NumPy-level argument preparation: JAX type promotion with weak types, and NumPy broadcasting.
 *
 * <p><b>Promotion.</b> Strong dtypes meet at their least upper bound ({@link DType#promote}). A weak operand (a
 * Java literal: {@code 2.0} is a weak f64, {@code 2} a weak i64) adopts the strong dtype when its kind is not
 * higher ({@code f32 * 2.0 -> f32}, {@code i32 * 2 -> i32}); a weak float meeting strong integers or bools gives
 * the default float f32, weakly typed ({@code i32 * 0.5 -> f32}), as in JAX. Weak literals are converted at once
 * (no equation), so graphs show {@code mul a 2.0:f32[]}.
 *
 * <p><b>Broadcasting.</b> Shapes align at their trailing axes; extents must match or be 1. Rank-0 operands stay
 * rank-0 (primitives broadcast them); others go through {@code broadcast_in_dim}.
 */
public final class Promotion {
  private Promotion() {}

  /** The dtype and weakness that {@code types} promote to. */
  public static ShapedType resultType(ShapedType... types) {
    DType strong = null, weak = null;
    for (ShapedType t : types) {
      if (t.weak()) weak = weak == null ? t.dtype() : DType.promote(weak, t.dtype());
      else strong = strong == null ? t.dtype() : DType.promote(strong, t.dtype());
    }
    if (strong == null) return new ShapedType(Shape.scalar(), weak, true);
    if (weak == null || weak.kind().ordinal() <= strong.kind().ordinal()) return new ShapedType(Shape.scalar(), strong, false);
    DType d = weak.isFloating() ? DType.F32 : DType.I32;        // JAX's default float / int for weak kinds
    return new ShapedType(Shape.scalar(), d, true);
  }

  /** {@code v} converted to {@code dtype} (weakness {@code weak}); literals convert at once, others bind a convert. */
  public static Value convert(Value v, DType dtype, boolean weak) {
    ShapedType t = v.type();
    if (t.dtype() == dtype && t.weak() == weak) return v;
    if (v instanceof Const c && (c.weak() || c.array().rank() == 0) && c.array().size() == 1)
      return new Const(c.array().astype(dtype), weak);
    return Bind.bind1(new ConvertElementType(dtype, weak), v);
  }

  /** {@code args} promoted to one dtype (see the class doc). */
  public static Value[] promote(Value... args) {
    ShapedType[] ts = new ShapedType[args.length];
    for (int i = 0; i < args.length; i++) ts[i] = args[i].type();
    ShapedType r = resultType(ts);
    Value[] out = new Value[args.length];
    for (int i = 0; i < args.length; i++) out[i] = convert(args[i], r.dtype(), r.weak());
    return out;
  }

  /** The NumPy broadcast of {@code shapes}; a {@link ShapeError} naming {@code op} and every shape otherwise. */
  public static Shape broadcastShapes(String op, Shape... shapes) {
    int rank = 0;
    for (Shape s : shapes) rank = Math.max(rank, s.rank());
    int[] dims = new int[rank];
    java.util.Arrays.fill(dims, 1);
    for (Shape s : shapes) {
      for (int i = 0; i < s.rank(); i++) {
        int o = rank - s.rank() + i, e = s.dim(i);
        if (e == dims[o] || e == 1) continue;
        if (dims[o] != 1) {
          StringBuilder b = new StringBuilder();
          for (Shape t : shapes) b.append(b.isEmpty() ? "" : " and ").append(t);
          throw new ShapeError(op + ": shapes " + b + " do not broadcast: axis " + o + " of the aligned shapes has extents "
              + dims[o] + " and " + e + "; extents must match or be 1 (align trailing axes, insert size-1 axes with expandDims)");
        }
        dims[o] = e;
      }
    }
    return Shape.of(dims);
  }

  /** {@code v} broadcast to {@code shape} NumPy-style (trailing alignment); a {@link ShapeError} naming {@code op}. */
  public static Value broadcastTo(String op, Value v, Shape shape) {
    Shape s = v.type().shape();
    if (s.equals(shape)) return v;
    Shape b = broadcastShapes(op, s, shape);
    if (!b.equals(shape))
      throw new ShapeError(op + ": cannot broadcast " + v.type() + " to " + shape + " (the broadcast of both is " + b + ")");
    int[] dims = new int[s.rank()];
    for (int i = 0; i < s.rank(); i++) dims[i] = shape.rank() - s.rank() + i;
    if (v instanceof Const c && c.array().rank() == 0 && c.weak()) {
      return new Const(NdArray.full(c.array().dtype(), shape, c.array().getDouble(0)), true);
    }
    return Bind.bind1(new BroadcastInDim(shape, Ints.of(dims)), v);
  }

  /**
   * {@code args} promoted to one dtype and broadcast to one shape, rank-0 operands left as they are (the
   * elementwise primitives broadcast those).
   */
  public static Value[] elementwise(String op, Value... args) {
    Value[] p = promote(args);
    Shape[] shapes = new Shape[p.length];
    for (int i = 0; i < p.length; i++) shapes[i] = p[i].type().shape();
    Shape target = broadcastShapes(op, shapes);
    for (int i = 0; i < p.length; i++) if (p[i].type().rank() > 0) p[i] = broadcastTo(op, p[i], target);
    return p;
  }
}
