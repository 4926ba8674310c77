/**
 * Graft's interpreters (JVP, linearize and transpose, vmap). Nothing in {@code io.graft}'s signatures shows them, so
 * the package is exported to {@code io.graft.api} alone.
 */
@SuppressWarnings("module")   // the qualified exports name Graft modules built after this one
module io.graft.transforms {
  requires transitive io.graft.trace;

  exports io.graft.transforms to io.graft.api;
}
