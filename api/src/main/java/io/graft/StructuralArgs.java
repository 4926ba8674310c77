package io.graft;

import io.graft.trace.Value;
import io.vavr.collection.Vector;
import java.util.Objects;

/** Argument plumbing for the structural facades: null checks on array lists and unwrapping to trace values. */
final class StructuralArgs {
  private StructuralArgs() {}

  /** The values of {@code xs}; {@code NullPointerException("name is null")} / {@code "name[i] is null"} otherwise. */
  static Value[] args(Array[] xs, String name) {
    Objects.requireNonNull(xs, name + " is null");
    Value[] out = new Value[xs.length];
    for (int i = 0; i < xs.length; i++) out[i] = Objects.requireNonNull(xs[i], name + "[" + i + "] is null").value();
    return out;
  }

  /** The value of {@code x}; {@code NullPointerException("name is null")} when null. */
  static Value arg(Array x, String name) { return Objects.requireNonNull(x, name + " is null").value(); }

  /** {@code xs} checked non-null. */
  static int[] ints(int[] xs, String name) { return Objects.requireNonNull(xs, name + " is null"); }

  /** Trace values wrapped as arrays. */
  static Vector<Array> arrays(Vector<Value> vs) { return vs.map(Array::new); }
}
