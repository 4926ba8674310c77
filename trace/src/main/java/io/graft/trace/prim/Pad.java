package io.graft.trace.prim;

import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;
import io.graft.numerics.kernels.Assemble;
import io.graft.trace.Bind;
import io.graft.trace.Const;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * Pads {@code x} with the rank-0 {@code padding_value}: along axis {@code k}, input element {@code i} lands at
 * {@code lo + i * (interior + 1)} of an axis of extent {@code lo + hi + d + max(0, d - 1) * interior}; the rest is
 * {@code padding_value}. Negative {@code lo}/{@code hi} crop ({@code lax.pad}). Weakly typed iff both operands are.
 * Linear in both operands: {@code jvp = pad(t_x, t_v)}; the transpose strides the operand's cotangent out of
 * {@code ct} and gives the padding value the rest, {@code sum(ct) - sum(ct_x)}.
 * <pre>{@code pad[padding_config=((1, 1, 0),)] [1 2] 0 = [0 1 2 0]}</pre>
 *
 * @param paddingConfig one {@code (lo, hi, interior)} per axis
 */
public record Pad(PadConfig paddingConfig) implements Structural, Primitive.Linear {
  /** Validates. */
  public Pad { Objects.requireNonNull(paddingConfig, "paddingConfig is null"); }

  @Override public String name() { return "pad"; }

  /** Linear in the operand and the padding value together. */
  @Override public int linearOperands(int operands) { return 2; }

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
    long[] d = new long[x.rank()];
    for (int k = 0; k < d.length; k++) {
      int lo = paddingConfig.lo().get(k), hi = paddingConfig.hi().get(k), interior = paddingConfig.interior().get(k);
      if (interior < 0)
        throw new ShapeError(name() + ": padding_config " + paddingConfig + " has interior padding " + interior + " on axis " + k
            + " of operand " + x + "; interior padding must be >= 0");
      d[k] = Assemble.paddedExtent(x.shape().dim(k), lo, hi, interior);
      if (d[k] < 0)
        throw new ShapeError(name() + ": padding_config " + paddingConfig + " gives axis " + k + " of operand " + x + " the extent "
            + d[k] + "; negative lo/hi may remove at most the padded extent");
    }
    return new ShapedType(Shape.checked(name(), () -> "operand " + x + ", padding_config " + paddingConfig, d), x.dtype(),
        x.weak() && v.weak());
  }

  @Override public NdArray eval(Vector<NdArray> in) {
    return Assemble.pad(in.get(0), in.get(1), paddingConfig.lo().toArray(), paddingConfig.hi().toArray(),
        paddingConfig.interior().toArray());
  }

  /**
   * Operand: the elements of {@code ct} that came from it (cropped ones restored as zeros, then a strided slice);
   * padding value: everything else, {@code sum(ct) - sum(ct_x)} (JAX's {@code _pad_transpose}).
   */
  @Override public Vector<Option<Value>> transpose(Value ct, Vector<LinearArg> args) {
    Value ctX = unpad(ct, args.get(0).type());
    Option<Value> ctV = args.get(1).isLinear() ? Option.of(LaxOps.sub(total(ct), total(ctX))) : Option.none();
    return Vector.of(args.get(0).isLinear() ? Option.of(ctX) : Option.none(), ctV);
  }

  private Value unpad(Value ct, ShapedType x) {
    int r = x.rank();
    int[] lo = new int[r], hi = new int[r], start = new int[r], limit = new int[r], stride = new int[r];
    boolean cropped = false, whole = true;
    for (int k = 0; k < r; k++) {
      lo[k] = Math.max(-paddingConfig.lo().get(k), 0);
      hi[k] = Math.max(-paddingConfig.hi().get(k), 0);
      cropped |= lo[k] > 0 || hi[k] > 0;
    }
    Value c = ct;
    if (cropped)
      c = Bind.bind1(new Pad(new PadConfig(Ints.of(lo), Ints.of(hi), Ints.of(new int[r]))), ct, zero(ct.type()));
    for (int k = 0; k < r; k++) {
      start[k] = Math.max(paddingConfig.lo().get(k), 0);
      limit[k] = c.type().shape().dim(k) - Math.max(paddingConfig.hi().get(k), 0);
      stride[k] = paddingConfig.interior().get(k) + 1;
      whole &= start[k] == 0 && limit[k] == c.type().shape().dim(k) && stride[k] == 1;
    }
    return whole ? c : Bind.bind1(new Slice(Ints.of(start), Ints.of(limit), Ints.of(stride)), c);
  }

  private static Value zero(ShapedType t) { return Const.of(NdArray.scalar(t.dtype(), 0)); }

  private static Value total(Value v) {
    return v.type().rank() == 0 ? v : Bind.bind1(new Reduce(ReduceOp.SUM, Ints.range(v.type().rank())), v);
  }

  /**
   * A batched operand with an unbatched padding value pads in place (no padding on the batch axis); a batched
   * padding value goes through {@link StructuralBatching#padWithBatchedValue}.
   */
  @Override public Batched batch(Vector<Value> args, Ints dims, int size) {
    if (dims.get(1) != Batched.NOT_MAPPED) return StructuralBatching.padWithBatchedValue(paddingConfig, args, dims, size);
    int b = dims.get(0);
    PadConfig c = new PadConfig(StructuralRules.insert(paddingConfig.lo(), b, 0),
        StructuralRules.insert(paddingConfig.hi(), b, 0), StructuralRules.insert(paddingConfig.interior(), b, 0));
    return new Batched(Bind.bind1(new Pad(c), args.get(0), args.get(1)), b);
  }
}
