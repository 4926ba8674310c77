package io.graft.optim;

import io.graft.Array;
import io.graft.Np;
import io.graft.Tree;
import io.graft.numerics.DType;
import io.vavr.Tuple2;
import io.vavr.collection.Vector;
import java.util.function.Predicate;

/** The stateless and schedule building blocks, chaining, and the tree arithmetic optimisers share. */
final class Transforms {
  private Transforms() {}

  static final OptState.Empty EMPTY = new OptState.Empty();

  static GradientTransformation<OptState.Empty> identity() {
    return GradientTransformation.of(p -> EMPTY, (g, s, p) -> new Update<>(g, s));
  }

  static GradientTransformation<OptState.Empty> scale(double step) {
    return GradientTransformation.of(p -> EMPTY, (g, s, p) -> new Update<>(Tree.map(g, u -> u.mul(step)), s));
  }

  static GradientTransformation<OptState.Count> scaleBySchedule(Schedule schedule) {
    return GradientTransformation.of(p -> new OptState.Count(zeroCount()), (g, s, p) -> {
      Array stepSize = schedule.apply(s.count());
      return new Update<>(Tree.map(g, u -> stepSize.astype(u.dtype()).mul(u)), new OptState.Count(increment(s.count())));
    });
  }

  static GradientTransformation<OptState.Trace> trace(double decay, boolean nesterov) {
    return GradientTransformation.of(p -> new OptState.Trace(zerosLike(p)), (g, s, p) -> {
      Object next = Tree.map2(g, s.trace(), (u, t) -> u.add(t.mul(decay)));
      Object updates = nesterov ? Tree.map2(g, next, (u, t) -> u.add(t.mul(decay))) : next;
      return new Update<>(updates, new OptState.Trace(next));
    });
  }

  static GradientTransformation<OptState.Empty> addDecayedWeights(double weightDecay, Predicate<String> mask) {
    return GradientTransformation.of(p -> EMPTY, (g, s, p) -> {
      if (p == null)
        throw new IllegalArgumentException("addDecayedWeights: params is null; weight decay reads the parameters, so "
            + "call update(grads, state, params)");
      Vector<String> paths = Tree.flattenWithPath(g)._1.map(Tuple2::_1);
      int[] leaf = {0};       // leaf index within this one map2 call
      return new Update<>(Tree.map2(g, p, (u, w) -> mask.test(paths.get(leaf[0]++)) ? u.add(w.mul(weightDecay)) : u), s);
    });
  }

  static GradientTransformation<OptState.Empty> clipByGlobalNorm(double maxNorm) {
    return GradientTransformation.of(p -> EMPTY, (g, s, p) -> {
      Array norm = globalNorm(g);
      Array keep = norm.lt(maxNorm);
      return new Update<>(Tree.map(g, u -> Np.where(keep, u, u.div(norm.astype(u.dtype())).mul(maxNorm))), s);
    });
  }

  static GradientTransformation<OptState.Chain> chain(Vector<GradientTransformation<?>> ts) {
    return GradientTransformation.of(p -> new OptState.Chain(ts.map(t -> (Object) t.init(p))), (g, s, p) -> {
      if (s.states().size() != ts.size())
        throw new IllegalArgumentException("chain: the state holds " + s.states().size() + " inner states but the chain has "
            + ts.size() + " transformations; pass the state this chain's init made");
      Object updates = g;
      Vector<Object> states = Vector.empty();
      for (int i = 0; i < ts.size(); i++) {
        Update<Object, ?> u = step(ts.get(i), updates, s.states().get(i), p);
        updates = u.updates();
        states = states.append(u.state());
      }
      return new Update<>(updates, new OptState.Chain(states));
    });
  }

  static GradientTransformation<OptState.Masked> masked(GradientTransformation<?> inner, Predicate<String> mask) {
    return GradientTransformation.of(p -> new OptState.Masked(inner.init(selected(p, mask))), (g, s, p) -> {
      Vector<Tuple2<String, Array>> leaves = Tree.flattenWithPath(g)._1;
      Update<Object, ?> u = step(inner, selected(g, mask), s.inner(), p == null ? null : selected(p, mask));
      @SuppressWarnings("unchecked") Vector<Array> done = (Vector<Array>) u.updates();
      int[] next = {0};       // index into done, advanced in leaf order by this one map
      Object updates = Tree.unflatten(Tree.flatten(g)._2,
          leaves.map(t -> mask.test(t._1) ? done.get(next[0]++) : t._2));
      return new Update<>(updates, new OptState.Masked(u.state()));
    });
  }

  /** The leaves of {@code tree} whose paths pass {@code mask}, in leaf order. */
  private static Vector<Array> selected(Object tree, Predicate<String> mask) {
    return Tree.flattenWithPath(tree)._1.filter(t -> mask.test(t._1)).map(Tuple2::_2);
  }

  @SuppressWarnings("unchecked")
  private static <S> Update<Object, S> step(GradientTransformation<S> t, Object updates, Object state, Object params) {
    return t.update(updates, (S) state, params);
  }

  static Array globalNorm(Object tree) {
    Vector<Array> leaves = Tree.leaves(tree);
    if (leaves.isEmpty()) return Np.zeros(Np.float32);
    return leaves.map(x -> x.square().sum()).reduce(Array::add).sqrt();
  }

  static <P> P applyUpdates(P params, P updates) {
    return Tree.map2(params, updates, (p, u) -> p.add(u).astype(p.dtype()));
  }

  // ---------------------------------------------------------------- shared helpers

  /** Zeros shaped like every leaf of {@code tree} (null for a null tree, as Optax's empty params). */
  static Object zerosLike(Object tree) { return tree == null ? null : Tree.map(tree, Np::zerosLike); }

  /** An i32 scalar 0. */
  static Array zeroCount() { return Np.zeros(Np.int32); }

  /** {@code count + 1}, stopping at {@code 2^31 - 1} instead of wrapping (Optax's {@code safe_increment}). */
  static Array increment(Array count) { return Np.where(count.lt((long) Integer.MAX_VALUE), count.add(1L), count); }

  /** {@code 1 - decay^count} in {@code dtype}. */
  static Array biasCorrection(double decay, Array count, DType dtype) {
    return Np.ones(dtype).sub(Np.full(new int[0], decay, dtype).pow(count.astype(dtype)));
  }
}
