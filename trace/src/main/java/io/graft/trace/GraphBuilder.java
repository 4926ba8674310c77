package io.graft.trace;

import io.graft.numerics.NdArray;
import io.graft.trace.prim.Primitive;
import io.vavr.collection.Vector;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The staging trace (JAX's {@code DynamicJaxprTrace}): every primitive applied to its tracers becomes an equation.
 *
 * <p>Concrete scalars enter as inline literals; other concrete arrays become const vars; tracers of outer
 * transforms become extra leading parameters (JAX's {@code convert_constvars_jaxpr}), returned by {@link #trace}
 * so the caller can pass them back in.
 * NB: the builder's lists are mutable, confined to the one call of {@link #trace} that owns the builder.
 */
public final class GraphBuilder extends Trace {
  /** A tracer that stands for a graph atom. */
  static final class GraphTracer extends Tracer {
    private final GraphBuilder trace;
    private final Atom atom;
    private final ShapedType type;   // the atom's, read once: type() is on every dispatch's path

    GraphTracer(GraphBuilder trace, Atom atom) { this.trace = trace; this.atom = atom; this.type = atom.type(); }

    @Override public Trace trace() { return trace; }

    @Override public ShapedType type() { return type; }
  }

  /**
   * A traced function: the graph, and the outer-trace values that its first {@code outerArgs.size()} parameters
   * stand for (empty at top level).
   *
   * @param graph     the closed graph
   * @param outerArgs values of enclosing transforms that the function closed over
   */
  public record Traced(Graph graph, Vector<Value> outerArgs) {}

  private final List<Eqn> eqns = new ArrayList<>();
  private final List<Var> constVars = new ArrayList<>();
  private final List<NdArray> consts = new ArrayList<>();
  private final Map<Object, GraphTracer> known = new IdentityHashMap<>();
  private final List<Var> outerVars = new ArrayList<>();
  private final List<Value> outerArgs = new ArrayList<>();

  private GraphBuilder(MainTrace main) { super(main); }

  /**
   * Traces {@code f} on parameters of {@code inTypes} into a graph, staging every primitive (even those on
   * constants only), as {@code makeGraph} and {@code jit} need.
   *
   * @param transform the transform's name for errors ({@code makeGraph}, {@code jit}, ...)
   * @param function  the user's function as shown in errors
   */
  public static Traced trace(String transform, String function, Vector<ShapedType> inTypes,
                             Function<Vector<Value>, Vector<? extends Value>> f) {
    GraphBuilder b = start(transform, function);
    try {
      Vector<Value> args = inTypes.map(b::param);
      Vector<? extends Value> outs = TraceContext.staging(b.main(), () -> f.apply(args));
      return b.finish(outs);
    } finally {
      b.main().close();
    }
  }

  /**
   * A builder one level above the current innermost trace. The caller runs code under
   * {@code TraceContext.within(b.main(), ...)} (only primitives touching the builder's tracers are recorded, as
   * linearization needs) or {@code TraceContext.staging} (everything is recorded), then calls {@link #finish} and
   * closes the main trace.
   */
  public static GraphBuilder start(String transform, String function) {
    return (GraphBuilder) MainTrace.open(transform, function, GraphBuilder::new).trace();
  }

  private final List<Var> params = new ArrayList<>();

  /**
   * A new graph parameter of type {@code t}, as a tracer of this builder. Weakness is kept, as in JAX's avals: a
   * weakly typed scalar argument ({@code Array.scalar(0.9)} passed to a jitted step) takes the dtype of the arrays
   * it meets inside the graph, as it would eagerly.
   */
  public Tracer param(ShapedType t) {
    Var v = Var.fresh(t);
    params.add(v);
    return new GraphTracer(this, v);
  }

  /** The graph with these outputs; outer-trace values it closed over lead its parameters. */
  public Traced finish(Vector<? extends Value> outs) {
    Vector<Atom> outAtoms = outs.map(o -> ((GraphTracer) raise(o)).atom);
    Graph g = new Graph(Vector.ofAll(constVars), Vector.ofAll(consts),
        Vector.ofAll(outerVars).appendAll(params), Vector.ofAll(eqns), outAtoms);
    return new Traced(g, Vector.ofAll(outerArgs));
  }

  @Override public Tracer pure(Const c) {
    // a scalar is an inline literal: nothing to share, so no map entry (an identity hash per literal was a large
    // part of recording an op); an array becomes one const var however often it is used
    if (c.array().rank() == 0) return new GraphTracer(this, new Lit(c.array(), c.type()));
    GraphTracer t = known.get(c.array());          // get, then put: no capturing lambda per constant
    if (t != null) return t;
    Var v = Var.fresh(c.type().strong());
    constVars.add(v);
    consts.add(c.array());
    t = new GraphTracer(this, v);
    known.put(c.array(), t);
    return t;
  }

  @Override public Tracer lift(Tracer lower) {
    return known.computeIfAbsent(lower, k -> {
      Var v = Var.fresh(lower.type().strong());
      outerVars.add(v);
      outerArgs.add(lower);
      return new GraphTracer(this, v);
    });
  }

  @Override public Vector<Value> process(Primitive prim, Vector<Tracer> args) {
    if (prim instanceof Primitive.Single s) return Vector.of(process1(s, args));
    Atom[] atoms = atoms(args);
    ShapedType[] inTypes = new ShapedType[atoms.length];
    for (int i = 0; i < atoms.length; i++) inTypes[i] = atoms[i].type();
    Vector<Atom> in = Vector.of(atoms);
    Vector<ShapedType> types = prim.outTypes(Vector.of(inTypes));
    Vector<Var> outs = types.map(Var::fresh);
    eqns.add(new Eqn(prim, in, outs));
    return outs.map(v -> new GraphTracer(this, v));
  }

  /** One result: no vectors of result types, variables or tracers. */
  @Override public Value process1(Primitive.Single prim, Vector<Tracer> args) {
    Atom[] atoms = atoms(args);
    ShapedType[] inTypes = new ShapedType[atoms.length];
    for (int i = 0; i < atoms.length; i++) inTypes[i] = atoms[i].type();
    Var out = Var.fresh(prim.type(Vector.of(inTypes)));
    eqns.add(new Eqn(prim, Vector.of(atoms), Vector.of(out)));
    return new GraphTracer(this, out);
  }

  /** The atoms {@code args} stand for (filled in one pass; {@code Vector.of} wraps the array, no map copies). */
  private static Atom[] atoms(Vector<Tracer> args) {
    Atom[] atoms = new Atom[args.size()];
    for (int i = 0; i < atoms.length; i++) atoms[i] = ((GraphTracer) args.get(i)).atom;
    return atoms;
  }
}
