package io.graft.trace.prim;

import io.graft.numerics.DTypeError;
import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.ShapeError;
import io.graft.numerics.kernels.Domain;
import io.graft.numerics.kernels.SelectKernels;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.vavr.collection.Vector;
import io.vavr.control.Option;

/**
 * {@code y = min(max(x, lo), hi)} elementwise ({@code lax.clamp}); operands are {@code (lo, x, hi)}, as in JAX.
 * NaN in {@code x} propagates; {@code lo > hi} gives {@code hi}. Prints as {@code clamp a b c}.
 *
 * <p>Type rule: one numeric dtype; {@code lo} and {@code hi} are rank-0 or have {@code x}'s shape; the result
 * has {@code x}'s shape and dtype and is weak only if all three operands are. JVP (JAX's): each operand's tangent
 * where it is the strict winner, none at the bounds; batching: operands lined up, {@code x} always batched.
 * <pre>{@code Bind.bind1(new Clamp(), zero, x, six)   // relu6: f32[], f32[3], f32[] -> f32[3]}</pre>
 */
public record Clamp() implements Elementwise {
  @Override public String name() { return "clamp"; }

  @Override public ShapedType type(Vector<ShapedType> in) {
    Rules.arity(name(), in, 3);
    ShapedType lo = in.get(0), x = in.get(1), hi = in.get(2);
    if (lo.dtype() != x.dtype() || hi.dtype() != x.dtype())
      throw new DTypeError(name() + ": operands (min, x, max) must share one dtype, got " + in.mkString(", ")
          + "; convert with astype(...) (Np.clip promotes automatically)");
    ElementwiseRules.requireDomain(name(), Domain.NUMERIC, x, in);
    for (ShapedType b : new ShapedType[] {lo, hi}) {
      if (b.rank() > 0 && !b.shape().equals(x.shape()))
        throw new ShapeError(name() + ": min and max must be rank-0 or have x's shape, got " + in.mkString(", ")
            + "; broadcast them to " + x.shape() + " first (Np.clip broadcasts automatically)");
    }
    return new ShapedType(x.shape(), x.dtype(), lo.weak() && x.weak() && hi.weak());
  }

  @Override public NdArray eval(Vector<NdArray> in) { return SelectKernels.clamp(in.get(0), in.get(1), in.get(2)); }

  /**
   * JAX's rule: {@code x}'s tangent where {@code lo < x < hi}, {@code lo}'s where {@code x < lo < hi}, {@code hi}'s
   * where {@code hi < x}; zero at the boundaries themselves.
   */
  @Override public Option<Value> jvp(Vector<Value> primals, Vector<Option<Value>> tangents, Value out) {
    if (!out.type().dtype().isFloating()) return Option.none();
    Value lo = primals.get(0), x = primals.get(1), hi = primals.get(2);
    Option<Value> tLo = tangents.get(0).map(t -> pick(LaxOps.and(LaxOps.gt(lo, x), LaxOps.lt(lo, hi)), t, out));
    Option<Value> tX = tangents.get(1).map(t -> pick(LaxOps.and(LaxOps.gt(x, lo), LaxOps.lt(x, hi)), t, out));
    Option<Value> tHi = tangents.get(2).map(t -> pick(LaxOps.lt(hi, x), t, out));
    return Tangents.add(Tangents.add(tLo, tX), tHi);
  }

  private static Value pick(Value where, Value t, Value out) {
    return ElementwiseRules.fit(LaxOps.select(where, t, ElementwiseRules.zero(out)), out.type());
  }

  /** All operands lined up ({@code x} broadcast along the batch when unmapped, since it sets the result's shape). */
  @Override public Batched batch(Vector<Value> args, Ints dims, int size) {
    if (dims.get(1) != Batched.NOT_MAPPED) return ElementwiseRules.batch(this, args, dims, size);
    Value x = Batching.moveTo(new Batched(args.get(1), Batched.NOT_MAPPED), 0, size);
    return ElementwiseRules.batch(this, args.update(1, x), Ints.of(dims.get(0), 0, dims.get(2)), size);
  }
}
