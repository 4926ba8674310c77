/**
 * Operations on {@link io.graft.trace.Value}s with NumPy semantics, built by binding primitives: promotion and
 * broadcasting ({@link io.graft.trace.ops.Promotion}) and one class per family. The user facades in
 * {@code io.graft} ({@code Array}, {@code Np}, {@code Lax}) delegate here in one line each. The layering is one-way:
 * this package builds on {@link io.graft.trace.prim} (its records and the strict {@link io.graft.trace.prim.LaxOps});
 * the primitives' rules never call back into it.
 */
package io.graft.trace.ops;
