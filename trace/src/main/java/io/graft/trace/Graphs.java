package io.graft.trace;

import io.graft.numerics.DTypeError;
import io.graft.numerics.ShapeError;
import io.graft.trace.prim.Primitive;
import io.vavr.collection.Vector;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Operations on graphs: the type checker ({@code check_jaxpr}) and the evaluator ({@code eval_jaxpr}). */
public final class Graphs {
  private Graphs() {}

  /**
   * Checks that every variable is defined once before use, that consts match their vars' types, and that each
   * equation's recorded result types are what its primitive's type rule gives for its operands.
   *
   * @throws IllegalStateException naming the first bad equation, printed with the whole graph
   */
  public static Graph check(Graph g) {
    Set<Var> defined = new HashSet<>(); // checker-local; never escapes
    for (int i = 0; i < g.constVars().size(); i++) {
      Var v = g.constVars().get(i);
      var c = g.consts().get(i);
      if (!v.type().shape().equals(c.shape()) || v.type().dtype() != c.dtype())
        throw bad(g, "const var " + v + " holds a " + c.dtype() + c.shape());
      define(g, defined, v);
    }
    for (Var v : g.in()) define(g, defined, v);
    for (Eqn e : g.eqns()) {
      for (Atom a : e.in()) if (a instanceof Var v && !defined.contains(v)) throw bad(g, e.prim().name() + " uses undefined " + v);
      Vector<ShapedType> expected;
      try {
        expected = e.prim().outTypes(e.in().map(Atom::type));
      } catch (ShapeError | DTypeError ex) {
        throw bad(g, "equation " + e.prim().name() + " is ill-typed: " + ex.getMessage());
      }
      Vector<ShapedType> got = e.out().map(Var::type);
      if (!sameTypes(expected, got))
        throw bad(g, "equation " + e.prim().name() + " records " + got.mkString(", ") + " but its rule gives " + expected.mkString(", "));
      for (Var v : e.out()) define(g, defined, v);
    }
    for (Atom a : g.out()) if (a instanceof Var v && !defined.contains(v)) throw bad(g, "output uses undefined " + v);
    return g;
  }

  private static boolean sameTypes(Vector<ShapedType> a, Vector<ShapedType> b) {
    if (a.size() != b.size()) return false;
    for (int i = 0; i < a.size(); i++)
      if (!a.get(i).shape().equals(b.get(i).shape()) || a.get(i).dtype() != b.get(i).dtype()) return false;
    return true;
  }

  private static void define(Graph g, Set<Var> defined, Var v) {
    if (!defined.add(v)) throw bad(g, v + " is defined twice");
  }

  private static IllegalStateException bad(Graph g, String what) {
    return new IllegalStateException("graph check failed: " + what + "\n" + g);
  }

  /** Evaluates {@code g} on {@code args}, binding each equation (so it runs eagerly or under any trace). */
  public static Vector<Value> eval(Graph g, Vector<? extends Value> args) {
    if (args.size() != g.in().size())
      throw new ShapeError("graph expects " + g.in().size() + " argument(s) " + g.inTypes().mkString("(", ", ", ")")
          + ", got " + args.size());
    Map<Var, Value> env = new HashMap<>(); // evaluation-local environment; never escapes
    for (int i = 0; i < g.constVars().size(); i++) env.put(g.constVars().get(i), Const.of(g.consts().get(i)));
    for (int i = 0; i < args.size(); i++) {
      ShapedType want = g.in().get(i).type(), got = args.get(i).type();
      if (!want.shape().equals(got.shape()) || want.dtype() != got.dtype())
        throw new ShapeError("graph argument " + i + " must be " + want + ", got " + got);
      env.put(g.in().get(i), args.get(i));
    }
    for (Eqn e : g.eqns()) {
      Primitive p = e.prim();
      Vector<Value> outs = Bind.bind(p, e.in().map(a -> read(env, a)));
      for (int i = 0; i < outs.size(); i++) env.put(e.out().get(i), outs.get(i));
    }
    return g.out().map(a -> read(env, a));
  }

  private static Value read(Map<Var, Value> env, Atom a) {
    return switch (a) {
      case Var v -> env.get(v);
      case Lit l -> new Const(l.value(), l.type().weak());
    };
  }
}
