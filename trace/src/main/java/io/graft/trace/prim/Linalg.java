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
}
