/**
 * The primitives: a sealed hierarchy of records, one file per primitive (or one record over an op table for the
 * elementwise families), each holding all of its rules. Families are sealed sub-interfaces of
 * {@link io.graft.trace.prim.Primitive.Single}; every consumer switches over them exhaustively, so a new primitive
 * fails to compile until it is handled everywhere.
 */
package io.graft.trace.prim;
