package io.graft.trace.prim;

import io.graft.numerics.DTypeError;
import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;
import io.graft.numerics.kernels.Assemble;
import io.graft.trace.Bind;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.vavr.collection.Vector;
import io.vavr.control.Option;

/**
 * Joins its operands along {@code dimension}: the result's extent there is the sum of theirs, every other extent is
 * shared ({@code lax.concatenate}). One or more operands of one dtype and rank; weakly typed iff all are. Linear:
 * {@code jvp = concatenate(t_0, ..., t_n)}; each linear operand's cotangent is its slice of {@code ct}.
 * <pre>{@code concatenate[dimension=0] [1 2] [3] = [1 2 3]}</pre>
 *
 * @param dimension the axis to join along (non-negative)
 */
public record Concatenate(int dimension) implements Structural, Primitive.Linear {
  @Override public String name() { return "concatenate"; }

  /** Linear in every operand. */
  @Override public int linearOperands(int operands) { return operands; }

  @Override public String params() { return "dimension=" + dimension; }

  @Override public ShapedType type(Vector<ShapedType> in) {
    if (in.isEmpty()) throw new ShapeError(name() + ": needs at least one operand, got none");
    ShapedType first = in.head();
    String all = in.mkString(", ");
    if (dimension < 0 || dimension >= first.rank())
      throw new ShapeError(name() + ": dimension " + dimension + " is not an axis of the operands " + all
          + "; use an axis in [0, " + first.rank() + ") (rank-0 operands cannot be concatenated)");
    long[] d = new long[first.rank()];                      // in long: the joined extent may pass Integer.MAX_VALUE
    for (int k = 0; k < d.length; k++) d[k] = k == dimension ? 0 : first.shape().dim(k);
    boolean weak = true;
    for (ShapedType t : in) {
      if (t.dtype() != first.dtype())
        throw new DTypeError(name() + ": operands must have one dtype, got " + all + "; convert with astype(...) "
            + "(Np.concatenate promotes automatically)");
      if (t.rank() != first.rank())
        throw new ShapeError(name() + ": operands must have one rank, got " + all);
      for (int k = 0; k < d.length; k++)
        if (k != dimension && t.shape().dim(k) != first.shape().dim(k))
          throw new ShapeError(name() + ": operands " + all + " differ on axis " + k + " (" + first.shape().dim(k) + " vs "
              + t.shape().dim(k) + "); all extents but dimension " + dimension + " must be equal");
      d[dimension] += t.shape().dim(dimension);
      weak &= t.weak();
    }
    return new ShapedType(Shape.checked(name(), () -> all, d), first.dtype(), weak);
  }

  @Override public NdArray eval(Vector<NdArray> in) { return Assemble.concatenate(in.toJavaArray(NdArray[]::new), dimension); }

  /** Each linear operand gets the slice of {@code ct} it was joined at (JAX's {@code _concatenate_transpose_rule}). */
  @Override public Vector<Option<Value>> transpose(Value ct, Vector<LinearArg> args) {
    Vector<Option<Value>> out = Vector.empty();
    int offset = 0;
    for (LinearArg a : args) {
      int n = a.type().shape().dim(dimension);
      if (a.isLinear() && args.size() == 1) out = out.append(Option.of(ct));
      else if (a.isLinear()) {
        int[] start = new int[ct.type().rank()], limit = ct.type().shape().dims();
        start[dimension] = offset;
        limit[dimension] = offset + n;
        out = out.append(Option.of(Bind.bind1(Slice.of(Ints.of(start), Ints.of(limit)), ct)));
      } else out = out.append(Option.none());
      offset += n;
    }
    return out;
  }

  /** All operands get their batch axis where the first mapped one has it (unmapped ones are broadcast there). */
  @Override public Batched batch(Vector<Value> args, Ints dims, int size) {
    int b = Batched.NOT_MAPPED;
    for (int i = 0; i < dims.size() && b == Batched.NOT_MAPPED; i++) b = dims.get(i);
    Value[] xs = new Value[args.size()];
    for (int i = 0; i < xs.length; i++) xs[i] = Batching.moveTo(new Batched(args.get(i), dims.get(i)), b, size);
    return new Batched(Bind.bind1(new Concatenate(StructuralRules.shift(dimension, b)), xs), b);
  }
}
