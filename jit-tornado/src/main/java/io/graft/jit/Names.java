package io.graft.jit;

import io.graft.trace.Eqn;
import io.graft.trace.Graph;
import io.graft.trace.Var;
import java.util.HashMap;
import java.util.Map;

/** The names {@link Graph#toString()} gives variables ({@code a, b, …, z, ba, …} in definition order). */
final class Names {
  private Names() {}

  static Map<Var, String> of(Graph g) {
    Map<Var, String> names = new HashMap<>(); // local naming table
    for (Var v : g.constVars()) names.put(v, name(names.size()));
    for (Var v : g.in()) names.put(v, name(names.size()));
    for (Eqn e : g.eqns()) for (Var v : e.out()) names.put(v, name(names.size()));
    return names;
  }

  private static String name(int i) {
    StringBuilder b = new StringBuilder();
    do { b.append((char) ('a' + i % 26)); i /= 26; } while (i > 0);
    return b.reverse().toString();
  }
}
