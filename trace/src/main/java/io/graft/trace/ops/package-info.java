/**
 * Operations on {@link io.graft.trace.Value}s with NumPy semantics, built by binding primitives: promotion and
 * broadcasting ({@link io.graft.trace.ops.Promotion}) and one class per family. The user facades in
 * {@code io.graft} ({@code Array}, {@code Np}, {@code Lax}) delegate here in one line each; transformation rules
 * use the same functions, so everything they build is itself traceable.
 */
package io.graft.trace.ops;
