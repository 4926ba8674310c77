package io.graft.trace.prim;

/**
 * Primitives that hold sub-graphs or functions: custom derivatives, rematerialisation, and the linear stand-ins
 * that reverse mode records for them. They may have several results. Each trace handles them in its
 * {@code process} (JAX's {@code process_custom_jvp_call} and friends): the sealed switch there makes a new
 * higher-order primitive fail to compile until every transform handles it. The jit call ({@link JitCall})
 * belongs here too, and so do the structured control-flow primitives ({@link ControlFlow}: cond, while, scan).
 */
public sealed interface HigherOrder extends Primitive permits CustomJvpCall, CustomVjpCall, Checkpoint, LinearCall, JitCall, ControlFlow {
  /** True when {@code g} holds an effectful equation ({@link Primitive#hasEffect}), at any depth. */
  static boolean anyEffect(io.graft.trace.Graph g) { return g.eqns().exists(e -> e.prim().hasEffect()); }
}
