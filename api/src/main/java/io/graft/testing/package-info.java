/**
 * A kit for users' own numerical tests: jqwik generators of arrays ({@link io.graft.testing.ArrayArbitraries})
 * and {@link io.graft.testing.GradCheck#checkGrads}, in the spirit of {@code jax.test_util.check_grads}.
 *
 * <p>jqwik is an optional dependency of {@code graft-api}: add {@code net.jqwik:jqwik} to your test scope to use
 * the generators; {@code GradCheck} needs nothing beyond Graft.
 * <pre>{@code
 * @Property void softplusGradIsRight(@ForAll("inputs") Array x) {
 *   GradCheck.checkGrads(v -> v.exp().log1p(), x, 2);
 * }
 * @Provide Arbitrary<Array> inputs() { return ArrayArbitraries.arrays(Np.float64, ArrayArbitraries.shapes(2, 4), -3, 3); }
 * }</pre>
 */
package io.graft.testing;
