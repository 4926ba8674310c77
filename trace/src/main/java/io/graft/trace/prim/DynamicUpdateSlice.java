package io.graft.trace.prim;

import io.graft.numerics.DTypeError;
import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.ShapeError;
import io.graft.numerics.kernels.Layout;
import io.graft.trace.Bind;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.vavr.collection.Vector;
import io.vavr.control.Option;

/**
 * {@code x} with {@code update} written over the window at run-time starts: operands
 * {@code (x, update, i_0, ..., i_{r-1})}; starts clamp as in {@link DynamicSlice} so that the whole update lands
 * inside {@code x} ({@code lax.dynamic_update_slice}). Same dtype and rank for {@code x} and {@code update}; weakly
 * typed iff both are. {@code x} itself is not modified. Linear in {@code (x, update)} (the indices are never
 * differentiated): {@code jvp = dynamic_update_slice(t_x, t_u, i)}; the transpose gives {@code x} the cotangent with
 * the window zeroed and {@code update} the window, {@code dynamic_slice(ct, i)}.
 * <pre>{@code dynamic_update_slice [0 0 0] [7] 1 = [0 7 0]}</pre>
 */
public record DynamicUpdateSlice() implements Structural, Primitive.Linear {
  @Override public String name() { return "dynamic_update_slice"; }

  /** Linear in the operand and the update together; the start indices pass through. */
  @Override public int linearOperands(int operands) { return 2; }

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

  /**
   * Operand: {@code dynamic_update_slice(ct, zeros like update, i...)}; update: {@code dynamic_slice(ct, i...)} of
   * the update's size (JAX's {@code _dynamic_update_slice_transpose_rule}). The indices get no cotangent.
   */
  @Override public Vector<Option<Value>> transpose(Value ct, Vector<LinearArg> args) {
    ShapedType u = args.get(1).type();
    Vector<Value> idx = args.drop(2).map(a -> a.known(name()));
    Option<Value> ctX = Option.none(), ctU = Option.none();
    if (args.get(0).isLinear())
      ctX = Option.of(Bind.bind1(this, idx.prependAll(Vector.of(ct, Tangents.zeros(u.strong()))).toJavaArray(Value[]::new)));
    if (args.get(1).isLinear())
      ctU = Option.of(Bind.bind1(new DynamicSlice(Ints.of(u.shape().dims())), idx.prepend(ct).toJavaArray(Value[]::new)));
    return idx.<Option<Value>>map(i -> Option.none()).prependAll(Vector.of(ctX, ctU));
  }

  /**
   * Unbatched indices: operand and update get one batch axis position (the operand's, else the update's; an
   * unmapped one is broadcast), written at start 0 of it. Batched indices: see
   * {@link StructuralBatching#dynamicUpdateSlice}.
   */
  @Override public Batched batch(Vector<Value> args, Ints dims, int size) {
    if (StructuralBatching.anyMapped(dims, 2)) return StructuralBatching.dynamicUpdateSlice(args, dims, size);
    int b = dims.get(0) != Batched.NOT_MAPPED ? dims.get(0) : dims.get(1);
    Value x = Batching.moveTo(new Batched(args.get(0), dims.get(0)), b, size);
    Value u = Batching.moveTo(new Batched(args.get(1), dims.get(1)), b, size);
    Vector<Value> ops = args.drop(2).insert(b, StructuralRules.zeroIndex(args, 2)).prependAll(Vector.of(x, u));
    return new Batched(Bind.bind1(this, ops.toJavaArray(Value[]::new)), b);
  }
}
