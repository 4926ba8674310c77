package io.graft.trace.prim;

import io.graft.numerics.NdArray;
import io.graft.numerics.ShapeError;
import io.graft.trace.Const;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * A linear map given as functions, recorded by reverse mode for a {@link CustomVjpCall} (its transpose is the
 * user's {@code bwd}) or a {@link Checkpoint} (both directions recompute the checkpointed function). Operands:
 * {@code numResiduals} known values, then the linear inputs; results: the linear outputs.
 *
 * @param kind         {@code custom_vjp} or {@code checkpoint}, printed
 * @param outTypes     the result types
 * @param numResiduals leading operands that are residuals
 * @param forward      {@code (residuals, inputs) -> outputs}
 * @param transpose    {@code (residuals, output cotangents) -> input cotangents}
 */
public record LinearCall(String kind, Vector<ShapedType> outTypes, int numResiduals, Map forward, Map transpose)
    implements HigherOrder {
  /** One direction of the map on flat values; {@code none} entries are zeros. */
  @FunctionalInterface
  public interface Map {
    /** The image of {@code in}. */
    Vector<Option<Value>> apply(Vector<Value> residuals, Vector<Option<Value>> in);
  }

  /** Validates. */
  public LinearCall {
    Objects.requireNonNull(kind, "kind is null");
    Objects.requireNonNull(outTypes, "outTypes is null");
    Objects.requireNonNull(forward, "forward is null");
    Objects.requireNonNull(transpose, "transpose is null");
  }

  @Override public String name() { return "linear_call"; }

  @Override public String params() { return "kind=" + kind + " num_residuals=" + numResiduals; }

  @Override public Vector<ShapedType> outTypes(Vector<ShapedType> in) {
    if (in.size() < numResiduals) throw new ShapeError("linear_call: needs " + numResiduals + " residuals, got " + in.size() + " operands");
    return outTypes;
  }

  @Override public Vector<NdArray> impl(Vector<NdArray> in) {
    Vector<Value> vals = in.map(a -> (Value) Const.of(a));
    Vector<Option<Value>> outs = forward.apply(vals.take(numResiduals), vals.drop(numResiduals).map(Option::of));
    return outs.zipWith(outTypes, (o, t) -> o.isDefined() ? ((Const) o.get()).array()
        : NdArray.zeros(t.dtype(), t.shape()));
  }
}
