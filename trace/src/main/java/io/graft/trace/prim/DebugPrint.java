package io.graft.trace.prim;

import io.graft.numerics.NdArray;
import io.graft.trace.Bind;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import java.util.function.Consumer;

/**
 * {@code jax.debug.print} as an identity with an effect: {@code y = x}, and running it prints {@code label: <x>}
 * (prints as {@code debug_print[label=...] a}). Because it is a primitive, a jitted function prints when its
 * executable runs, with the concrete value, not when it is traced; the graph passes never fold, merge or drop it
 * ({@link #hasEffect()}), even when its result is unused.
 *
 * <p>Type rule: any operand; the result has its type. JVP: the tangent passes through (only the primal is
 * printed); transpose: the identity; batching: the batched value is printed once, the batch axis stays in place.
 * Output goes to {@link #SINK} where bound, else to {@code System.out}.
 * <pre>{@code Bind.bind1(new DebugPrint("h"), x)   // prints "h: [1. 2.]", returns x}</pre>
 *
 * @param label printed before the value
 */
public record DebugPrint(String label) implements Elementwise {
  /**
   * Where printed lines go (test hook; unbound: {@code System.out}). Bind it for a scope, e.g.
   * {@code ScopedValue.where(DebugPrint.SINK, lines::add).run(...)}; the executor runs on the caller's thread, so
   * jitted calls in that scope print there too.
   */
  public static final ScopedValue<Consumer<String>> SINK = ScopedValue.newInstance();

  /** Validates. */
  public DebugPrint {
    java.util.Objects.requireNonNull(label, "label is null");
  }

  @Override public String name() { return "debug_print"; }

  @Override public String params() { return "label=" + label; }

  @Override public boolean hasEffect() { return true; }

  @Override public ShapedType type(Vector<ShapedType> in) {
    Rules.arity(name(), in, 1);
    return in.head();
  }

  /** Prints, then returns the operand's (immutable) buffer as it is. */
  @Override public NdArray eval(Vector<NdArray> in) {
    String line = label + ": " + in.head();
    if (SINK.isBound()) SINK.get().accept(line);
    else System.out.println(line);
    return in.head();
  }

  /** The tangent passes through unprinted. */
  @Override public Option<Value> jvp(Vector<Value> primals, Vector<Option<Value>> tangents, Value out) { return tangents.head(); }

  /** The identity's transpose (linear graphs never hold this primitive: its JVP records nothing). */
  @Override public Vector<Option<Value>> transpose(Value ct, Vector<LinearArg> args) { return Vector.of(Option.of(ct)); }
}
