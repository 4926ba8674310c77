package io.graft.trace.ops;

import io.graft.numerics.DType;
import io.graft.numerics.DTypeError;
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
import java.util.function.Supplier;

/**
 * NumPy-level argument preparation: JAX type promotion with weak types, and NumPy broadcasting.
 *
 * <p><b>Promotion.</b> Strong dtypes meet at their least upper bound ({@link DType#promote}). A weak operand (a
 * Java literal: {@code 2.0} is a weak f64, {@code 2} a weak i64) adopts the strong dtype when its kind is not
 * higher ({@code f32 * 2.0 -> f32}, {@code i32 * 2 -> i32}, {@code u32 * 2 -> u32}: the unsigned kind ranks above
 * the signed one for this); a weak float meeting strong integers or bools gives
 * the default float f32, weakly typed ({@code i32 * 0.5 -> f32}), as in JAX. Weak literals are converted at once
 * (no equation), so graphs show {@code mul a 2.0:f32[]}. A literal that an integer dtype cannot hold
 * ({@code i32[3] + 10_000_000_000L}, or an out-of-range or non-finite {@code double} converted to an integer dtype)
 * is a {@link DTypeError} naming the op, the literal and the dtype, as JAX and NumPy 2 raise {@code OverflowError};
 * it never wraps.
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

  /** {@link #convert(String, Value, DType, boolean)} for callers without an op name (errors say {@code convert}). */
  public static Value convert(Value v, DType dtype, boolean weak) { return convert("convert", v, dtype, weak); }

  /**
   * {@code v} converted to {@code dtype} (weakness {@code weak}); literals convert at once, others bind a convert. A
   * weak literal that {@code dtype} cannot hold is a {@link DTypeError} naming {@code op} (see the class doc).
   */
  public static Value convert(String op, Value v, DType dtype, boolean weak) {
    return convert(op, v, dtype, weak, () -> "converting to " + dtype);
  }

  private static Value convert(String op, Value v, DType dtype, boolean weak, Supplier<String> got) {
    ShapedType t = v.type();
    if (t.dtype() == dtype && t.weak() == weak) return v;
    if (v instanceof Const c && (c.weak() || c.array().rank() == 0) && c.array().size() == 1) {
      if (c.weak()) checkLiteralFits(op, c.array(), dtype, got);
      return new Const(c.array().astype(dtype), weak);
    }
    return Bind.bind1(new ConvertElementType(dtype, weak), v);
  }

  /** {@link #promote(String, Value...)} for callers without an op name (errors say {@code promote}). */
  public static Value[] promote(Value... args) { return promote("promote", args); }

  /** {@code args} promoted to one dtype (see the class doc); an overflowing literal is a {@link DTypeError} naming {@code op}. */
  public static Value[] promote(String op, Value... args) {
    if (oneType(args)) return args.clone();                  // one dtype and weakness: nothing converts
    ShapedType[] ts = new ShapedType[args.length];
    for (int i = 0; i < args.length; i++) ts[i] = args[i].type();
    ShapedType r = resultType(ts);
    Supplier<String> got = () -> {
      StringBuilder b = new StringBuilder("operands ");
      for (int i = 0; i < ts.length; i++) b.append(i > 0 ? ", " : "").append(ts[i].weak() && ts[i].rank() == 0 ? "a literal" : ts[i]);
      return b.append(", which promote to ").append(r.dtype()).toString();
    };
    Value[] out = new Value[args.length];
    for (int i = 0; i < args.length; i++) out[i] = convert(op, args[i], r.dtype(), r.weak(), got);
    return out;
  }

  /** True when all of {@code args} have one dtype and one weakness, so {@link #promote} leaves them as they are. */
  private static boolean oneType(Value[] args) {
    if (args.length == 0) return false;
    ShapedType first = args[0].type();
    for (int i = 1; i < args.length; i++) {
      ShapedType t = args[i].type();
      if (t.dtype() != first.dtype() || t.weak() != first.weak()) return false;
    }
    return true;
  }

  /**
   * A {@link DTypeError} unless the literal {@code lit} (rank 0) is in the range of the integer dtype {@code to}:
   * Java integer literals are weak i64 and doubles weak f64, and a narrowing cast would wrap or saturate.
   */
  private static void checkLiteralFits(String op, NdArray lit, DType to, Supplier<String> got) {
    if (!to.isInteger() || lit.dtype() == to || lit.dtype().isBool()) return;
    long min = switch (to) { case I32 -> Integer.MIN_VALUE; case U32 -> 0; default -> Long.MIN_VALUE; };
    long max = switch (to) { case I32 -> Integer.MAX_VALUE; case U32 -> 0xFFFF_FFFFL; default -> Long.MAX_VALUE; };
    String text;
    if (lit.dtype().isInteger()) {
      long v = lit.getLong(0);
      if (v >= min && v <= max) return;
      text = Long.toString(v);
    } else {
      double v = lit.getDouble(0);
      if (v >= min && v < (double) max + 1) return;              // max + 1 = 2^31, 2^32 or 2^63, exact in double
      text = Double.toString(v);
    }
    String fix = to != DType.I64 && lit.dtype().isInteger()
        ? "cast the array to i64 first (x.astype(Np.int64)) or use a literal in that range"
        : lit.dtype().isInteger() ? "use a literal in that range" : "cast the array to a floating dtype first (x.astype(Np.float64)) or use a value in that range";
    throw new DTypeError(op + ": the Java literal " + text + " does not fit " + to + " (range [" + min + ", " + max + "]); got "
        + got.get() + "; " + fix + " (JAX and NumPy 2 raise OverflowError here rather than wrap)");
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
      NdArray a = c.array();
      if (a.dtype() != DType.I64) return new Const(NdArray.full(a.dtype(), shape, a.getDouble(0)), true);
      long[] filled = new long[shape.size()];                    // exact: an i64 above 2^53 does not survive a double
      java.util.Arrays.fill(filled, a.getLong(0));
      return new Const(NdArray.wrap(shape, filled), true);
    }
    return Bind.bind1(new BroadcastInDim(shape, Ints.of(dims)), v);
  }

  /**
   * {@code args} promoted to one dtype and broadcast to one shape, rank-0 operands left as they are (the
   * elementwise primitives broadcast those).
   */
  public static Value[] elementwise(String op, Value... args) {
    Value[] p = promote(op, args);
    Shape target = commonShape(p);
    if (target != null) return p;                              // one shape (rank-0 operands aside): nothing to do
    Shape[] shapes = new Shape[p.length];
    for (int i = 0; i < p.length; i++) shapes[i] = p[i].type().shape();
    target = broadcastShapes(op, shapes);
    for (int i = 0; i < p.length; i++) if (p[i].type().rank() > 0) p[i] = broadcastTo(op, p[i], target);
    return p;
  }

  /**
   * The shape every operand of rank above 0 has, when they agree (rank-0 when all are rank-0); {@code null} when
   * they differ and need {@link #broadcastShapes}. The common case of eager code, checked without allocating.
   */
  private static Shape commonShape(Value[] p) {
    Shape common = Shape.scalar();
    for (Value v : p) {
      Shape s = v.type().shape();
      if (s.rank() == 0) continue;
      if (common.rank() == 0) common = s;
      else if (!common.equals(s)) return null;
    }
    return common;
  }
}
