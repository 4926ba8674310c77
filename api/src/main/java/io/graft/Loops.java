package io.graft;

import io.graft.numerics.DType;
import io.graft.numerics.DTypeError;
import io.graft.numerics.ShapeError;
import io.graft.trace.Bind;
import io.graft.trace.Graph;
import io.graft.trace.GraphBuilder;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.graft.trace.Var;
import io.graft.trace.prim.Cond;
import io.graft.trace.prim.LaxOps;
import io.graft.trace.prim.Scan;
import io.graft.trace.prim.WhileLoop;
import io.graft.trace.tree.TreeDef;
import io.graft.trace.tree.Trees;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Pytree-level structured control flow behind {@link Lax#cond}, {@link Lax#switchCase}, {@link Lax#whileLoop},
 * {@link Lax#foriLoop}, {@link Lax#scan} and {@link Lax#map}: each traces the user's functions once into sub-graphs
 * and binds one control-flow primitive ({@link Cond}, {@link WhileLoop}, {@link Scan}).
 */
final class Loops {
  private Loops() {}

  /** A traced function: its graph, the outer values it closed over, its output tree and the output object. */
  private record Traced(Graph graph, Vector<Value> outerArgs, TreeDef outDef, Object out) {}

  /** Traces {@code f} on a pytree shaped like {@code like} (leaf types {@code types}, strong). */
  @SuppressWarnings("unchecked")
  private static <P> Traced trace(String op, String site, Function<P, ?> f, TreeDef inDef, Vector<ShapedType> types) {
    Object[] out = new Object[1];
    TreeDef[] outDef = new TreeDef[1];
    GraphBuilder.Traced g = GraphBuilder.trace(op, site, types, vals -> {
      Flat.Tree t = Flat.call(op, site, x -> out[0] = f.apply((P) x), Flat.arrays(inDef, vals));
      outDef[0] = t.def();
      return t.values();
    });
    return new Traced(g.graph(), g.outerArgs(), outDef[0], out[0]);
  }

  private static Vector<ShapedType> strong(Vector<Value> vals) { return vals.map(v -> v.type().strong()); }

  /**
   * The carry with each weakly typed leaf ({@code Array.scalar(0.0)}, a Java literal) converted to the dtype the body
   * gives it when traced with weak types, as JAX promotes weak carries: an f64 literal accumulating f32 values becomes
   * an f32 carry rather than a type error. {@code bodyCarry} traces the body on the given leaf types and returns its
   * new carry's types; it runs only when some leaf is weak.
   */
  private static Vector<Value> promoteWeak(Vector<Value> carry, Function<Vector<ShapedType>, Vector<ShapedType>> bodyCarry) {
    if (!carry.exists(v -> v.type().weak())) return carry;
    Vector<ShapedType> out = bodyCarry.apply(carry.map(Value::type));
    if (out.size() != carry.size()) return carry;   // the structure check reports it
    return carry.zipWith(out, (v, t) -> v.type().weak() && t.dtype() != v.type().dtype() && t.shape().equals(v.type().shape())
        ? LaxOps.convert(v, t.dtype()) : v);
  }

  /**
   * A {@link ShapeError} unless {@code (defB, typesB)} has the structure and leaf types of {@code (defA, typesA)}: it
   * shows both structures and every differing leaf (path and both types).
   */
  static void agree(String op, String site, String what, String nameA, TreeDef defA, Object treeA, Vector<ShapedType> a,
                    String nameB, TreeDef defB, Object treeB, Vector<ShapedType> b) {
    boolean sameTree = defA.equals(defB);
    StringBuilder diff = new StringBuilder();
    if (sameTree) {
      Vector<String> paths = Trees.paths(treeA);
      for (int i = 0; i < a.size(); i++)
        if (!a.get(i).shape().equals(b.get(i).shape()) || a.get(i).dtype() != b.get(i).dtype())
          diff.append("\n  leaf ").append(i).append(paths.get(i).isEmpty() ? "" : " " + paths.get(i)).append(": ")
              .append(nameA).append(" ").append(a.get(i)).append(", ").append(nameB).append(" ").append(b.get(i));
      if (diff.isEmpty()) return;
    }
    throw new ShapeError(op + "(" + site + "): " + what + "\n  " + nameA + ": " + defA + " with leaves " + a.mkString("(", ", ", ")")
        + "\n  " + nameB + ": " + defB + " with leaves " + b.mkString("(", ", ", ")")
        + (sameTree ? "\ndiffering leaves:" + diff : "\nthe structures differ")
        + "\nmake them return the same pytree of arrays with the same shapes and dtypes (cast with astype, or broadcast)");
  }

  // ---------------------------------------------------------------- cond / switch

  static Value index(String op, Array index, boolean pred) {
    Value v = Objects.requireNonNull(index, (pred ? "pred" : "index") + " is null").value();
    ShapedType t = v.type();
    if (t.rank() != 0 || (pred ? t.dtype() != DType.BOOL : t.dtype().isFloating() || t.dtype() == DType.BOOL))
      throw new DTypeError(op + ": the " + (pred ? "predicate must be a bool[] scalar" : "index must be an integer scalar")
          + ", got " + t + (pred ? "; compare first (e.g. x.gt(0.0)), or reduce with any()/all()" : "; convert with astype(Np.int32)"));
    return LaxOps.convert(v, DType.I32);
  }

  @SuppressWarnings("unchecked")
  static <P, R> R switchCase(String op, String site, Value index, Vector<Function<P, R>> branches, Vector<String> names, P operand) {
    Flat.Tree in = Flat.of(operand);
    Vector<ShapedType> types = strong(in.values());
    Vector<Traced> traced = promoteWeakResults(op, site, branches.zipWith(names, (f, n) -> trace(op, n + " " + site, f, in.def(), types)));
    Traced first = traced.head();
    for (int i = 1; i < traced.size(); i++) {
      Traced t = traced.get(i);
      agree(op, site, "every branch must return the same structure and leaf types",
          names.head(), first.outDef(), first.out(), first.graph().outTypes().map(ShapedType::strong),
          names.get(i), t.outDef(), t.out(), t.graph().outTypes().map(ShapedType::strong));
    }
    // every branch takes every branch's closed-over values (its own in its slot), then the operands
    Vector<ShapedType> outerTypes = traced.flatMap(t -> t.outerArgs().map(v -> v.type().strong()));
    Vector<Graph> graphs = Vector.empty();
    int before = 0;
    for (Traced t : traced) {
      int own = t.outerArgs().size();
      Graph g = t.graph();
      Vector<Var> params = outerTypes.take(before).map(Var::fresh).appendAll(g.in().take(own))
          .appendAll(outerTypes.drop(before + own).map(Var::fresh)).appendAll(g.in().drop(own));
      graphs = graphs.append(new Graph(g.constVars(), g.consts(), params, g.eqns(), g.out()));
      before += own;
    }
    Vector<Value> operands = Vector.of(index).appendAll(traced.flatMap(Traced::outerArgs)).appendAll(in.values());
    Vector<Value> outs = Bind.bind(new Cond(graphs, names.mkString(", ") + " @ " + site.replaceFirst("^fn @ ", "")), operands);
    return (R) Flat.arrays(first.outDef(), outs);
  }

  /**
   * Branches whose results differ only where some are weakly typed (a Java literal such as {@code Array.scalar(0.0)}
   * returned by one branch, an f32 array by another) get those results converted to the one strong dtype the others
   * agree on, as JAX promotes weak branch outputs; anything else is left for {@link #agree} to report.
   */
  private static Vector<Traced> promoteWeakResults(String op, String site, Vector<Traced> traced) {
    if (traced.exists(t -> !t.outDef().equals(traced.head().outDef()))) return traced;
    int n = traced.head().graph().out().size();
    io.graft.numerics.DType[] target = new io.graft.numerics.DType[n];
    for (int i = 0; i < n; i++) {
      int leaf = i;
      Vector<ShapedType> ts = traced.map(t -> t.graph().outTypes().get(leaf));
      Vector<io.graft.numerics.DType> strong = ts.filter(t -> !t.weak()).map(ShapedType::dtype).distinct();
      if (strong.size() == 1 && ts.exists(t -> t.weak() && t.dtype() != strong.head())) target[i] = strong.head();
    }
    return traced.map(t -> {
      Vector<ShapedType> outs = t.graph().outTypes();
      if (Vector.range(0, n).forAll(i -> target[i] == null || outs.get(i).dtype() == target[i])) return t;
      Graph g = t.graph();
      Graph converted = GraphBuilder.trace(op, site, g.inTypes(), xs -> {
        Vector<Value> r = g.eval(xs);
        return Vector.range(0, n).map(i -> target[i] == null ? r.get(i) : LaxOps.convert(r.get(i), target[i]));
      }).graph();
      return new Traced(converted, t.outerArgs(), t.outDef(), t.out());
    });
  }

  // ---------------------------------------------------------------- while

  @SuppressWarnings("unchecked")
  static <C> C whileLoop(String site, Function<C, Array> condFn, Function<C, C> bodyFn, C init) {
    Flat.Tree in0 = Flat.of(init);
    Flat.Tree in = new Flat.Tree(promoteWeak(in0.values(), t -> trace("whileLoop", "bodyFn " + site, bodyFn, in0.def(), t)
        .graph().outTypes()), in0.def());
    Vector<ShapedType> types = strong(in.values());
    Traced cond = trace("whileLoop", "condFn " + site, condFn, in.def(), types);
    Vector<ShapedType> p = cond.graph().outTypes();
    if (!(cond.outDef() instanceof TreeDef.LeafDef) || p.head().rank() != 0 || p.head().dtype() != DType.BOOL)
      throw new DTypeError("whileLoop(condFn " + site + "): the condition must return one bool[] scalar Array, got "
          + cond.outDef() + " with leaves " + p.mkString("(", ", ", ")") + "; compare (e.g. i.lt(n)), and reduce arrays with all()/any()");
    Traced body = trace("whileLoop", "bodyFn " + site, bodyFn, in.def(), types);
    agree("whileLoop", site, "the body must return the carry's structure and leaf types",
        "init", in.def(), init, types, "bodyFn's result", body.outDef(), body.out(), body.graph().outTypes().map(ShapedType::strong));
    Vector<Value> outs = Bind.bind(new WhileLoop(cond.graph(), body.graph(), cond.outerArgs().size(), body.outerArgs().size(),
        "condFn, bodyFn @ " + site.replaceFirst("^fn @ ", "")), cond.outerArgs().appendAll(body.outerArgs()).appendAll(in.values()));
    return (C) Flat.arrays(in.def(), outs);
  }

  // ---------------------------------------------------------------- scan

  @SuppressWarnings("unchecked")
  static <C, X, Y> Tuple2<C, Y> scan(String site, BiFunction<C, X, Tuple2<C, Y>> f, C init, X xs, ScanOptions opts) {
    Objects.requireNonNull(f, "f is null");
    Objects.requireNonNull(opts, "opts is null");
    Flat.Tree carry = Flat.of(Objects.requireNonNull(init, "init is null"));
    Flat.Tree x = Flat.of(xs == null ? Option.none() : xs);
    int length = opts.length();
    Vector<String> paths = xs == null ? Vector.empty() : Trees.paths(xs);
    for (int i = 0; i < x.values().size(); i++) {
      ShapedType t = x.values().get(i).type();
      if (t.rank() == 0)
        throw new ShapeError("scan(" + site + "): every xs leaf needs a leading axis to scan over, but leaf " + i + paths.get(i) + " is " + t);
      if (length < 0) length = t.shape().dim(0);
      else if (t.shape().dim(0) != length)
        throw new ShapeError("scan(" + site + "): xs leaf " + i + paths.get(i) + " is " + t + " but the scan's length is " + length
            + (opts.length() >= 0 ? " (ScanOptions.length)" : " (the leading axis of xs leaf 0, " + x.values().head().type() + ")")
            + "; every xs leaf needs a leading axis of the same length");
    }
    if (length < 0)
      throw new ShapeError("scan(" + site + "): no xs to scan over and no length; pass xs, or a length (Lax.scan(f, init, n) or ScanOptions.withLength(n))");
    int nk = carry.values().size();
    Vector<ShapedType> sliceTypes = x.values().map(v -> v.type().strong().withShape(v.type().shape().drop(0)));
    TreeDef pairDef = Flat.of(Tuple.of(init, xs == null ? Option.none() : xs)).def();
    Function<Tuple2<C, X>, Object> pair = t -> {
      Tuple2<C, Y> r = f.apply(t._1, xs == null ? null : t._2);
      if (r == null) throw new io.graft.trace.TransformError("scan(" + site + "): f returned null; return Tuple.of(newCarry, y)");
      return r;
    };
    Flat.Tree carry0 = carry;
    carry = new Flat.Tree(promoteWeak(carry.values(), t -> trace("scan", site, pair, pairDef, t.appendAll(sliceTypes))
        .graph().outTypes().take(carry0.values().size())), carry.def());
    Vector<ShapedType> carryTypes = strong(carry.values());
    Traced body = trace("scan", site, pair, pairDef, carryTypes.appendAll(sliceTypes));
    Tuple2<C, Y> sample = (Tuple2<C, Y>) body.out();
    TreeDef.NodeDef outDef = (TreeDef.NodeDef) body.outDef();
    TreeDef carryOut = outDef.children().get(0), yDef = outDef.children().get(1);
    Vector<ShapedType> outTypes = body.graph().outTypes().map(ShapedType::strong);
    agree("scan", site, "f must return (newCarry, y) with newCarry of the carry's structure and leaf types",
        "init", carry.def(), init, carryTypes, "f's new carry", carryOut, sample._1, outTypes.take(carryOut.leafCount()));
    int nc = body.outerArgs().size();
    Vector<Value> outs = Bind.bind(new Scan(body.graph(), nc, nk, length, opts.reverse(), site),
        body.outerArgs().appendAll(carry.values()).appendAll(x.values()));
    return Tuple.of((C) Flat.arrays(carry.def(), outs.take(nk)), (Y) Flat.arrays(yDef, outs.drop(nk)));
  }
}
