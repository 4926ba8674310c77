package io.graft.numerics.kernels;

/** An operand the blocked GEMM can pack: a strided view ({@link Gemm.Operand}) or an offset-table view ({@link GemmGathered}). */
sealed interface GemmSource permits Gemm.Operand, GemmGathered {}
