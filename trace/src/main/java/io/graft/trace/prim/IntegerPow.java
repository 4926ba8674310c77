package io.graft.trace.prim;

import io.graft.numerics.DTypeError;
import io.graft.numerics.NdArray;
import io.graft.numerics.kernels.Domain;
import io.graft.numerics.kernels.UnaryKernels;
import io.graft.trace.Bind;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.vavr.collection.Vector;
import io.vavr.control.Option;

/**
 * {@code y = x^y} for a fixed integer exponent, by repeated squaring in {@code x}'s dtype
 * ({@code lax.integer_pow}); prints as {@code integer_pow[y=3] a}. A negative exponent gives {@code 1 / x^|y|}
 * and needs a float operand; {@code y = 0} gives ones (also for {@code 0^0}).
 *
 * <p>Type rule: a numeric operand; the result keeps its shape, dtype and weakness. JVP:
 * {@code t * y * x^(y-1)}; batching: the batch axis stays in place.
 * <pre>{@code Bind.bind1(new IntegerPow(3), x)   // [1, 2] -> [1, 8]}</pre>
 *
 * @param y the exponent
 */
public record IntegerPow(int y) implements Elementwise {
  @Override public String name() { return "integer_pow"; }

  @Override public String params() { return "y=" + y; }

  @Override public ShapedType type(Vector<ShapedType> in) {
    Rules.arity(name(), in, 1);
    ShapedType x = in.head();
    ElementwiseRules.requireDomain(name(), Domain.NUMERIC, x, in);
    if (y < 0 && !x.dtype().isFloating())
      throw new DTypeError(name() + ": exponent y=" + y + " is negative, which needs a floating operand, got " + x
          + "; " + ElementwiseRules.fix(Domain.FLOAT));
    return x;
  }

  @Override public NdArray eval(Vector<NdArray> in) { return UnaryKernels.integerPow(in.head(), y); }

  /** {@code t * y * x^(y-1)}; zero for {@code y = 0} and for integer operands, {@code t} itself for {@code y = 1}. */
  @Override public Option<Value> jvp(Vector<Value> primals, Vector<Option<Value>> tangents, Value out) {
    Value x = primals.head();
    if (y == 0 || !x.type().dtype().isFloating() || tangents.head().isEmpty()) return Option.none();
    Value t = tangents.head().get();
    if (y == 1) return Option.of(t);
    return Option.of(LaxOps.mul(t, LaxOps.mul(LaxOps.lit(x, y), LaxOps.integerPow(x, y - 1))));
  }
}
