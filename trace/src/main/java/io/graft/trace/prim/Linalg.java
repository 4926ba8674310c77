package io.graft.trace.prim;

/**
 * Linear-algebra primitives: contractions that reduce to the tuned GEMM in
 * {@link io.graft.numerics.kernels.Gemm} ({@code dot_general}, {@code conv_general_dilated}).
 */
public sealed interface Linalg extends Primitive.Single permits DotGeneral, ConvGeneralDilated {
}
