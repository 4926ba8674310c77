package io.graft.trace;

import java.util.HashMap;
import java.util.Map;

/**
 * Prints a {@link Graph} like {@code jax.make_jaxpr}: variables are named {@code a, b, ..., z, ba, bb, ...} in
 * order of definition (consts, parameters, equation results), types follow a colon, parameters sit in brackets.
 * Short graphs print on one line; longer ones put each equation on its own line. An equation whose parameters span
 * several lines (the sub-graphs of cond, while, scan) is indented as a block, so nested graphs read like a jaxpr.
 */
final class GraphPrinter {
  private static final int ONE_LINE_LIMIT = 120;

  private GraphPrinter() {}

  static String print(Graph g) {
    Map<Var, String> names = new HashMap<>(); // printer-local naming table; never escapes
    StringBuilder head = new StringBuilder("{ lambda ");
    for (Var v : g.constVars()) head.append(define(v, names)).append(' ');
    head.append(';');
    for (Var v : g.in()) head.append(' ').append(define(v, names));
    head.append(". let");
    java.util.List<String> eqns = new java.util.ArrayList<>();
    for (Eqn e : g.eqns()) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < e.out().size(); i++) b.append(i > 0 ? " " : "").append(define(e.out().get(i), names));
      b.append(" = ").append(e.prim().name());
      String params = e.prim().params();
      if (!params.isEmpty()) b.append('[').append(params).append(']');
      for (Atom a : e.in()) b.append(' ').append(use(a, names));
      eqns.add(b.toString());
    }
    StringBuilder out = new StringBuilder("(");
    for (int i = 0; i < g.out().size(); i++) out.append(i > 0 ? ", " : "").append(use(g.out().get(i), names));
    out.append(')');
    String oneLine = head + (eqns.isEmpty() ? "" : " " + String.join("; ", eqns)) + " in " + out + " }";
    if (oneLine.length() <= ONE_LINE_LIMIT && !oneLine.contains("\n")) return oneLine;
    StringBuilder b = new StringBuilder(head);
    for (String e : eqns) b.append("\n    ").append(e.replace("\n", "\n    "));
    return b.append("\n  in ").append(out).append(" }").toString();
  }

  private static String define(Var v, Map<Var, String> names) {
    String n = name(names.size());
    names.put(v, n);
    return n + ":" + v.type();
  }

  private static String use(Atom a, Map<Var, String> names) {
    return switch (a) {
      case Var v -> names.getOrDefault(v, "?" + v.id());
      case Lit l -> l.toString();
    };
  }

  /** 0 → a, 25 → z, 26 → ba, 27 → bb (JAX's alphabetic naming). */
  static String name(int i) {
    StringBuilder b = new StringBuilder();
    do { b.append((char) ('a' + i % 26)); i /= 26; } while (i > 0);
    return b.reverse().toString();
  }
}
