/**
 * The compiler behind {@code Graft.jit}: graph passes, fusion, lowering to the kernel IR, buffer planning and the
 * CPU executor.
 *
 * <p>{@link io.graft.jit.GraphCompiler} implements {@link io.graft.trace.Compiler} as a pipeline of pure functions:
 * <ol>
 *   <li>graph passes {@code Graph -> Graph}: {@link io.graft.jit.InlineJit}, {@link io.graft.jit.ConstantFold},
 *       {@link io.graft.jit.Simplify}, {@link io.graft.jit.CommonSubexpressions}, {@link io.graft.jit.DeadCode};
 *       effectful equations ({@code debug_print}) survive every pass;</li>
 *   <li>{@link io.graft.jit.Fusion}: fusion groups — chains of elementwise, broadcast, transpose and convert
 *       equations with an optional sum/max/min reduction as root, each one loop nest;</li>
 *   <li>{@link io.graft.jit.Lowering} (the one switch over primitives) and {@link io.graft.jit.KernelBuilder}: each
 *       group becomes a {@link io.graft.numerics.fused.Kernel} (strided inputs, expression body, reduction), compiled
 *       by {@link io.graft.numerics.fused.FusedKernels} to a hidden class generated with {@code java.lang.classfile}
 *       and, when the Vector API is present, a SIMD evaluator;</li>
 *   <li>{@link io.graft.jit.Program}: the program-level kernel IR ({@link io.graft.jit.Step}: a primitive's tuned
 *       kernel, or a fused loop) with the buffer plan (last uses, in-place candidates);</li>
 *   <li>{@link io.graft.jit.Executor}: runs the steps with a per-run buffer pool; with
 *       {@link io.graft.trace.NanCheck} on it runs the unfused program and names the first primitive making a NaN.</li>
 * </ol>
 * {@link io.graft.jit.CompileEvent} and {@link io.graft.jit.ExecuteEvent} are the JFR events {@code Graft.jit} commits.
 */
package io.graft.jit;
