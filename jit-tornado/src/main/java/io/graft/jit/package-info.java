/**
 * The compiler behind {@code Graft.jit}: graph passes, fusion, lowering to the kernel IR, buffer planning and the
 * CPU executor.
 *
 * <p>Packages: this one is the entry (compiler, fusion, lowering, program, executor, events);
 * {@link io.graft.jit/io.graft.jit.passes} holds the graph passes, {@link io.graft.jit/io.graft.jit.kernel} the kernel IR (one fused loop nest
 * as a value, its grammar in its {@code package-info}) and {@link io.graft.jit/io.graft.jit.cpu} the CPU backend that compiles
 * and runs it.
 *
 * <p>{@link io.graft.jit.GraphCompiler} implements {@link io.graft.trace.Compiler} as a pipeline of pure functions:
 * <ol>
 *   <li>graph passes {@code Graph -> Graph}, named in {@link io.graft.jit.Passes#PIPELINE}: {@code inline}
 *       ({@link io.graft.jit.passes.InlineJit}), {@code constant_fold} ({@link io.graft.jit.passes.ConstantFold}), {@code simplify}
 *       ({@link io.graft.jit.passes.Simplify}), {@code cse} ({@link io.graft.jit.passes.CommonSubexpressions}), {@code dce}
 *       ({@link io.graft.jit.passes.DeadCode}); effectful equations ({@code debug_print}) survive every pass;
 *       {@link io.graft.jit.Passes#stages} prints the graph after each, then the fused program;</li>
 *   <li>{@link io.graft.jit.Fusion}: fusion groups — chains of elementwise, broadcast, transpose and convert
 *       equations with an optional sum/max/min reduction as root, each one loop nest;</li>
 *   <li>{@link io.graft.jit.Lowering} (the one switch over primitives) and {@link io.graft.jit.KernelBuilder}: each
 *       group becomes a {@link io.graft.jit.kernel.Kernel} (strided inputs, expression body, reduction), compiled
 *       by {@link io.graft.jit.cpu.FusedKernels} to a hidden class generated with {@code java.lang.classfile}
 *       and, when the Vector API is present, a SIMD evaluator;</li>
 *   <li>{@link io.graft.jit.Program}: the program-level kernel IR ({@link io.graft.jit.Step}: a primitive's tuned
 *       kernel, or a fused loop) with the buffer plan (last uses, in-place candidates);</li>
 *   <li>{@link io.graft.jit.Executor}: runs the steps with a per-run buffer pool; with
 *       {@link io.graft.trace.NanCheck} on it runs the unfused program and names the first primitive making a NaN;
 *       {@link io.graft.jit.ProgramText} prints the steps for {@code lower(args)} and names them in profiles.</li>
 * </ol>
 * The compiler keeps no cache: an executable owns its program and kernels, and whoever compiled it keeps it (the
 * jitted function's {@link io.graft.trace.prim.JitGraph} per signature).
 * {@link io.graft.jit.CompileEvent} and {@link io.graft.jit.ExecuteEvent} are the JFR events {@code Graft.jit} commits.
 */
package io.graft.jit;
