package io.graft.trace.prim;

import io.graft.numerics.DTypeError;
import io.graft.numerics.kernels.Domain;
import io.graft.trace.ShapedType;
import io.vavr.collection.Vector;

/** Shared pieces of the elementwise family's type rules: dtype-domain checks with their fix. */
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
      case ANY -> "every dtype is accepted";
    };
  }
}
