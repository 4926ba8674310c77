package io.graft.trace.prim;

import io.graft.numerics.DTypeError;
import io.graft.numerics.NdArray;
import io.graft.numerics.ShapeError;
import io.graft.numerics.kernels.Layout;
import io.graft.trace.ShapedType;
import io.vavr.collection.Vector;

/**
 * {@code x} with {@code update} written over the window at run-time starts: operands
 * {@code (x, update, i_0, ..., i_{r-1})}; starts clamp as in {@link DynamicSlice} so that the whole update lands
 * inside {@code x} ({@code lax.dynamic_update_slice}). Same dtype and rank for {@code x} and {@code update}; weakly
 * typed iff both are. {@code x} itself is not modified.
 * <pre>{@code dynamic_update_slice [0 0 0] [7] 1 = [0 7 0]}</pre>
 */
public record DynamicUpdateSlice() implements Structural {
  @Override public String name() { return "dynamic_update_slice"; }

  @Override public ShapedType type(Vector<ShapedType> in) {
    if (in.size() < 2)
      throw new ShapeError(name() + ": needs an operand, an update and one start index per axis, got " + in.mkString("(", ", ", ")"));
    ShapedType x = in.get(0), u = in.get(1);
    if (u.dtype() != x.dtype())
      throw new DTypeError(name() + ": update " + u + " must have the dtype of operand " + x + "; convert it with astype(...)");
    if (u.rank() != x.rank())
      throw new ShapeError(name() + ": update " + u + " must have the rank of operand " + x);
    for (int k = 0; k < x.rank(); k++)
      if (u.shape().dim(k) > x.shape().dim(k))
        throw new ShapeError(name() + ": update " + u + " does not fit in operand " + x + " along axis " + k + " ("
            + u.shape().dim(k) + " > " + x.shape().dim(k) + ")");
    StructuralRules.startIndices(name(), in, 2, x);
    return new ShapedType(x.shape(), x.dtype(), x.weak() && u.weak());
  }

  @Override public NdArray eval(Vector<NdArray> in) {
    return Layout.dynamicUpdateSlice(in.get(0), in.get(1), StructuralRules.readIndices(in, 2));
  }
}
