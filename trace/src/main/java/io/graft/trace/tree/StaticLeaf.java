package io.graft.trace.tree;

/**
 * A pytree position that holds a static Java value instead of an array ({@code io.graft.Static} implements it):
 * it flattens to no leaves and a {@link TreeDef.StaticDef} holding the object itself, so the structure (and every
 * cache keyed by it, such as jit's) compares it with {@code equals}, and unflattening puts the same object back.
 * Implementations must have value equality.
 */
public interface StaticLeaf {}
