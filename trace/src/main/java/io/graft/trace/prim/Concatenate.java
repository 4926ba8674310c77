package io.graft.trace.prim;

import io.graft.numerics.DTypeError;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;
import io.graft.numerics.kernels.Assemble;
import io.graft.trace.ShapedType;
import io.vavr.collection.Vector;

/**
 * Joins its operands along {@code dimension}: the result's extent there is the sum of theirs, every other extent is
 * shared ({@code lax.concatenate}). One or more operands of one dtype and rank; weakly typed iff all are.
 * <pre>{@code concatenate[dimension=0] [1 2] [3] = [1 2 3]}</pre>
 *
 * @param dimension the axis to join along (non-negative)
 */
public record Concatenate(int dimension) implements Structural {
  @Override public String name() { return "concatenate"; }

  @Override public String params() { return "dimension=" + dimension; }

  @Override public ShapedType type(Vector<ShapedType> in) {
    if (in.isEmpty()) throw new ShapeError(name() + ": needs at least one operand, got none");
    ShapedType first = in.head();
    String all = in.mkString(", ");
    if (dimension < 0 || dimension >= first.rank())
      throw new ShapeError(name() + ": dimension " + dimension + " is not an axis of the operands " + all
          + "; use an axis in [0, " + first.rank() + ") (rank-0 operands cannot be concatenated)");
    int[] d = first.shape().dims();
    d[dimension] = 0;
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
    return new ShapedType(Shape.of(d), first.dtype(), weak);
  }

  @Override public NdArray eval(Vector<NdArray> in) { return Assemble.concatenate(in.toJavaArray(NdArray[]::new), dimension); }
}
