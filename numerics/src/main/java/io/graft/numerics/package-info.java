/**
 * The leaf layer: element types ({@link io.graft.numerics.DType}), shapes ({@link io.graft.numerics.Shape}),
 * dense immutable buffers ({@link io.graft.numerics.NdArray}) and the CPU kernels that both eager mode and jit
 * call.
 *
 * <p>No graph types live here. Kernels are loops over whole buffers (never a lambda call per element); large
 * ones split work over the kernel thread pool ({@link io.graft.numerics.Parallel}, which leaves the JIT compilers
 * the cores they take: {@link io.graft.numerics.CompilerLoad}); matmul and convolution use
 * blocked, packed SIMD kernels when the incubating Vector API ({@code jdk.incubator.vector}) is present and a
 * blocked scalar path otherwise.
 */
package io.graft.numerics;
