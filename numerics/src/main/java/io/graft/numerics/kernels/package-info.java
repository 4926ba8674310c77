/**
 * CPU kernels over {@link io.graft.numerics.NdArray} buffers, grouped by family (elementwise, layout, reductions,
 * GEMM, convolution, windows, gather/scatter). Each reads its inputs, never writes them, and returns a fresh
 * buffer.
 *
 * <p>Per-dtype files that start with {@code // GENERATED} ({@code UnarySimdF32}/{@code F64}, {@code ReduceRowsF32} ...
 * {@code I64}, {@code WindowRowsF32} ... {@code I64}, {@code ScanRowsF32} ... {@code I64} and the rest) are rendered from the templates in
 * {@code numerics/src/main/template/io/graft/numerics/kernels/}: edit the template, then run {@code ./graft generate}
 * ({@code GeneratedSourcesTest} in {@code jit-tornado} fails while a committed file differs from its rendering).
 */
package io.graft.numerics.kernels;
