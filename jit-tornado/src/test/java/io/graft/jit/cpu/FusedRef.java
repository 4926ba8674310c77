package io.graft.jit.cpu;

import io.graft.jit.kernel.Expr;
import io.graft.jit.kernel.Expr.Binary;
import io.graft.jit.kernel.Expr.Constant;
import io.graft.jit.kernel.Expr.Input;
import io.graft.jit.kernel.Expr.Select;
import io.graft.jit.kernel.Expr.Unary;
import io.graft.numerics.DType;
import io.graft.numerics.kernels.ScalarMath;

/**
 * Plain-Java reference interpreters of the kernel IR, one element at a time. {@link #exact} computes in the kernel
 * dtype exactly as the generated loops must (bit-for-bit; the transcendentals are {@link ScalarMath}'s twins of the
 * vector polynomials); {@link #bounded} computes in f64 with a running bound on
 * the error a correct backend may have accumulated (a few ulps per node, propagated through each node's derivative),
 * for the SIMD backend whose transcendentals differ from {@link Math} by an ulp or so. An infinite or NaN bound means
 * "not checkable" (e.g. a comparison whose operands are within their bounds of each other).
 */
final class FusedRef {
  private FusedRef() {}

  /** Value with an error bound. */
  record VE(double v, double e) {}

  /** Element {@code j[i]} of input store {@code i}, as a double (bool as 0/1). */
  static double in(Object[] in, int i, int[] j) {
    return switch (in[i]) {
      case float[] a -> a[j[i]];
      case double[] a -> a[j[i]];
      case int[] a -> a[j[i]];
      case long[] a -> a[j[i]];
      case boolean[] a -> a[j[i]] ? 1 : 0;
      default -> throw new AssertionError();
    };
  }

  static double exact(Expr e, DType dt, Object[] in, int[] j) {
    return dt == DType.F32 ? exactF(e, in, j) : exactD(e, in, j);
  }

  static float exactF(Expr e, Object[] in, int[] j) {
    return switch (e) {
      case Input(var i) -> (float) in(in, i, j);
      case Constant(var v) -> (float) v;
      case Unary(var fn, var x) -> {
        float a = exactF(x, in, j);
        yield switch (fn) {
          case NEG -> -a;
          case EXP -> ScalarMath.exp(a);
          case LOG -> ScalarMath.log(a);
          case TANH -> ScalarMath.tanh(a);
          case SIN -> ScalarMath.sin(a);
          case COS -> ScalarMath.cos(a);
          case SQRT -> (float) Math.sqrt(a);
          case ABS -> Math.abs(a);
          case LOGISTIC -> ScalarMath.logistic(a);
          case LOG1P -> ScalarMath.log1p(a);
          case EXPM1 -> ScalarMath.expm1(a);
          case RSQRT -> 1f / (float) Math.sqrt(a);
          case SIGN -> Math.signum(a);
          case FLOOR -> (float) Math.floor(a);
          case CEIL -> (float) Math.ceil(a);
          case SQUARE -> a * a;
          case RECIPROCAL -> 1f / a;
        };
      }
      case Binary(var fn, var x, var y) -> {
        float a = exactF(x, in, j), b = exactF(y, in, j);
        yield switch (fn) {
          case ADD -> a + b;
          case SUB -> a - b;
          case MUL -> a * b;
          case DIV -> a / b;
          case MAX -> Math.max(a, b);
          case MIN -> Math.min(a, b);
          case GT -> a > b ? 1f : 0f;
          case LT -> a < b ? 1f : 0f;
          case GE -> a >= b ? 1f : 0f;
          case LE -> a <= b ? 1f : 0f;
          case EQ -> a == b ? 1f : 0f;
          case NE -> a != b ? 1f : 0f;
          case POW -> (float) Math.pow(a, b);
          case ATAN2 -> (float) Math.atan2(a, b);
        };
      }
      case Select(var c, var t, var f) -> exactF(c, in, j) != 0f ? exactF(t, in, j) : exactF(f, in, j);
    };
  }

  static double exactD(Expr e, Object[] in, int[] j) {
    return switch (e) {
      case Input(var i) -> in(in, i, j);
      case Constant(var v) -> v;
      case Unary(var fn, var x) -> {
        double a = exactD(x, in, j);
        yield switch (fn) {
          case NEG -> -a;
          case EXP -> ScalarMath.exp(a);
          case LOG -> ScalarMath.log(a);
          case TANH -> ScalarMath.tanh(a);
          case SIN -> ScalarMath.sin(a);
          case COS -> ScalarMath.cos(a);
          case SQRT -> Math.sqrt(a);
          case ABS -> Math.abs(a);
          case LOGISTIC -> ScalarMath.logistic(a);
          case LOG1P -> ScalarMath.log1p(a);
          case EXPM1 -> ScalarMath.expm1(a);
          case RSQRT -> 1d / Math.sqrt(a);
          case SIGN -> Math.signum(a);
          case FLOOR -> Math.floor(a);
          case CEIL -> Math.ceil(a);
          case SQUARE -> a * a;
          case RECIPROCAL -> 1d / a;
        };
      }
      case Binary(var fn, var x, var y) -> {
        double a = exactD(x, in, j), b = exactD(y, in, j);
        yield switch (fn) {
          case ADD -> a + b;
          case SUB -> a - b;
          case MUL -> a * b;
          case DIV -> a / b;
          case MAX -> Math.max(a, b);
          case MIN -> Math.min(a, b);
          case GT -> a > b ? 1d : 0d;
          case LT -> a < b ? 1d : 0d;
          case GE -> a >= b ? 1d : 0d;
          case LE -> a <= b ? 1d : 0d;
          case EQ -> a == b ? 1d : 0d;
          case NE -> a != b ? 1d : 0d;
          case POW -> Math.pow(a, b);
          case ATAN2 -> Math.atan2(a, b);
        };
      }
      case Select(var c, var t, var f) -> exactD(c, in, j) != 0d ? exactD(t, in, j) : exactD(f, in, j);
    };
  }

  private static final double INF = Double.POSITIVE_INFINITY;

  /** The value in f64 (rounded to the dtype per node) with a bound on a correct backend's error. */
  static VE bounded(Expr e, DType dt, Object[] in, int[] j) {
    boolean f32 = dt == DType.F32;
    double eps = f32 ? 1e-6 : 1e-14, tiny = f32 ? 1e-40 : 1e-300, huge = f32 ? 1e37 : 1e306;
    VE r = switch (e) {
      case Input(var i) -> new VE(f32 ? (float) in(in, i, j) : in(in, i, j), 0);
      case Constant(var v) -> new VE(f32 ? (float) v : v, 0);
      case Unary(var fn, var x) -> {
        VE a = bounded(x, dt, in, j);
        double v = a.v(), ea = a.e();
        yield switch (fn) {
          case NEG -> new VE(-v, ea);
          case ABS -> new VE(Math.abs(v), ea);
          case EXP -> { double y = Math.exp(v); yield new VE(y, y * Math.expm1(ea) + eps * y); }
          case LOG -> new VE(Math.log(v), Math.abs(v) <= ea ? INF : ea / (Math.abs(v) - ea) + eps * (1 + Math.abs(Math.log(v))));
          case TANH -> new VE(Math.tanh(v), ea + eps);
          case SIN -> new VE(Math.sin(v), ea + eps);
          case COS -> new VE(Math.cos(v), ea + eps);
          case SQRT -> new VE(Math.sqrt(v), Math.abs(v) <= ea && ea > 0 ? INF : Math.sqrt(ea) + eps * Math.sqrt(Math.abs(v)));
          case LOGISTIC -> new VE(1 / (1 + Math.exp(-v)), ea / 4 + eps);
          case LOG1P -> new VE(Math.log1p(v), 1 + v <= ea ? INF : ea / (1 + v - ea) + eps * (1 + Math.abs(Math.log1p(v))));
          case EXPM1 -> { double y = Math.exp(v); yield new VE(Math.expm1(v), y * Math.expm1(ea) + ea + eps * (1 + y)); }
          case RSQRT -> new VE(1 / Math.sqrt(v), v <= 2 * ea ? INF : 0.5 * ea / ((v - ea) * Math.sqrt(v - ea)) + 2 * eps / Math.sqrt(v));
          case SIGN -> new VE(Math.signum(v), Math.abs(v) <= ea && ea > 0 ? INF : 0);
          case FLOOR -> new VE(Math.floor(v), Math.floor(v + ea) != Math.floor(v - ea) ? INF : 0);
          case CEIL -> new VE(Math.ceil(v), Math.ceil(v + ea) != Math.ceil(v - ea) ? INF : 0);
          case SQUARE -> new VE(v * v, 2 * Math.abs(v) * ea + ea * ea + eps * v * v);
          case RECIPROCAL -> new VE(1 / v, Math.abs(v) <= ea ? INF : ea / (Math.abs(v) * (Math.abs(v) - ea)) + eps / Math.abs(v));
        };
      }
      case Binary(var fn, var x, var y) -> {
        VE a = bounded(x, dt, in, j), b = bounded(y, dt, in, j);
        double u = a.v(), w = b.v(), ea = a.e(), eb = b.e();
        yield switch (fn) {
          case ADD -> new VE(u + w, ea + eb + eps * Math.abs(u + w));
          case SUB -> new VE(u - w, ea + eb + eps * Math.abs(u - w));
          case MUL -> new VE(u * w, Math.abs(u) * eb + Math.abs(w) * ea + ea * eb + eps * Math.abs(u * w));
          case DIV -> new VE(u / w, Math.abs(w) <= eb ? INF : (ea + Math.abs(u / w) * eb) / (Math.abs(w) - eb) + eps * Math.abs(u / w));
          case MAX -> new VE(Math.max(u, w), Math.max(ea, eb));
          case MIN -> new VE(Math.min(u, w), Math.max(ea, eb));
          case GT -> new VE(u > w ? 1 : 0, Math.abs(u - w) <= ea + eb || !Double.isFinite(ea + eb) ? 1 : 0);
          case LT -> new VE(u < w ? 1 : 0, Math.abs(u - w) <= ea + eb || !Double.isFinite(ea + eb) ? 1 : 0);
          case GE -> new VE(u >= w ? 1 : 0, Math.abs(u - w) <= ea + eb || !Double.isFinite(ea + eb) ? 1 : 0);
          case LE -> new VE(u <= w ? 1 : 0, Math.abs(u - w) <= ea + eb || !Double.isFinite(ea + eb) ? 1 : 0);
          case EQ -> new VE(u == w ? 1 : 0, Math.abs(u - w) <= ea + eb || !Double.isFinite(ea + eb) ? 1 : 0);
          case NE -> new VE(u != w ? 1 : 0, Math.abs(u - w) <= ea + eb || !Double.isFinite(ea + eb) ? 1 : 0);
          case POW -> { double p = Math.pow(u, w); yield new VE(p, ea + eb > 0 || !Double.isFinite(p) ? INF : eps * Math.abs(p) * 4); }
          case ATAN2 -> new VE(Math.atan2(u, w), ea + eb > 0 ? INF : eps * 4);
        };
      }
      case Select(var c, var t, var f) -> {
        VE k = bounded(c, dt, in, j), a = bounded(t, dt, in, j), b = bounded(f, dt, in, j);
        if (Math.abs(k.v()) <= k.e() || !Double.isFinite(k.e())) {
          yield new VE(k.v() != 0 ? a.v() : b.v(), Math.abs(a.v() - b.v()) + Math.max(a.e(), b.e()));
        }
        yield k.v() != 0 ? a : b;
      }
    };
    double v = f32 ? (float) r.v() : r.v();
    double err = r.e() + tiny;
    if (Math.abs(v) > huge && Double.isFinite(v)) err = INF;
    if (Double.isNaN(v) && r.e() > 0) err = INF;       // NaN from an inexact operand may not be reproducible
    return new VE(v, err);
  }

  /** Whether {@code got} agrees with the bounded reference (unchecked bounds always agree). */
  static boolean agrees(VE ref, double got) {
    if (!(ref.e() < INF)) return true;
    if (Double.isNaN(ref.v())) return Double.isNaN(got);
    if (Double.isInfinite(ref.v())) return got == ref.v();
    return Math.abs(got - ref.v()) <= ref.e();
  }
}
