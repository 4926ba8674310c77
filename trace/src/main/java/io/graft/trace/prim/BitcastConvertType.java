package io.graft.trace.prim;

import io.graft.numerics.Cast;
import io.graft.numerics.DType;
import io.graft.numerics.DTypeError;
import io.graft.numerics.NdArray;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * {@code y = x}'s bits read as {@code newDtype} ({@code lax.bitcast_convert_type}), elementwise between dtypes of one
 * width: f32, i32 and u32 among themselves, f64 and i64. Random floats are built this way: {@code (bits >>> 9) |
 * 0x3f800000} read as f32 is a float in {@code [1, 2)}.
 *
 * <p>Type rule: the operand's shape with {@code newDtype} (strong); a {@link DTypeError} for bool or a width change
 * (NB: JAX also allows widths that divide each other, adding or dropping a trailing axis; Graft does not yet). JVP:
 * zero (JAX defines no derivative; the bits of a float are not a differentiable function of it). Not linear.
 * Batching: elementwise.
 *
 * @param newDtype the result dtype, of the operand's width
 * @see io.graft.numerics.Cast#bitcast
 */
public record BitcastConvertType(DType newDtype) implements Elementwise {
  /** Validates. */
  public BitcastConvertType { Objects.requireNonNull(newDtype, "newDtype is null"); }

  @Override public String name() { return "bitcast_convert_type"; }

  @Override public String params() { return "new_dtype=" + newDtype; }

  @Override public ShapedType type(Vector<ShapedType> in) {
    Rules.arity(name(), in, 1);
    ShapedType x = in.head();
    if (x.dtype().isBool() || newDtype.isBool() || x.dtype().bits() != newDtype.bits())
      throw new DTypeError(name() + ": cannot reinterpret " + x + " as " + newDtype + "; both dtypes must be numeric and of one"
          + " width (f32/i32/u32 or f64/i64); convert with astype to change the value instead of the bits");
    return new ShapedType(x.shape(), newDtype, false);
  }

  @Override public NdArray eval(Vector<NdArray> in) { return Cast.bitcast(in.head(), newDtype); }

  /** Zero: the result's tangent does not exist as a function of the operand's. */
  @Override public Option<Value> jvp(Vector<Value> primals, Vector<Option<Value>> tangents, Value out) { return Option.none(); }
}
