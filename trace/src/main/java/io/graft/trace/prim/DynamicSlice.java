package io.graft.trace.prim;

import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;
import io.graft.numerics.kernels.Layout;
import io.graft.trace.Bind;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * A window of static size at run-time starts: operands {@code (x, i_0, ..., i_{r-1})}, one rank-0 integer per
 * axis; {@code y[j] = x[s + j]} with {@code s_k = clamp(i_k, 0, dim_k - slice_sizes_k)}, so the window always lies
 * inside {@code x}, as in XLA ({@code lax.dynamic_slice}). Weakly typed iff {@code x} is. Linear in {@code x} (the
 * indices are never differentiated): {@code jvp = dynamic_slice(t_x, i)}; the transpose writes {@code ct} into zeros
 * with {@link DynamicUpdateSlice} at the same indices, which clamp the same way.
 * <pre>{@code dynamic_slice[slice_sizes=(2,)] [0 1 2 3] 5 = [2 3]     (start clamped to 2)}</pre>
 *
 * @param sliceSizes the window's extent per axis, {@code 0 <= size <= dim}
 */
public record DynamicSlice(Ints sliceSizes) implements Structural, Primitive.Linear {
  /** Validates. */
  public DynamicSlice { Objects.requireNonNull(sliceSizes, "sliceSizes is null"); }

  @Override public String name() { return "dynamic_slice"; }

  @Override public String params() { return "slice_sizes=" + sliceSizes; }

  @Override public ShapedType type(Vector<ShapedType> in) {
    if (in.isEmpty()) throw new ShapeError(name() + ": needs an operand and one start index per axis, got no operands");
    ShapedType x = in.head();
    StructuralRules.startIndices(name(), in, 1, x);
    if (sliceSizes.size() != x.rank())
      throw new ShapeError(name() + ": operand " + x + " has rank " + x.rank() + " but slice_sizes " + sliceSizes + " has "
          + sliceSizes.size() + " entries; give one size per axis");
    for (int k = 0; k < x.rank(); k++)
      if (sliceSizes.get(k) < 0 || sliceSizes.get(k) > x.shape().dim(k))
        throw new ShapeError(name() + ": slice_sizes " + sliceSizes + " asks for " + sliceSizes.get(k) + " elements of axis " + k
            + " of operand " + x + "; each size must be in [0, extent]");
    return x.withShape(Shape.of(sliceSizes.toArray()));
  }

  @Override public NdArray eval(Vector<NdArray> in) {
    return Layout.dynamicSlice(in.head(), StructuralRules.readIndices(in, 1), sliceSizes.toArray());
  }

  /** {@code dynamic_update_slice(zeros, ct, i...)}; the indices get no cotangent. */
  @Override public Vector<Option<Value>> transpose(Value ct, Vector<LinearArg> args) {
    Value[] ops = new Value[args.size() + 1];
    ops[0] = Tangents.zeros(args.head().type().strong());
    ops[1] = ct;
    for (int k = 1; k < args.size(); k++) ops[k + 1] = args.get(k).known(name());
    Vector<Option<Value>> none = Vector.fill(args.size() - 1, Option::none);
    return none.prepend(Option.of(Bind.bind1(new DynamicUpdateSlice(), ops)));
  }

  /**
   * Unbatched indices: the batch axis stays in place and is sliced whole (start 0). Batched indices: a
   * {@link Gather} (see {@link StructuralBatching#dynamicSlice}).
   */
  @Override public Batched batch(Vector<Value> args, Ints dims, int size) {
    if (StructuralBatching.anyMapped(dims, 1)) return StructuralBatching.dynamicSlice(sliceSizes, args, dims, size);
    int b = dims.get(0);
    Vector<Value> ops = args.insert(1 + b, StructuralRules.zeroIndex(args, 1));
    Value y = Bind.bind1(new DynamicSlice(StructuralRules.insert(sliceSizes, b, size)), ops.toJavaArray(Value[]::new));
    return new Batched(y, b);
  }
}
