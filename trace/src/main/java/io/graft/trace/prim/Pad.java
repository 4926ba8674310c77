package io.graft.trace.prim;

import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;
import io.graft.numerics.kernels.Assemble;
import io.graft.trace.ShapedType;
import io.vavr.collection.Vector;
import java.util.Objects;

/**
 * Pads {@code x} with the rank-0 {@code padding_value}: along axis {@code k}, input element {@code i} lands at
 * {@code lo + i * (interior + 1)} of an axis of extent {@code lo + hi + d + max(0, d - 1) * interior}; the rest is
 * {@code padding_value}. Negative {@code lo}/{@code hi} crop ({@code lax.pad}). Weakly typed iff both operands are.
 * <pre>{@code pad[padding_config=((1, 1, 0),)] [1 2] 0 = [0 1 2 0]}</pre>
 *
 * @param paddingConfig one {@code (lo, hi, interior)} per axis
 */
public record Pad(PadConfig paddingConfig) implements Structural {
  /** Validates. */
  public Pad { Objects.requireNonNull(paddingConfig, "paddingConfig is null"); }

  @Override public String name() { return "pad"; }

  @Override public String params() { return "padding_config=" + paddingConfig; }

  @Override public ShapedType type(Vector<ShapedType> in) {
    Rules.arity(name(), in, 2);
    ShapedType x = in.get(0), v = in.get(1);
    if (v.rank() != 0)
      throw new ShapeError(name() + ": the padding value must be rank-0, got " + v + " (operand " + x + "); pass a scalar");
    Rules.elementwise(name(), in);                                // one dtype for operand and padding value
    if (paddingConfig.rank() != x.rank())
      throw new ShapeError(name() + ": padding_config " + paddingConfig + " has " + paddingConfig.rank() + " row(s) but operand "
          + x + " has rank " + x.rank() + "; give one (lo, hi, interior) per axis");
    int[] d = new int[x.rank()];
    for (int k = 0; k < d.length; k++) {
      int lo = paddingConfig.lo().get(k), hi = paddingConfig.hi().get(k), interior = paddingConfig.interior().get(k);
      if (interior < 0)
        throw new ShapeError(name() + ": padding_config " + paddingConfig + " has interior padding " + interior + " on axis " + k
            + " of operand " + x + "; interior padding must be >= 0");
      long e = Assemble.paddedExtent(x.shape().dim(k), lo, hi, interior);
      if (e < 0 || e > Integer.MAX_VALUE)
        throw new ShapeError(name() + ": padding_config " + paddingConfig + " gives axis " + k + " of operand " + x + " the extent "
            + e + "; negative lo/hi may remove at most the padded extent");
      d[k] = (int) e;
    }
    return new ShapedType(Shape.of(d), x.dtype(), x.weak() && v.weak());
  }

  @Override public NdArray eval(Vector<NdArray> in) {
    return Assemble.pad(in.get(0), in.get(1), paddingConfig.lo().toArray(), paddingConfig.hi().toArray(),
        paddingConfig.interior().toArray());
  }
}
