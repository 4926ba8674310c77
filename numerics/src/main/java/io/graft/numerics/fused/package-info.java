/**
 * Fused elementwise kernels: a small sealed kernel IR and two CPU backends that run a whole elementwise expression
 * (optionally followed by a full sum) as ONE loop over the buffers, with no intermediate arrays.
 *
 * <p>Grammar of the kernel IR (records and sealed interfaces, matched by exhaustive switches without {@code default}):
 * <pre>
 * Kernel    ::= Kernel(DType dtype ∈ {f32, f64}, int inputs, Expr body, Reduction ∈ {NONE, SUM})
 * Expr      ::= Input(int index)                  element {@code index} of input buffer {@code index} (0 ≤ index &lt; inputs)
 *             | Constant(double value)            a literal, rounded to the kernel dtype
 *             | Unary(UnaryFn fn, Expr x)         NEG EXP LOG TANH SIN COS SQRT ABS LOGISTIC
 *             | Binary(BinaryFn fn, Expr a, Expr b) ADD SUB MUL DIV MAX MIN GT LT   (GT/LT give 1 or 0)
 *             | Select(Expr cond, Expr ifTrue, Expr ifFalse)   cond ≠ 0 (NaN counts as true) picks ifTrue
 * </pre>
 * Every node is computed in the kernel dtype (f32 in f32: a {@link java.lang.Math} result is rounded to float at the
 * node), both branches of a {@code Select} are evaluated (there are no side effects), {@code MAX}/{@code MIN} follow
 * {@link java.lang.Math#max(float, float)} (NaN wins, -0 &lt; +0).
 *
 * <p>Backends: {@link io.graft.numerics.fused.BytecodeBackend} generates a hidden class per kernel with
 * {@code java.lang.classfile}; the SIMD backend ({@code SimdF32}/{@code SimdF64}, loaded only when
 * {@link io.graft.numerics.Simd#AVAILABLE}) interprets the IR over blocks of Vector API lanes. Entry point:
 * {@link io.graft.numerics.fused.FusedKernels#compile}.
 */
package io.graft.numerics.fused;
