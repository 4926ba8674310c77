/**
 * The compiler behind {@code Graft.jit} (first step): graph-to-graph passes and an executor.
 *
 * <p>{@link io.graft.jit.GraphCompiler} implements {@link io.graft.trace.Compiler}: it runs the passes
 * {@link io.graft.jit.InlineJit}, {@link io.graft.jit.ConstantFold}, {@link io.graft.jit.Simplify},
 * {@link io.graft.jit.CommonSubexpressions} and {@link io.graft.jit.DeadCode} (each a pure function
 * {@code Graph -> Graph}), then hands the optimised graph to {@link io.graft.jit.Interpreter}, which runs each
 * equation's kernel through the primitive's eager implementation and drops every intermediate buffer after its
 * last use (and, with {@link io.graft.trace.NanCheck} on, checks each step's results for new NaNs). Effectful
 * equations ({@code debug_print}) survive every pass. {@link io.graft.jit.CompileEvent} and
 * {@link io.graft.jit.ExecuteEvent} are the JFR events {@code Graft.jit} commits. NB: no fusion, no code
 * generation, no SIMD loops of its own yet; those are later steps.
 */
package io.graft.jit;
