package io.graft.numerics.fused;

import io.graft.numerics.DType;
import io.graft.numerics.fused.Expr.Binary;
import io.graft.numerics.fused.Expr.Constant;
import io.graft.numerics.fused.Expr.Input;
import io.graft.numerics.fused.Expr.Select;
import io.graft.numerics.fused.Expr.Unary;

/**
 * Plain-Java reference interpreters of the kernel IR, one element at a time. {@link #exact} computes in the kernel
 * dtype exactly as the generated loops must (bit-for-bit); {@link #bounded} computes in f64 with a running bound on
 * the error a correct backend may have accumulated (a few ulps per node, propagated through each node's derivative),
 * for the SIMD backend whose transcendentals differ from {@link Math} by an ulp or so. An infinite or NaN bound means
 * "not checkable" (e.g. a comparison whose operands are within their bounds of each other).
 */
final class FusedRef {
  private FusedRef() {}

  /** Value with an error bound. */
  record VE(double v, double e) {}

  /** Element {@code j} of input {@code i} (element 0 when the input has length 1, i.e. broadcast). */
  static double in(Object[] in, int i, int j) {
    return switch (in[i]) {
      case float[] a -> a[a.length == 1 ? 0 : j];
      case double[] a -> a[a.length == 1 ? 0 : j];
      default -> throw new AssertionError();
    };
  }

  static double exact(Expr e, DType dt, Object[] in, int j) {
    return dt == DType.F32 ? exactF(e, in, j) : exactD(e, in, j);
  }

  static float exactF(Expr e, Object[] in, int j) {
    return switch (e) {
      case Input(var i) -> (float) in(in, i, j);
      case Constant(var v) -> (float) v;
      case Unary(var fn, var x) -> {
        float a = exactF(x, in, j);
        yield switch (fn) {
          case NEG -> -a;
          case EXP -> (float) Math.exp(a);
          case LOG -> (float) Math.log(a);
          case TANH -> (float) Math.tanh(a);
          case SIN -> (float) Math.sin(a);
          case COS -> (float) Math.cos(a);
          case SQRT -> (float) Math.sqrt(a);
          case ABS -> Math.abs(a);
          case LOGISTIC -> 1f / (1f + (float) Math.exp(-a));
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
        };
      }
      case Select(var c, var t, var f) -> exactF(c, in, j) != 0f ? exactF(t, in, j) : exactF(f, in, j);
    };
  }

  static double exactD(Expr e, Object[] in, int j) {
    return switch (e) {
      case Input(var i) -> in(in, i, j);
      case Constant(var v) -> v;
      case Unary(var fn, var x) -> {
        double a = exactD(x, in, j);
        yield switch (fn) {
          case NEG -> -a;
          case EXP -> Math.exp(a);
          case LOG -> Math.log(a);
          case TANH -> Math.tanh(a);
          case SIN -> Math.sin(a);
          case COS -> Math.cos(a);
          case SQRT -> Math.sqrt(a);
          case ABS -> Math.abs(a);
          case LOGISTIC -> 1d / (1d + Math.exp(-a));
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
        };
      }
      case Select(var c, var t, var f) -> exactD(c, in, j) != 0d ? exactD(t, in, j) : exactD(f, in, j);
    };
  }

  private static final double INF = Double.POSITIVE_INFINITY;

  /** The value in f64 (rounded to the dtype per node) with a bound on a correct backend's error. */
  static VE bounded(Expr e, DType dt, Object[] in, int j) {
    boolean f32 = dt == DType.F32;
    double eps = f32 ? 1e-6 : 1e-14, tiny = f32 ? 1e-40 : 1e-300, huge = f32 ? 1e37 : 1e306;
    VE r = switch (e) {
      case Input(var i) -> new VE(in(in, i, j), 0);
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
