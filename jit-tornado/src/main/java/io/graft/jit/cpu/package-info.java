/**
 * The CPU backend of the kernel IR ({@link io.graft.jit/io.graft.jit.kernel}): compiles a {@link io.graft.jit.kernel.Kernel} to
 * JVM code and runs it over the kernel threads. Entry point: {@link io.graft.jit.cpu.FusedKernels#compile}, giving a
 * {@link io.graft.jit.cpu.CompiledKernel}.
 *
 * <p>Execution: {@link io.graft.jit.cpu.LoopNest} canonicalises the nest at compile time (drops size-1 axes,
 * merges adjacent axes whose strides allow it; the innermost axis is the row), {@link io.graft.jit.cpu.NestRunner}
 * walks rows over the kernel threads. Backends: {@link io.graft.jit.cpu.BytecodeBackend} generates the scalar
 * row loops (a hidden class per kernel, {@code java.lang.classfile}); with the Vector API
 * ({@link io.graft.numerics.Simd#AVAILABLE}), {@code VectorEmitter} generates row loops on vector registers (one
 * {@code FloatVector} per node, also a hidden class, with {@code VectorMath}'s straight-line transcendentals copied in
 * by {@code MathInliner}) for f32 kernels with contiguous or broadcast rows, and the block evaluators ({@code SimdF32}/{@code SimdF64}) interpret the IR over blocks of lanes,
 * one vector loop per node, for the rest; both use the scalar loops for tails ({@code LazyScalarLoop}: generated when a row first has one). {@code -Dgraft.vectorLoops=false}
 * keeps every kernel on the block evaluators.
 *
 * <p>Generated sources: {@code SimdF32}/{@code SimdF64}, {@code SimdF32Ops}/{@code SimdF64Ops} and
 * {@code BlocksF32}/{@code BlocksF64} are rendered, one file per dtype, from the templates in
 * {@code jit-tornado/src/main/template/io/graft/jit/cpu/} by {@code DTypeVariants} (test sources; {@code $token$}
 * substitution and {@code //#if f32 ... //#end} blocks). Edit the template, never a generated file, then run
 * {@code ./graft generate}; {@code GeneratedSourcesTest} fails while a committed file differs from its rendering.
 */
package io.graft.jit.cpu;
