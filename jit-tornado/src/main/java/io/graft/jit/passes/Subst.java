package io.graft.jit.passes;

import io.graft.trace.Atom;
import io.graft.trace.Eqn;
import io.graft.trace.Var;
import java.util.HashMap;
import java.util.Map;

/** A substitution of variables by atoms, filled while a pass walks a graph forwards. NB: mutable, pass-local. */
final class Subst {
  private final Map<Var, Atom> map = new HashMap<>();

  /** From now on {@code v} reads as {@code a}. */
  void put(Var v, Atom a) { map.put(v, a); }

  /** {@code a} after substitution (entries are already resolved when put, so one lookup suffices). */
  Atom apply(Atom a) { return a instanceof Var v ? map.getOrDefault(v, v) : a; }

  /** {@code e} with its operands substituted. */
  Eqn apply(Eqn e) { return new Eqn(e.prim(), e.in().map(this::apply), e.out()); }
}
