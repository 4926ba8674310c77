package io.graft.trace.prim;

import io.graft.numerics.Cast;
import io.graft.numerics.DType;
import io.graft.numerics.NdArray;
import io.graft.trace.ShapedType;
import io.graft.trace.Bind;
import io.graft.trace.Value;
import io.vavr.control.Option;
import io.vavr.collection.Vector;
import java.util.Objects;

/**
 * {@code y = (newDtype) x} elementwise, C-style (float to int truncates; nonzero is true). {@code weak} marks the
 * result weakly typed, as when a Java literal is converted.
 *
 * @param newDtype the result dtype
 * @param weak     whether the result is weakly typed
 */
public record ConvertElementType(DType newDtype, boolean weak) implements Elementwise {
  /** Validates. */
  public ConvertElementType { Objects.requireNonNull(newDtype, "newDtype is null"); }

  @Override public String name() { return "convert_element_type"; }

  @Override public String params() { return "new_dtype=" + newDtype + " weak_type=" + (weak ? "True" : "False"); }

  @Override public ShapedType type(Vector<ShapedType> in) {
    Rules.arity(name(), in, 1);
    return new ShapedType(in.head().shape(), newDtype, weak);
  }

  @Override public NdArray eval(Vector<NdArray> in) { return Cast.cast(in.head(), newDtype); }

  /** Linear between floating types: {@code jvp = convert(t)}; a zero tangent when either side is not floating. */
  @Override public Option<Value> jvp(Vector<Value> primals, Vector<Option<Value>> tangents, Value out) {
    if (!newDtype.isFloating() || !primals.head().type().dtype().isFloating()) return Option.none();
    return tangents.head().map(t -> Bind.bind1(new ConvertElementType(newDtype, false), t));
  }

  /** {@code ct} converted back to the operand's dtype. */
  @Override public Vector<Option<Value>> transpose(Value ct, Vector<LinearArg> args) {
    ShapedType x = args.head().type();
    if (!x.dtype().isFloating()) return Vector.of(Option.none());
    return Vector.of(Option.of(Bind.bind1(new ConvertElementType(x.dtype(), false), ct)));
  }
}
