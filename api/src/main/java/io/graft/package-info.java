/**
 * Graft's user surface: {@code import io.graft.*;} gives {@link io.graft.Graft} (the transformations),
 * {@link io.graft.Array} (immutable arrays), {@link io.graft.Np} ({@code jax.numpy}) and {@link io.graft.Lax}
 * ({@code jax.lax}).
 *
 * <pre>{@code
 * Array x = Array.of(new float[] {1, 2, 3});
 * System.out.println(Graft.makeGraph((Array a) -> a.sin().sum()).apply(x));
 * }</pre>
 */
package io.graft;
