/**
 * Neural-network pieces on top of {@link io.graft.Np}: {@link io.graft.nn.Losses} (cross-entropies, regression
 * losses) and {@link io.graft.nn.Metrics} (accuracy, top-k). Everything is built from array operations, so it is
 * differentiable where the math is, and runs eagerly, under {@code grad}, {@code vmap} and {@code jit} alike.
 */
package io.graft.nn;
