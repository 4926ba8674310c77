/**
 * The kernel IR: one fused loop nest as a value — a whole chain of elementwise, broadcast and convert operations,
 * optionally followed by a reduction, over strided input buffers, with no intermediate arrays. {@code io.graft.jit}
 * lowers fusion groups to it; each backend (the CPU one is {@code io.graft.jit.cpu}) is an exhaustive switch over it.
 *
 * <p>Grammar of the kernel IR (records and sealed interfaces, matched by exhaustive switches without {@code default}):
 * <pre>
 * Kernel    ::= Kernel(DType dtype ∈ {f32, f64}, Shape space (rank 0..8), List&lt;Access&gt; inputs, Expr body,
 *                      Reduction ∈ {NONE, SUM, MAX, MIN}, Ints reducedAxes, DType outDType)
 * MultiKernel ::= MultiKernel(List&lt;Kernel&gt; parts)   2..16 outputs of one pass: the parts share dtype, space and
 *                                                 inputs; folding parts share reducedAxes
 * Access    ::= Access(DType dtype (any), Ints strides)   input k at index (i_0..i_{r-1}) is buf[Σ i_a * strides[a]]
 * Expr      ::= Input(int k)                      input k at the current index, converted to dtype (bool: 0/1)
 *             | Constant(double value)            a literal, rounded to dtype
 *             | Unary(UnaryFn fn, Expr x)         NEG EXP LOG TANH SIN COS SQRT ABS LOGISTIC
 *                                                 LOG1P EXPM1 RSQRT SIGN FLOOR CEIL SQUARE RECIPROCAL
 *             | Binary(BinaryFn fn, Expr a, Expr b) ADD SUB MUL DIV MAX MIN POW ATAN2
 *                                                 GT LT GE LE EQ NE   (1 or 0; NaN: false, except NE true)
 *             | Select(Expr cond, Expr ifTrue, Expr ifFalse)   cond ≠ 0 (NaN counts as true) picks ifTrue
 * </pre>
 * The result has {@code space}'s shape without {@code reducedAxes} (row-major, {@code outDType}); {@code reducedAxes}
 * is empty exactly for {@code NONE}, and a reduction's outDType is {@code dtype}. Conversions to outDType: bool is
 * {@code v != 0} (NaN true), i32/i64 are Java's {@code (int)}/{@code (long)} casts. Every node is computed in the
 * compute dtype (f32 in f32: a {@link java.lang.Math} result is rounded to float at the node; the polynomial
 * functions are {@code VectorMath}'s, the eager kernels' definitions, bit for bit in every backend and tail), both branches of a
 * {@code Select} are evaluated, {@code MAX}/{@code MIN} follow {@link java.lang.Math#max(float, float)} (NaN wins,
 * -0 &lt; +0). Reductions fold in f64 from the identity (0, -inf, +inf); MAX/MIN propagate NaN.
 *
 * <p>Text ({@link io.graft.jit.kernel.KernelText#render}, also {@code CompiledKernel.text()}):
 * <pre>
 * kernel OUT[RESULT] = [sum|max|min over (AXES) of ]loop i0 &lt; D0, i1 &lt; D1, ...[ in DTYPE] { EXPR }
 *   EXPR: inK:DT[i0*S0+i1] (stride-1 terms without "*1", stride-0 terms omitted, "0" if none) | 2.0 | fn(EXPR, ...)
 * e.g. kernel f32[256] = sum over (1,) of loop i0 &lt; 256, i1 &lt; 1024 { add(tanh(in0:f32[i0*1024+i1]), in1:f32[i1]) }
 * </pre>
 * ({@code in DTYPE} appears only when the compute dtype differs from OUT; a rank-0 space prints {@code loop} alone.)
 */
package io.graft.jit.kernel;
