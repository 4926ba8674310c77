package io.graft;

import io.graft.trace.GraphBuilder;
import io.graft.trace.Graph;
import io.graft.trace.Graphs;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.graft.trace.tree.Trees;
import io.vavr.Function2;
import io.vavr.Function3;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import io.vavr.Tuple3;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The transformations: Graft's entry point. Each takes a function and returns a function, so they compose:
 *
 * <pre>{@code
 * ArrayFn f = x -> x.sin().sum();
 * ArrayFn df = Graft.grad(f);                         // ∇f
 * ArrayFn d2f = Graft.grad(Graft.grad(x -> x.sin().sum()));
 * Function2<Array, Array, Array> perExample = Graft.vmap(Graft.grad(loss), null, 0);   // per-example gradients
 * ArrayFn h = Graft.hessian(rosenbrock);
 * Graph g = Graft.makeGraph(f).apply(Array.of(new float[] {1, 2, 3}));
 * // { lambda ; a:f32[3]. let b:f32[3] = sin a; c:f32[] = reduce_sum[axes=(0,)] b in (c) }
 * }</pre>
 *
 * <p><b>Function types.</b> One scheme throughout: {@link ArrayFn} (array to array) wherever a transform
 * needs nothing else, {@link TreeFn} (pytree to array) for scalar-valued functions of pytrees, plain
 * {@code Function<P, R>} for pytree to pytree, Vavr {@code Function2}/{@code Function3} for several arguments
 * with typed {@link Argnums}. Errors name the transform and the user's call site, e.g.
 * {@code grad(fn @ Train.java:41): the function must return a scalar, got f32[256,10]; ...}.
 */
public final class Graft {
  private Graft() {}

  /**
   * {@code jax.make_jaxpr}: a function that traces {@code f} on an argument (any pytree of arrays, concrete or
   * abstract {@link ShapeDtype} arrays) and returns the graph. Arrays that {@code f} closes over appear as
   * constants before the {@code ;}. Evaluating the graph ({@link Graph#eval}) gives what {@code f} returns.
   *
   * @param f   the function to trace; it returns a pytree of arrays
   * @param <P> the argument type
   */
  public static <P> Function<P, Graph> makeGraph(Function<P, ?> f) {
    Objects.requireNonNull(f, "f is null");
    String site = CallSite.describe();
    return arg -> {
      Objects.requireNonNull(arg, "arg is null");
      return traceToGraph("makeGraph", site, f, arg).graph();
    };
  }

  /** Traces {@code f} at {@code arg}'s types (leaves become parameters in flattening order). */
  @SuppressWarnings("unchecked")
  static <P> GraphBuilder.Traced traceToGraph(String transform, String site, Function<P, ?> f, P arg) {
    Trees.Flat flat = Trees.flatten(arg);
    Vector<ShapedType> types = flat.leaves().map(l -> l.value().type());
    GraphBuilder.Traced traced = GraphBuilder.trace(transform, site, types, vals -> {
      Object rebuilt = Trees.unflatten(flat.def(), vals.map(Array::new));
      return Flat.call(transform, site, f, (P) rebuilt).values();
    });
    Graphs.check(traced.graph());
    return traced;
  }

  // ---------------------------------------------------------------- reverse mode

  /** {@code jax.grad} of a scalar-valued array function: {@code x ↦ ∇f(x)}, same shape as {@code x}. */
  public static ArrayFn grad(ArrayFn f) {
    Objects.requireNonNull(f, "f is null");
    String site = CallSite.describe();
    return x -> Autodiff.valueAndGrad("grad", site, f, Objects.requireNonNull(x, "x is null"))._2;
  }

  /**
   * {@code jax.grad} of a scalar-valued function of a pytree: the gradient has the argument's structure.
   *
   * <p>Give the lambda's parameter a type, or pass a method reference: an implicitly typed lambda
   * ({@code Graft.grad(q -> loss(q, x))}) resolves to the {@link #grad(ArrayFn)} overload, because Java chooses an
   * overload before it types an implicit lambda's body, and then fails to compile with "Array cannot be converted
   * to Params". The spellings that work:
   * <pre>{@code
   * Function<Params, Params> g = Graft.grad((Params q) -> loss(q, x));   // a typed lambda parameter
   * Function<Params, Params> g = Graft.grad(this::loss);                 // a method reference (loss(Params))
   * TreeFn<Params> f = q -> loss(q, x);  Graft.grad(f);                  // a typed variable
   * }</pre>
   */
  @SuppressWarnings("overloads")   // ArrayFn extends TreeFn<Array>: a lambda over one Array resolves to the ArrayFn overload
  public static <P> Function<P, P> grad(TreeFn<P> f) {
    Objects.requireNonNull(f, "f is null");
    String site = CallSite.describe();
    return x -> Autodiff.valueAndGrad("grad", site, f, Objects.requireNonNull(x, "x is null"))._2;
  }

  /** {@code jax.grad(f, argnums=0)} of a two-argument function. */
  public static <A, B> Function2<A, B, A> grad(Function2<A, B, Array> f) { return grad(f, Argnums.FIRST); }

  /** {@code jax.grad(f, argnums=0)}. */
  public static <A, B> Function2<A, B, A> grad(Function2<A, B, Array> f, Argnums.First which) {
    Objects.requireNonNull(f, "f is null");
    String site = CallSite.describe();
    return (a, b) -> Autodiff.valueAndGrad("grad", site, (A x) -> f.apply(x, b), nn(a, "a"))._2;
  }

  /** {@code jax.grad(f, argnums=1)}. */
  public static <A, B> Function2<A, B, B> grad(Function2<A, B, Array> f, Argnums.Second which) {
    Objects.requireNonNull(f, "f is null");
    String site = CallSite.describe();
    return (a, b) -> Autodiff.valueAndGrad("grad", site, (B y) -> f.apply(a, y), nn(b, "b"))._2;
  }

  /** {@code jax.grad(f, argnums=(0, 1))}. */
  public static <A, B> Function2<A, B, Tuple2<A, B>> grad(Function2<A, B, Array> f, Argnums.All which) {
    Objects.requireNonNull(f, "f is null");
    String site = CallSite.describe();
    return (a, b) -> Autodiff.valueAndGrad("grad", site, (Tuple2<A, B> t) -> f.apply(t._1, t._2), Tuple.of(nn(a, "a"), nn(b, "b")))._2;
  }

  /** {@code jax.grad(f, argnums=0)} of a three-argument function. */
  public static <A, B, C> Function3<A, B, C, A> grad(Function3<A, B, C, Array> f) {
    Objects.requireNonNull(f, "f is null");
    String site = CallSite.describe();
    return (a, b, c) -> Autodiff.valueAndGrad("grad", site, (A x) -> f.apply(x, b, c), nn(a, "a"))._2;
  }

  /** {@code jax.grad(f, argnums=1)} of a three-argument function. */
  public static <A, B, C> Function3<A, B, C, B> grad(Function3<A, B, C, Array> f, Argnums.Second which) {
    Objects.requireNonNull(f, "f is null");
    String site = CallSite.describe();
    return (a, b, c) -> Autodiff.valueAndGrad("grad", site, (B y) -> f.apply(a, y, c), nn(b, "b"))._2;
  }

  /** {@code jax.grad(f, argnums=2)} of a three-argument function. */
  public static <A, B, C> Function3<A, B, C, C> grad(Function3<A, B, C, Array> f, Argnums.Third which) {
    Objects.requireNonNull(f, "f is null");
    String site = CallSite.describe();
    return (a, b, c) -> Autodiff.valueAndGrad("grad", site, (C z) -> f.apply(a, b, z), nn(c, "c"))._2;
  }

  /** {@code jax.grad(f, argnums=(0, 1, 2))}. */
  public static <A, B, C> Function3<A, B, C, Tuple3<A, B, C>> grad(Function3<A, B, C, Array> f, Argnums.All which) {
    Objects.requireNonNull(f, "f is null");
    String site = CallSite.describe();
    return (a, b, c) -> Autodiff.valueAndGrad("grad", site, (Tuple3<A, B, C> t) -> f.apply(t._1, t._2, t._3),
        Tuple.of(nn(a, "a"), nn(b, "b"), nn(c, "c")))._2;
  }

  /** {@code jax.value_and_grad}: {@code x ↦ (f(x), ∇f(x))}. */
  public static Function<Array, Tuple2<Array, Array>> valueAndGrad(ArrayFn f) {
    Objects.requireNonNull(f, "f is null");
    String site = CallSite.describe();
    return x -> Autodiff.valueAndGrad("valueAndGrad", site, f, Objects.requireNonNull(x, "x is null"));
  }

  /** {@code jax.value_and_grad} over a pytree argument. */
  @SuppressWarnings("overloads")   // ArrayFn extends TreeFn<Array>: a lambda over one Array resolves to the ArrayFn overload
  public static <P> Function<P, Tuple2<Array, P>> valueAndGrad(TreeFn<P> f) {
    Objects.requireNonNull(f, "f is null");
    String site = CallSite.describe();
    return x -> Autodiff.valueAndGrad("valueAndGrad", site, f, Objects.requireNonNull(x, "x is null"));
  }

  /** {@code jax.value_and_grad(f, argnums=0)} of a two-argument function. */
  public static <A, B> Function2<A, B, Tuple2<Array, A>> valueAndGrad(Function2<A, B, Array> f) {
    Objects.requireNonNull(f, "f is null");
    String site = CallSite.describe();
    return (a, b) -> Autodiff.valueAndGrad("valueAndGrad", site, (A x) -> f.apply(x, b), nn(a, "a"));
  }

  /** {@code jax.value_and_grad(f, argnums=0)}. */
  public static <A, B> Function2<A, B, Tuple2<Array, A>> valueAndGrad(Function2<A, B, Array> f, Argnums.First which) {
    Objects.requireNonNull(which, "which is null");
    Objects.requireNonNull(f, "f is null");
    String site = CallSite.describe();
    return (a, b) -> Autodiff.valueAndGrad("valueAndGrad", site, (A x) -> f.apply(x, b), nn(a, "a"));
  }

  /** {@code jax.value_and_grad(f, argnums=1)}: {@code (f(a, b), ∂f/∂b)}. */
  public static <A, B> Function2<A, B, Tuple2<Array, B>> valueAndGrad(Function2<A, B, Array> f, Argnums.Second which) {
    Objects.requireNonNull(which, "which is null");
    Objects.requireNonNull(f, "f is null");
    String site = CallSite.describe();
    return (a, b) -> Autodiff.valueAndGrad("valueAndGrad", site, (B y) -> f.apply(a, y), nn(b, "b"));
  }

  /** {@code jax.value_and_grad(f, argnums=(0, 1))}: {@code (f(a, b), (∂f/∂a, ∂f/∂b))}. */
  public static <A, B> Function2<A, B, Tuple2<Array, Tuple2<A, B>>> valueAndGrad(Function2<A, B, Array> f, Argnums.All which) {
    Objects.requireNonNull(which, "which is null");
    Objects.requireNonNull(f, "f is null");
    String site = CallSite.describe();
    return (a, b) -> Autodiff.valueAndGrad("valueAndGrad", site, (Tuple2<A, B> t) -> f.apply(t._1, t._2),
        Tuple.of(nn(a, "a"), nn(b, "b")));
  }

  /** {@code jax.value_and_grad(f, argnums=0)} of a three-argument function. */
  public static <A, B, C> Function3<A, B, C, Tuple2<Array, A>> valueAndGrad(Function3<A, B, C, Array> f) {
    Objects.requireNonNull(f, "f is null");
    String site = CallSite.describe();
    return (a, b, c) -> Autodiff.valueAndGrad("valueAndGrad", site, (A x) -> f.apply(x, b, c), nn(a, "a"));
  }

  /** {@code jax.value_and_grad(f, argnums=1)} of a three-argument function. */
  public static <A, B, C> Function3<A, B, C, Tuple2<Array, B>> valueAndGrad(Function3<A, B, C, Array> f, Argnums.Second which) {
    Objects.requireNonNull(which, "which is null");
    Objects.requireNonNull(f, "f is null");
    String site = CallSite.describe();
    return (a, b, c) -> Autodiff.valueAndGrad("valueAndGrad", site, (B y) -> f.apply(a, y, c), nn(b, "b"));
  }

  /** {@code jax.value_and_grad(f, argnums=2)} of a three-argument function. */
  public static <A, B, C> Function3<A, B, C, Tuple2<Array, C>> valueAndGrad(Function3<A, B, C, Array> f, Argnums.Third which) {
    Objects.requireNonNull(which, "which is null");
    Objects.requireNonNull(f, "f is null");
    String site = CallSite.describe();
    return (a, b, c) -> Autodiff.valueAndGrad("valueAndGrad", site, (C z) -> f.apply(a, b, z), nn(c, "c"));
  }

  /** {@code jax.value_and_grad(f, argnums=(0, 1, 2))} of a three-argument function. */
  public static <A, B, C> Function3<A, B, C, Tuple2<Array, Tuple3<A, B, C>>> valueAndGrad(Function3<A, B, C, Array> f,
                                                                                         Argnums.All which) {
    Objects.requireNonNull(which, "which is null");
    Objects.requireNonNull(f, "f is null");
    String site = CallSite.describe();
    return (a, b, c) -> Autodiff.valueAndGrad("valueAndGrad", site, (Tuple3<A, B, C> t) -> f.apply(t._1, t._2, t._3),
        Tuple.of(nn(a, "a"), nn(b, "b"), nn(c, "c")));
  }

  /** {@code jax.grad(f, has_aux=True)}: {@code f} returns {@code (loss, aux)}; the result is {@code (∇loss, aux)}. */
  public static <P, X> Function<P, Tuple2<P, X>> gradWithAux(Function<P, Tuple2<Array, X>> f) {
    Objects.requireNonNull(f, "f is null");
    String site = CallSite.describe();
    return x -> {
      var r = Aux.valueAndGrad("gradWithAux", site, f, Objects.requireNonNull(x, "x is null"));
      return Tuple.of(r._2, r._1._2);
    };
  }

  /** {@code jax.value_and_grad(f, has_aux=True)}: {@code ((loss, aux), ∇loss)}. */
  public static <P, X> Function<P, Tuple2<Tuple2<Array, X>, P>> valueAndGradWithAux(Function<P, Tuple2<Array, X>> f) {
    Objects.requireNonNull(f, "f is null");
    String site = CallSite.describe();
    return x -> Aux.valueAndGrad("valueAndGradWithAux", site, f, Objects.requireNonNull(x, "x is null"));
  }

  /** {@code jax.vjp}: {@code (f(x), ct ↦ ctᵀ·∂f(x))}; the pullback takes a cotangent shaped like {@code f(x)}. */
  public static <P, R> Tuple2<R, Function<R, P>> vjp(Function<P, R> f, P primal) {
    Objects.requireNonNull(f, "f is null");
    return Autodiff.vjp("vjp", CallSite.describe(), f, Objects.requireNonNull(primal, "primal is null"));
  }

  // ---------------------------------------------------------------- forward mode

  /** {@code jax.jvp}: {@code (f(primal), ∂f(primal)·tangent)}. */
  public static <P, R> Tuple2<R, R> jvp(Function<P, R> f, P primal, P tangent) {
    Objects.requireNonNull(f, "f is null");
    return Autodiff.jvp("jvp", CallSite.describe(), f, Objects.requireNonNull(primal, "primal is null"),
        Objects.requireNonNull(tangent, "tangent is null"));
  }

  /** {@code jax.linearize}: {@code (f(primal), t ↦ ∂f(primal)·t)}, the linear map recorded once. */
  public static <P, R> Tuple2<R, Function<P, R>> linearize(Function<P, R> f, P primal) {
    Objects.requireNonNull(f, "f is null");
    return Autodiff.linearize("linearize", CallSite.describe(), f, Objects.requireNonNull(primal, "primal is null"));
  }

  // ---------------------------------------------------------------- jacobians

  /** Forward-mode Jacobian, shape {@code f(x).shape + x.shape}. */
  public static ArrayFn jacfwd(ArrayFn f) {
    Objects.requireNonNull(f, "f is null");
    String site = CallSite.describe();
    return x -> Jacobians.jacfwd("jacfwd", site, f, Objects.requireNonNull(x, "x is null"));
  }

  /** Forward-mode Jacobian of an array-valued function of a pytree: leaves {@code f(x).shape + leaf.shape}. */
  @SuppressWarnings("overloads")   // ArrayFn extends TreeFn<Array>: a lambda over one Array resolves to the ArrayFn overload
  public static <P> Function<P, P> jacfwd(TreeFn<P> f) {
    Objects.requireNonNull(f, "f is null");
    String site = CallSite.describe();
    return x -> Jacobians.jacfwdTree("jacfwd", site, f, Objects.requireNonNull(x, "x is null"));
  }

  /** Reverse-mode Jacobian, shape {@code f(x).shape + x.shape}. */
  public static ArrayFn jacrev(ArrayFn f) {
    Objects.requireNonNull(f, "f is null");
    String site = CallSite.describe();
    return x -> Jacobians.jacrev("jacrev", site, f, Objects.requireNonNull(x, "x is null"));
  }

  /** Reverse-mode Jacobian of an array-valued function of a pytree: leaves {@code f(x).shape + leaf.shape}. */
  @SuppressWarnings("overloads")   // ArrayFn extends TreeFn<Array>: a lambda over one Array resolves to the ArrayFn overload
  public static <P> Function<P, P> jacrev(TreeFn<P> f) {
    Objects.requireNonNull(f, "f is null");
    String site = CallSite.describe();
    return x -> Jacobians.jacrevTree("jacrev", site, f, Objects.requireNonNull(x, "x is null"));
  }

  /** {@code jax.hessian} = {@code jacfwd(jacrev(f))} (forward over reverse), shape {@code x.shape + x.shape}. */
  public static ArrayFn hessian(ArrayFn f) {
    Objects.requireNonNull(f, "f is null");
    String site = CallSite.describe();
    return x -> Jacobians.jacfwd("hessian", site, y -> Jacobians.jacrev("hessian", site, f, y), Objects.requireNonNull(x, "x is null"));
  }

  // ---------------------------------------------------------------- vectorisation

  /** {@code jax.vmap} over axis 0 of the argument and of the result. */
  public static ArrayFn vmap(ArrayFn f) {
    Objects.requireNonNull(f, "f is null");
    String site = CallSite.describe();
    return x -> Vectorize.vmap("vmap", site, f, AxisSpec.of(0), AxisSpec.of(0), Objects.requireNonNull(x, "x is null"));
  }

  /** {@code jax.vmap} of a pytree function over axis 0 of every leaf. */
  @SuppressWarnings("overloads")   // ArrayFn extends TreeFn<Array>: a lambda over one Array resolves to the ArrayFn overload
  public static <P, R> Function<P, R> vmap(Function<P, R> f) { return vmap(f, AxisSpec.of(0), AxisSpec.of(0)); }

  /** {@code jax.vmap(f, in_axes, out_axes)}; {@code null} axes mean unmapped. */
  public static <P, R> Function<P, R> vmap(Function<P, R> f, Integer inAxis, Integer outAxis) {
    return vmap(f, AxisSpec.of(inAxis), AxisSpec.of(outAxis));
  }

  /** {@code jax.vmap(f, in_axes, out_axes)} with per-part specs. */
  public static <P, R> Function<P, R> vmap(Function<P, R> f, AxisSpec inAxes, AxisSpec outAxes) {
    Objects.requireNonNull(f, "f is null");
    Objects.requireNonNull(inAxes, "inAxes is null");
    Objects.requireNonNull(outAxes, "outAxes is null");
    String site = CallSite.describe();
    return x -> Vectorize.vmap("vmap", site, f, inAxes, outAxes, Objects.requireNonNull(x, "x is null"));
  }

  /**
   * {@code jax.vmap(f, in_axes, out_axes, axis_name=axisName)}: {@code vmap} that binds {@code axisName}, so that the
   * collectives of {@link Lax} over that name inside {@code f} ({@link Lax#psum}, {@link Lax#pmean},
   * {@link Lax#allGather}, {@link Lax#axisIndex}, ...) act across the mapped axis, each example being one member of
   * the group. Maps nest: an inner map may bind another name (collectives then choose their axis by name) or shadow
   * this one. A result that only depends on collectives is the same for every example and may have a null out axis.
   * <pre>{@code
   * ArrayFn centre = x -> x.sub(Lax.pmean(x, "batch"));
   * Graft.vmap(centre, AxisSpec.of(0), AxisSpec.of(0), "batch").apply(xs);   // xs - mean(xs, axis 0)
   * }</pre>
   *
   * @param f        the per-example function
   * @param inAxes   the mapped axis of each argument leaf ({@link AxisSpec#none()} for unmapped)
   * @param outAxes  where each result leaf's mapped axis goes
   * @param axisName the name collectives inside {@code f} use for this map's axis
   * @param <P>      the argument pytree type
   * @param <R>      the result pytree type
   * @return the mapped function
   */
  public static <P, R> Function<P, R> vmap(Function<P, R> f, AxisSpec inAxes, AxisSpec outAxes, String axisName) {
    Objects.requireNonNull(f, "f is null");
    Objects.requireNonNull(inAxes, "inAxes is null");
    Objects.requireNonNull(outAxes, "outAxes is null");
    Option<String> name = Option.of(axisName(axisName));
    String site = CallSite.describe();
    return x -> Vectorize.vmap("vmap", site, f, inAxes, outAxes, name, Objects.requireNonNull(x, "x is null"));
  }

  /**
   * {@link #vmap(Function, AxisSpec, AxisSpec, String)} with one axis for every argument leaf and one for every
   * result leaf ({@code null} for unmapped).
   *
   * @param f        the per-example function
   * @param inAxis   the mapped axis of every argument leaf, or {@code null}
   * @param outAxis  where every result leaf's mapped axis goes, or {@code null}
   * @param axisName the name collectives inside {@code f} use for this map's axis
   * @param <P>      the argument pytree type
   * @param <R>      the result pytree type
   * @return the mapped function
   */
  public static <P, R> Function<P, R> vmap(Function<P, R> f, Integer inAxis, Integer outAxis, String axisName) {
    return vmap(f, AxisSpec.of(inAxis), AxisSpec.of(outAxis), axisName);
  }

  /**
   * {@code jax.vmap(f, in_axes=(inA, inB), axis_name=axisName)} of a two-argument function, results along axis 0: see
   * {@link #vmap(Function, AxisSpec, AxisSpec, String)}.
   *
   * @param f        the per-example function
   * @param inA      the mapped axis of the first argument's leaves, or {@code null}
   * @param inB      the mapped axis of the second argument's leaves, or {@code null}
   * @param axisName the name collectives inside {@code f} use for this map's axis
   * @param <A>      the first argument's type
   * @param <B>      the second argument's type
   * @param <R>      the result type
   * @return the mapped function
   */
  public static <A, B, R> Function2<A, B, R> vmap(Function2<A, B, R> f, Integer inA, Integer inB, String axisName) {
    Objects.requireNonNull(f, "f is null");
    Option<String> name = Option.of(axisName(axisName));
    String site = CallSite.describe();
    AxisSpec in = AxisSpec.tree(Tuple.of(AxisSpec.of(inA), AxisSpec.of(inB)));
    return (a, b) -> Vectorize.vmap("vmap", site, (Tuple2<A, B> t) -> f.apply(t._1, t._2), in, AxisSpec.of(0), name,
        Tuple.of(nn(a, "a"), nn(b, "b")));
  }

  private static String axisName(String axisName) {
    Objects.requireNonNull(axisName, "axisName is null");
    if (axisName.isEmpty()) throw new IllegalArgumentException("vmap: the axis name is empty; name the axis, e.g. \"batch\"");
    return axisName;
  }

  /** {@code jax.vmap(f, in_axes=(inA, inB))} of a two-argument function, results along axis 0. */
  public static <A, B, R> Function2<A, B, R> vmap(Function2<A, B, R> f, Integer inA, Integer inB) {
    Objects.requireNonNull(f, "f is null");
    String site = CallSite.describe();
    AxisSpec in = AxisSpec.tree(Tuple.of(AxisSpec.of(inA), AxisSpec.of(inB)));
    return (a, b) -> Vectorize.vmap("vmap", site, (Tuple2<A, B> t) -> f.apply(t._1, t._2), in, AxisSpec.of(0),
        Tuple.of(nn(a, "a"), nn(b, "b")));
  }

  /** {@code jax.vmap(f, in_axes=(inA, inB, inC))} of a three-argument function, results along axis 0. */
  public static <A, B, C, R> Function3<A, B, C, R> vmap(Function3<A, B, C, R> f, Integer inA, Integer inB, Integer inC) {
    Objects.requireNonNull(f, "f is null");
    String site = CallSite.describe();
    AxisSpec in = AxisSpec.tree(Tuple.of(AxisSpec.of(inA), AxisSpec.of(inB), AxisSpec.of(inC)));
    return (a, b, c) -> Vectorize.vmap("vmap", site, (Tuple3<A, B, C> t) -> f.apply(t._1, t._2, t._3), in, AxisSpec.of(0),
        Tuple.of(nn(a, "a"), nn(b, "b"), nn(c, "c")));
  }

  // ---------------------------------------------------------------- pmap

  /**
   * {@code jax.pmap(f, axis_name=axisName)}: {@code f} run on each local CPU device at once, on entry {@code k} of the
   * leading axis of every argument leaf, results stacked along their leading axis. With N devices
   * ({@code -Dgraft.cpuDevices=N}, default 1) that axis must have N entries; the collectives of {@link Lax} over
   * {@code axisName} inside {@code f} ({@link Lax#psum}, {@link Lax#pmean}, {@link Lax#pmax}, {@link Lax#pmin},
   * {@link Lax#allGather}, {@link Lax#psumScatter}, {@link Lax#axisIndex}, {@link Lax#axisSize}) exchange values
   * across the devices. {@code pmap(f, axisName)(x)} equals {@code vmap(f, 0, 0, axisName)(x)}; the difference is
   * that each member runs as its own program, concurrently, on its own share of the threads.
   *
   * <p>{@code f} is traced once per argument signature and compiled by the CPU jit; every device runs that one
   * executable on its own driver thread, and a collective equation is a rendezvous of all devices (through a
   * {@link io.graft.jit.collective.Communicator}). Transforms go inside: {@code pmap(grad(loss))} is a data-parallel
   * step whose {@code pmean}-ed gradient is the same on every device. {@code pmap} itself takes concrete arrays
   * (calling it under {@code jit}, {@code grad} or {@code vmap} is a {@link io.graft.trace.TransformError}).
   * <pre>{@code
   * // -Dgraft.cpuDevices=2
   * Function<Array, Array> centre = Graft.pmap((Array x) -> x.sub(Lax.pmean(x, "d")), "d");
   * centre.apply(Array.of(new float[][] {{1, 2}, {3, 4}}));   // [[-1, -1], [1, 1]]: each row on its own device
   * }</pre>
   *
   * @param f        the per-device function
   * @param axisName the name collectives inside {@code f} use for the device axis
   * @param <P>      the argument pytree type
   * @param <R>      the result pytree type
   * @return the mapped function; a {@link io.graft.numerics.ShapeError} when a mapped axis does not have one entry
   *         per device (naming the function, the argument, its shape and the device count)
   */
  public static <P, R> Function<P, R> pmap(Function<P, R> f, String axisName) {
    return pmap(f, AxisSpec.of(0), AxisSpec.of(0), axisName, CallSite.describe());
  }

  /**
   * {@code jax.pmap(f, axis_name, in_axes, out_axes)}: {@link #pmap(Function, String)} with the mapped axis of each
   * argument leaf ({@link AxisSpec#none()}: the leaf is replicated, the same on every device) and where each result
   * leaf's device axis goes ({@link AxisSpec#none()}: device 0's result, for values that are the same on every device,
   * such as a {@code psum}).
   *
   * @param f        the per-device function
   * @param inAxes   the mapped axis of each argument leaf
   * @param outAxes  where each result leaf's device axis goes
   * @param axisName the name collectives inside {@code f} use for the device axis
   * @param <P>      the argument pytree type
   * @param <R>      the result pytree type
   * @return the mapped function
   */
  public static <P, R> Function<P, R> pmap(Function<P, R> f, AxisSpec inAxes, AxisSpec outAxes, String axisName) {
    return pmap(f, inAxes, outAxes, axisName, CallSite.describe());
  }

  /**
   * {@link #pmap(Function, AxisSpec, AxisSpec, String)} of a two-argument function, results along axis 0: e.g. a
   * data-parallel step {@code pmap(step, null, 0, "d").apply(params, batches)} with the parameters replicated and the
   * batch split.
   *
   * @param f        the per-device function
   * @param inA      the mapped axis of the first argument's leaves, or {@code null} to replicate them
   * @param inB      the mapped axis of the second argument's leaves, or {@code null} to replicate them
   * @param axisName the name collectives inside {@code f} use for the device axis
   * @param <A>      the first argument's type
   * @param <B>      the second argument's type
   * @param <R>      the result type
   * @return the mapped function
   */
  public static <A, B, R> Function2<A, B, R> pmap(Function2<A, B, R> f, Integer inA, Integer inB, String axisName) {
    Objects.requireNonNull(f, "f is null");
    AxisSpec in = AxisSpec.tree(Tuple.of(AxisSpec.of(inA), AxisSpec.of(inB)));
    Function<Tuple2<A, B>, R> g = pmap((Tuple2<A, B> t) -> f.apply(t._1, t._2), in, AxisSpec.of(0), axisName, CallSite.describe());
    return (a, b) -> g.apply(Tuple.of(nn(a, "a"), nn(b, "b")));
  }

  private static <P, R> Function<P, R> pmap(Function<P, R> f, AxisSpec inAxes, AxisSpec outAxes, String axisName, String site) {
    Objects.requireNonNull(f, "f is null");
    Objects.requireNonNull(inAxes, "inAxes is null");
    Objects.requireNonNull(outAxes, "outAxes is null");
    Objects.requireNonNull(axisName, "axisName is null");
    if (axisName.isEmpty()) throw new IllegalArgumentException("pmap: the axis name is empty; name the axis, e.g. \"devices\"");
    Pmap<P, R> p = new Pmap<>(site, f, inAxes, outAxes, axisName);
    return x -> p.apply(Objects.requireNonNull(x, "x is null"));
  }

  // ---------------------------------------------------------------- devices

  /**
   * {@code jax.devices()}: {@link Device#CPU} first (with {@code -Dgraft.cpuDevices=N}, the N local CPU devices
   * {@code cpu}, {@code cpu:1}, ..., {@code cpu:N-1}, which split the kernel threads and which {@link #pmap} maps
   * over), then every OpenCL device of every platform that
   * {@code libOpenCL.so.1} reports (none when the library or a platform is missing: never an error), then, when the
   * optional TornadoVM backend is present and its runtime starts, every TornadoVM OpenCL device
   * ({@link Device.Kind#TORNADO}, {@code tornado:B:D}).
   * <pre>{@code Graft.devices()   // [cpu (the JVM host), opencl:0:0 (pthread-..., Portable Computing Language)]}</pre>
   */
  public static List<Device> devices() { return Devices.all(); }

  /**
   * {@code jax.device_put(x, device)}: the pytree {@code x} with every array placed on {@code device} (uploaded from
   * the host, moved from another device, or brought to the host for {@link Device#CPU}); an array already there is
   * returned as it is. A jitted function then runs where its arguments live, and its results stay there.
   * <pre>{@code Params onGpu = Graft.devicePut(params, Graft.devices().get(1));}</pre>
   */
  @SuppressWarnings("unchecked")
  public static <T> T devicePut(T x, Device device) {
    Objects.requireNonNull(x, "x is null");
    Objects.requireNonNull(device, "device is null");
    io.graft.trace.tree.Trees.Flat f = io.graft.trace.tree.Trees.flatten(x);
    return (T) io.graft.trace.tree.Trees.unflatten(f.def(), f.leaves().map(l -> l instanceof Array a ? Devices.put(a, device) : l));
  }

  // ---------------------------------------------------------------- compilation

  /**
   * {@code jax.jit} of an array function: traced and compiled once per argument shape and dtype, then the
   * compiled graph runs (see {@link #jit(Function)}).
   */
  public static JittedArrayFn jit(ArrayFn f) {
    Objects.requireNonNull(f, "f is null");
    return new JittedArrayFn(new Jit<>(CallSite.describe(), f));
  }

  /**
   * {@code jax.jit}: {@code f} traced once per argument signature (pytree structure, leaf shapes and dtypes) to a
   * graph that is optimised (nested jit inlined, constant folding, simplification, CSE, DCE) and run by the
   * compiled executable; a cache hit never runs {@code f}'s Java body again, so side effects in {@code f} happen
   * at trace time only. Under {@code grad}/{@code vmap} or inside another jit it records a {@code jit} call, so
   * transforms compose in both orders. {@code -Dgraft.logCompiles=true} logs each compile.
   * <pre>{@code
   * Jitted<Params, Array> loss = Graft.jit(p -> model(p, x).sub(y).square().mean());
   * System.out.println(loss.lower(params));   // the optimised graph
   * }</pre>
   */
  @SuppressWarnings("overloads")   // ArrayFn extends TreeFn<Array>: a lambda over one Array resolves to the ArrayFn overload
  public static <P, R> Jitted<P, R> jit(Function<P, R> f) {
    Objects.requireNonNull(f, "f is null");
    return new Jitted<>(new Jit<>(CallSite.describe(), f));
  }

  /**
   * {@code jax.jit} of a two-argument function: traced and compiled once per signature of both arguments (see
   * {@link #jit(Function)}); a {@link Static} argument is part of the cache key by value.
   * <pre>{@code
   * Jitted2<Params, Batch, Tuple2<Params, Array>> step = Graft.jit((Params p, Batch b) -> sgdStep(p, b));
   * }</pre>
   */
  public static <A, B, R> Jitted2<A, B, R> jit(Function2<A, B, R> f) {
    Objects.requireNonNull(f, "f is null");
    return new Jitted2<>(new Jitted<>(new Jit<>(CallSite.describe(), (Tuple2<A, B> t) -> f.apply(t._1, t._2))));
  }

  /** {@code jax.jit} of a three-argument function (see {@link #jit(Function2)}). */
  public static <A, B, C, R> Jitted3<A, B, C, R> jit(Function3<A, B, C, R> f) {
    Objects.requireNonNull(f, "f is null");
    return new Jitted3<>(new Jitted<>(new Jit<>(CallSite.describe(), (Tuple3<A, B, C> t) -> f.apply(t._1, t._2, t._3))));
  }

  // ---------------------------------------------------------------- custom derivatives and memory

  /**
   * {@code jax.custom_jvp}: {@code f} with a hand-written JVP rule (e.g. for numerical stability). The rule gives
   * the primal and tangent results; reverse mode transposes the rule's linear part, so {@code grad} uses it too.
   * Arrays {@code f} closes over are constants to the rule.
   * <pre>{@code
   * Function<Array, Array> softplus = Graft.customJvp(x -> x.exp().log1p(),
   *     (x, t) -> Tuple.of(x.exp().log1p(), t.mul(x.logistic())));
   * }</pre>
   */
  public static <P, R> Function<P, R> customJvp(Function<P, R> f, CustomJvpRule<P, R> rule) {
    Objects.requireNonNull(f, "f is null");
    Objects.requireNonNull(rule, "rule is null");
    String site = CallSite.describe();
    return x -> Custom.customJvp(site, f, rule, Objects.requireNonNull(x, "x is null"));
  }

  /**
   * {@code jax.custom_vjp}: {@code f} with a hand-written reverse rule: {@code fwd} returns the result and
   * residuals, {@code bwd} maps residuals and the result's cotangent to the argument's cotangent. As in JAX,
   * forward mode ({@code jvp}, {@code jacfwd}) of such a function is a {@code TransformError}.
   */
  public static <P, R, S> Function<P, R> customVjp(Function<P, R> f, Function<P, Tuple2<R, S>> fwd,
                                                   java.util.function.BiFunction<S, R, P> bwd) {
    Objects.requireNonNull(f, "f is null");
    Objects.requireNonNull(fwd, "fwd is null");
    Objects.requireNonNull(bwd, "bwd is null");
    String site = CallSite.describe();
    return x -> Custom.customVjp(site, f, fwd, bwd, Objects.requireNonNull(x, "x is null"));
  }

  /**
   * {@code jax.checkpoint} (remat): {@code f} whose intermediate values are not kept for reverse mode but
   * recomputed from its inputs during the backward pass — memory for compute, e.g. per block of a deep network.
   */
  public static <P, R> Function<P, R> checkpoint(Function<P, R> f) {
    Objects.requireNonNull(f, "f is null");
    String site = CallSite.describe();
    return x -> Custom.checkpoint(site, f, Objects.requireNonNull(x, "x is null"));
  }

  /** {@code lax.stop_gradient}: {@code x} itself, with a zero derivative. */
  public static Array stopGradient(Array x) { return new Array(io.graft.trace.ops.Arith.stopGradient(nn(x, "x").value())); }

  /**
   * {@code jax.debug.print}: returns {@code x} and prints {@code label: <value>} whenever the computation runs: at
   * once in eager mode, and inside {@link #jit} each time the compiled function runs, with the concrete value (not
   * when it is traced). Under {@code vmap} it prints the whole batch once; under {@code grad} it prints the primal.
   * Jit's passes never drop it, even if the result is unused.
   * <pre>{@code
   * Array h = Graft.debugPrint("h", x.matmul(w).tanh());   // prints "h: [[...]]" on every call
   * }</pre>
   */
  public static Array debugPrint(String label, Array x) {
    Objects.requireNonNull(label, "label is null");
    return new Array(io.graft.trace.Bind.bind1(new io.graft.trace.prim.DebugPrint(label), nn(x, "x").value()));
  }

  private static <T> T nn(T x, String name) { return Objects.requireNonNull(x, name + " is null"); }

  /** Evaluates {@code graph} on arrays (the graph's parameters in order); results in order. */
  public static Vector<Array> evalGraph(Graph graph, Array... args) {
    Objects.requireNonNull(graph, "graph is null");
    Objects.requireNonNull(args, "args is null");
    Vector<Value> vals = Vector.of(args).map(a -> Objects.requireNonNull(a, "args[i] is null").value());
    return graph.eval(vals).map(Array::new);
  }
}
