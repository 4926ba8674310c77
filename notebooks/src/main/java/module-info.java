/**
 * Graft's runnable examples (the README demo): a module that uses {@code io.graft.api} only, and opens its package to
 * {@code io.graft.trace}, which reads the demo's parameter records ({@code Demo.Mlp}) as pytrees by reflection.
 */
module io.graft.notebooks {
  requires io.graft.api;

  opens io.graft.notebooks to io.graft.trace;
}
