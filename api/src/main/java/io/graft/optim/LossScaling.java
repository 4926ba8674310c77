package io.graft.optim;

import io.graft.Array;
import io.graft.Np;
import io.graft.Tree;
import io.vavr.collection.Vector;

/**
 * Dynamic loss scaling (jmp's {@code DynamicLossScale} with optax's {@code apply_if_finite}) as a transformation
 * around another one: gradients of the scaled loss are divided by the scale; when every one is finite, the inner
 * transformation's updates and state go through and after {@code period} such steps in a row the scale grows by
 * {@code factor}; otherwise the updates are zero, the inner state is kept, and the scale shrinks by {@code factor}
 * (never below 1). All decisions are array selects, so the step stays one traceable program under {@code jit}.
 */
final class LossScaling {
  private LossScaling() {}

  static <S> GradientTransformation<OptState.LossScale> dynamic(GradientTransformation<S> inner, double initialScale, int period,
      double factor) {
    return GradientTransformation.of(
        p -> new OptState.LossScale(Np.full(new int[0], initialScale, Np.float32), Np.zeros(Np.int32), inner.init(p)),
        (g, s, p) -> {
          Object unscaled = Tree.map(g, u -> u.div(s.scale().astype(u.dtype())));
          Array finite = allFinite(unscaled);
          @SuppressWarnings("unchecked") Update<Object, S> u = inner.update(unscaled, (S) s.inner(), p);
          Object updates = Tree.map(u.updates(), x -> Np.where(finite, x, Np.zerosLike(x)));
          Object innerState = Tree.map2(u.state(), s.inner(), (next, kept) -> Np.where(finite, next, kept));
          Array good = s.goodSteps().add(1L), grow = good.ge((long) period);
          Array scale = Np.where(finite, Np.where(grow, s.scale().mul(factor), s.scale()),
              Np.maximum(s.scale().div(factor), 1.0));
          Array steps = Np.where(Np.logicalAnd(finite, Np.logicalNot(grow)), good, Np.zerosLike(good));
          return new Update<>(updates, new OptState.LossScale(scale, steps, innerState));
        });
  }

  /** A bool scalar: true when no leaf of {@code tree} holds an Inf or a NaN. */
  static Array allFinite(Object tree) {
    Vector<Array> bad = Tree.leaves(tree).map(x -> Np.logicalNot(Np.isFinite(x)).astype(Np.int32).sum());
    return bad.isEmpty() ? Np.full(new int[0], 1, Np.bool) : bad.reduce(Array::add).eq(0L);
  }
}
