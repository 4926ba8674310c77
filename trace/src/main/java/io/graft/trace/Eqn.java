package io.graft.trace;

import io.graft.trace.prim.Primitive;
import io.vavr.collection.Vector;
import java.util.Objects;

/**
 * One graph equation: {@code out = prim(in)}.
 *
 * @param prim the primitive with its parameters
 * @param in   operands
 * @param out  results (one for every primitive so far; control flow will have several)
 */
public record Eqn(Primitive prim, Vector<Atom> in, Vector<Var> out) {
  /** Validates. */
  public Eqn {
    Objects.requireNonNull(prim, "prim is null");
    Objects.requireNonNull(in, "in is null");
    Objects.requireNonNull(out, "out is null");
  }
}
