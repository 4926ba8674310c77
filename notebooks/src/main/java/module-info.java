/**
 * Graft's runnable examples (the README demo): a module that uses {@code io.graft.api} only, and opens its package to
 * {@code io.graft.trace}, which reads the demo's parameter records ({@code Demo.Mlp}) as pytrees by reflection.
 */
@SuppressWarnings("requires-automatic")   // XChart (the demo's plots) is an automatic module
module io.graft.notebooks {
  requires io.graft.api;
  requires org.knowm.xchart;   // the training demo's PNG curves
  requires java.desktop;

  opens io.graft.notebooks to io.graft.trace;
}
