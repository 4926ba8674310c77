package io.graft.trace.prim;

import io.graft.numerics.NdArray;
import io.graft.trace.Bind;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.vavr.collection.Vector;
import io.vavr.control.Option;

/**
 * The identity {@code y = x}, whose derivative is zero ({@code lax.stop_gradient}); prints as
 * {@code stop_gradient a}. It stays a primitive so graphs show where gradients are cut; eagerly it shares the
 * operand's (immutable) buffer.
 *
 * <p>Type rule: any operand; the result has its type. JVP: zero; batching: the batch axis stays in place.
 * <pre>{@code Bind.bind1(new StopGradient(), x)   // x, with d/dx = 0}</pre>
 */
public record StopGradient() implements Elementwise {
  @Override public String name() { return "stop_gradient"; }

  @Override public ShapedType type(Vector<ShapedType> in) {
    Rules.arity(name(), in, 1);
    return in.head();
  }

  @Override public NdArray eval(Vector<NdArray> in) { return in.head().reshape(in.head().shape()); }

  /** The point of the primitive: a zero tangent. */
  @Override public Option<Value> jvp(Vector<Value> primals, Vector<Option<Value>> tangents, Value out) { return Option.none(); }
}
