package io.graft.trace.prim;

import io.graft.numerics.DTypeError;
import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.kernels.Domain;
import io.graft.trace.Bind;
import io.graft.trace.Const;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.vavr.collection.Vector;

/**
 * Shared pieces of the elementwise family: dtype-domain checks with their fix, and the small helpers its JVP,
 * transpose and batching rules share (zero cases, rank-0 broadcasting, batching of n-ary ops).
 */
final class ElementwiseRules {
  private ElementwiseRules() {}

  /** A {@link DTypeError} unless {@code domain} accepts {@code t}'s dtype: names {@code op}, every operand and the fix. */
  static void requireDomain(String op, Domain domain, ShapedType t, Vector<ShapedType> in) {
    if (!domain.accepts(t.dtype()))
      throw new DTypeError(op + ": does not accept " + in.mkString(", ") + "; it needs " + domain.description()
          + "; " + fix(domain));
  }

  /** How to get an operand into {@code domain}. */
  static String fix(Domain domain) {
    return switch (domain) {
      case FLOAT -> "convert with astype(Np.float32) (Np functions promote integers to float)";
      case NUMERIC -> "convert bool with astype(Np.int32) (for logical and/or of bools use Np.logicalAnd/logicalOr)";
      case INTEGRAL_OR_BOOL -> "floats have no bitwise form; compare first (e.g. x.ne(0.0)) or convert with astype(Np.int32)";
      case INTEGER -> "shifts take integers; convert with astype(Np.int32) or Np.uint32";
      case ANY -> "every dtype is accepted";
    };
  }

  /** A strong rank-0 zero of {@code like}'s dtype: a zero case of a {@code select_n} (rank-0 cases broadcast). */
  static Value zero(Value like) { return Const.of(NdArray.scalar(like.type().dtype(), 0)); }

  /** {@code v} broadcast to {@code out}'s shape when it is a rank-0 value of a broadcasting operand, else itself. */
  static Value fit(Value v, ShapedType out) {
    if (v.type().rank() == out.rank()) return v;
    return Bind.bind1(new BroadcastInDim(out.shape(), Ints.of()), v);
  }

  /**
   * An n-ary elementwise primitive under {@code vmap}: applied directly, keeping the batch axis, when every mapped
   * operand has one shape and one batch axis and every unmapped one is rank-0; otherwise after lining the operands
   * up with {@link Batching#elementwise} (batch axis 0).
   */
  static Batched batch(Primitive.Single p, Vector<Value> args, Ints dims, int size) {
    int dim = Batched.NOT_MAPPED;
    ShapedType shape = null;
    boolean direct = true;
    for (int i = 0; i < args.size() && direct; i++) {
      ShapedType t = args.get(i).type();
      if (dims.get(i) == Batched.NOT_MAPPED) direct = t.rank() == 0;
      else if (dim == Batched.NOT_MAPPED) { dim = dims.get(i); shape = t; }
      else direct = dims.get(i) == dim && t.shape().equals(shape.shape());
    }
    if (direct) return new Batched(Bind.bind1(p, args.toJavaArray(Value[]::new)), dim);
    return new Batched(Bind.bind1(p, Batching.elementwise(args, dims, size).toJavaArray(Value[]::new)), 0);
  }
}
