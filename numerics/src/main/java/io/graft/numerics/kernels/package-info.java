/**
 * CPU kernels over {@link io.graft.numerics.NdArray} buffers, grouped by family (elementwise, layout, reductions,
 * GEMM, convolution, windows, gather/scatter). Each reads its inputs, never writes them, and returns a fresh
 * buffer.
 */
package io.graft.numerics.kernels;
