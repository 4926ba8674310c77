/**
 * The graph passes of the jit pipeline: each a pure function {@code Graph -> Graph} that keeps effectful equations
 * ({@code debug_print}) and leaves a graph {@link io.graft.trace.Graphs#check} accepts. {@link io.graft.jit.Passes}
 * names them and runs them in order: {@link io.graft.jit.passes.InlineJit} ({@code inline}),
 * {@link io.graft.jit.passes.ConstantFold} ({@code constant_fold}), {@link io.graft.jit.passes.Simplify}
 * ({@code simplify}), {@link io.graft.jit.passes.CommonSubexpressions} ({@code cse}),
 * {@link io.graft.jit.passes.DeadCode} ({@code dce}) and {@link io.graft.jit.passes.ScanHoist} ({@code scan_hoist}).
 */
package io.graft.jit.passes;
