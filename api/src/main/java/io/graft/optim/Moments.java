package io.graft.optim;

import static io.graft.optim.Transforms.biasCorrection;
import static io.graft.optim.Transforms.increment;
import static io.graft.optim.Transforms.zeroCount;
import static io.graft.optim.Transforms.zerosLike;

import io.graft.Array;
import io.graft.Np;
import io.graft.Tree;

/** The transformations that keep running moments of the gradients: Adam, RMS and Lion scaling (math in {@link Optim}). */
final class Moments {
  private Moments() {}

  /**
   * Optax's {@code update_moment}: {@code (1 - decay) g + decay t}, subnormal results flushed to zero
   * ({@link #flushSubnormals}).
   */
  private static Array moment(Array g, Array t, double decay) {
    return flushSubnormals(g.mul(1 - decay).add(t.mul(decay)));
  }

  /**
   * Optax's {@code update_moment_per_elem_norm} of order 2: {@code (1 - decay) g^2 + decay t}, subnormal results
   * flushed to zero ({@link #flushSubnormals}).
   */
  private static Array squareMoment(Array g, Array t, double decay) {
    return flushSubnormals(g.square().mul(1 - decay).add(t.mul(decay)));
  }

  /**
   * {@code |x| < tiny ? 0 : x}, with {@code tiny} the smallest normal number of x's dtype ({@code jnp.finfo.tiny}).
   * A moment whose gradient stays zero decays geometrically ({@code 0.9^t m}) and spends about 150 steps (f32, b1 =
   * 0.9) among the subnormals before it reaches zero; every vector operation that reads or produces a subnormal
   * takes a microcode assist of ~100+ cycles on x86 when the flush-to-zero and denormals-are-zero modes are off, as
   * the JVM keeps them. W10's Adam step (784-256-10 MLP on Fashion-MNIST, where border pixels give exactly zero
   * gradients) held 17k subnormal first moments from its second epoch on and its update kernel took 2.1 instead of
   * 0.9 ms. JAX on CPU runs with both modes on (its "sharp bits" say so), so Optax there flushes these moments too:
   * this keeps Graft's values equal to JAX's on CPU while the rest of Graft keeps IEEE subnormals.
   */
  static Array flushSubnormals(Array x) {
    if (!x.dtype().isFloating()) return x;
    return Np.where(x.abs().lt(x.dtype().minNormal()), 0.0, x);
  }

  static GradientTransformation<OptState.Adam> scaleByAdam(double b1, double b2, double eps, double epsRoot) {
    return GradientTransformation.of(p -> new OptState.Adam(zeroCount(), zerosLike(p), zerosLike(p)), (g, s, p) -> {
      Object mu = Tree.map2(g, s.mu(), (u, m) -> moment(u, m, b1));
      Object nu = Tree.map2(g, s.nu(), (u, v) -> squareMoment(u, v, b2));
      Array count = increment(s.count());
      // the bias corrections as scalar reciprocals, so each element takes one division instead of three (within an
      // ulp or two of Optax's m / (1 - b1^t); the step is memory- and divider-bound on large leaves)
      Object updates = Tree.map2(mu, nu, (m, v) -> {
        Array mHat = m.mul(biasCorrection(b1, count, m.dtype()).reciprocal());
        Array vHat = v.mul(biasCorrection(b2, count, v.dtype()).reciprocal());
        return mHat.div(vHat.add(epsRoot).sqrt().add(eps));
      });
      return new Update<>(updates, new OptState.Adam(count, mu, nu));
    });
  }

  static GradientTransformation<OptState.Rms> scaleByRms(double decay, double eps, double initialScale) {
    return GradientTransformation.of(p -> new OptState.Rms(p == null ? null : Tree.map(p, x -> Np.full(x.shape(), initialScale, x.dtype()))),
        (g, s, p) -> {
          Object nu = Tree.map2(g, s.nu(), (u, v) -> squareMoment(u, v, decay));
          return new Update<>(Tree.map2(g, nu, (u, v) -> u.mul(v.add(eps).rsqrt())), new OptState.Rms(nu));
        });
  }

  static GradientTransformation<OptState.Lion> scaleByLion(double b1, double b2) {
    return GradientTransformation.of(p -> new OptState.Lion(zeroCount(), zerosLike(p)), (g, s, p) -> {
      Object updates = Tree.map2(g, s.mu(), (u, m) -> u.mul(1 - b1).add(m.mul(b1)).sign());
      Object mu = Tree.map2(g, s.mu(), (u, m) -> moment(u, m, b2));
      return new Update<>(updates, new OptState.Lion(increment(s.count()), mu));
    });
  }
}
