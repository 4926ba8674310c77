package io.graft.trace.prim;

import io.graft.trace.Bind;
import io.graft.trace.Value;
import io.vavr.collection.Vector;
import io.vavr.control.Option;

/**
 * Linear-algebra primitives: contractions that reduce to the tuned GEMM in
 * {@link io.graft.numerics.kernels.Gemm} ({@code dot_general}, {@code conv_general_dilated}). Both are bilinear,
 * which fixes their JVP here (JAX's {@code ad.defbilinear}); each record gives its own transposes and batching.
 */
public sealed interface Linalg extends Primitive.Single, WritesInto permits DotGeneral, ConvGeneralDilated {
  /**
   * Bilinear: {@code jvp = prim(dlhs, rhs) + prim(lhs, drhs)}, skipping zero tangents. Integer operands carry no
   * tangents, so the result's tangent is zero.
   */
  @Override default Option<Value> jvp(Vector<Value> primals, Vector<Option<Value>> tangents, Value out) {
    Value lhs = primals.get(0), rhs = primals.get(1);
    if (!lhs.type().dtype().isFloating()) return Option.none();
    Option<Value> a = tangents.get(0).map(t -> Bind.bind1(this, t, rhs));
    Option<Value> b = tangents.get(1).map(t -> Bind.bind1(this, lhs, t));
    return Tangents.add(a, b);
  }

  /**
   * Whether {@link #evalInto} can run on these operands: both f32 or both f64, with no widening or rounding around
   * the kernel.
   */
  boolean evaluatesInto(io.graft.numerics.NdArray lhs, io.graft.numerics.NdArray rhs);

  /**
   * The result written over {@code store}, a recycled {@code float[]}/{@code double[]} of exactly the result's size
   * whose contents are overwritten (needs {@link #evaluatesInto}). The jit's executor runs its products and
   * convolutions this way, on buffers still in cache that need no zeroing.
   */
  io.graft.numerics.NdArray evalInto(io.graft.numerics.NdArray lhs, io.graft.numerics.NdArray rhs, Object store);

  @Override default boolean writesInto(Vector<io.graft.numerics.NdArray> in) { return evaluatesInto(in.get(0), in.get(1)); }

  @Override default io.graft.numerics.NdArray evalInto(Vector<io.graft.numerics.NdArray> in, Object store) {
    return evalInto(in.get(0), in.get(1), store);
  }
}
