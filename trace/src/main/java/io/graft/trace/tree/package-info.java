/**
 * Pytrees ({@code jax.tree_util}): nested containers whose leaves are arrays. {@link io.graft.trace.tree.Trees}
 * flattens a tree into its {@link io.graft.trace.tree.Leaf}s and a {@link io.graft.trace.tree.TreeDef} (value
 * equality, so it can key caches) and rebuilds it; records, Vavr tuples/lists/vectors/maps/options, java.util
 * lists and maps and {@code null} are built in, other containers register a {@link io.graft.trace.tree.NodeType}
 * (the registry is one of Graft's four allowed globals: append-only and thread-safe).
 */
package io.graft.trace.tree;
