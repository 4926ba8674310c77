/**
 * The primitives: a sealed hierarchy of records, one file per primitive (or one record over an op table for the
 * elementwise families), each holding all of its rules. Families are sealed sub-interfaces of
 * {@link io.graft.trace.prim.Primitive.Single}; every consumer switches over them exhaustively, so a new primitive
 * fails to compile until it is handled everywhere. Common rule shapes are defaults on those interfaces
 * ({@link io.graft.trace.prim.Primitive.Linear}, {@link io.graft.trace.prim.Elementwise}).
 *
 * <p>The rules are written with the strict ops of {@link io.graft.trace.prim.LaxOps} and the helpers
 * {@link io.graft.trace.prim.Tangents} and {@link io.graft.trace.prim.Batching}; this package never refers to the
 * NumPy-level {@code io.graft.trace.ops}, which is built on top of it.
 */
package io.graft.trace.prim;
