package io.graft.io;

import static io.graft.io.OnnxEmitter.*;

import io.graft.numerics.NdArray;
import io.graft.trace.ShapedType;
import io.graft.trace.prim.*;
import java.util.List;

/**
 * Elementwise primitives as ONNX nodes: unary and binary ops, comparisons, and the forms ONNX lacks built from those it
 * has ({@code log1p} without cancellation, {@code expm1}, rounding half away from zero). For example
 * {@code unary(UnaryOp.LOG1P, x, f32[8])} is {@code Where(u == 1, x, Log(u)·x / (u - 1))} with {@code u = 1 + x}.
 */
final class OnnxMath {
  private final OnnxEmitter e;

  OnnxMath(OnnxEmitter e) { this.e = e; }

  /**
   * {@code log1p} without cancellation (Goldberg's/Kahan's form): with {@code u = 1 + x}, {@code x} where
   * {@code u == 1}, else {@code log(u) · x / (u - 1)}: the rounding of {@code 1 + x} cancels out of the quotient.
   */
  String log1p(String x, ShapedType t) {
    String one = e.constant(NdArray.scalar(t.dtype(), 1));
    String u = e.node("Add", one, x);
    return e.node("Where", e.node("Equal", u, one), x, e.node("Div", e.node("Mul", e.node("Log", u), x), e.node("Sub", u, one)));
  }

  /**
   * {@code expm1} without cancellation (Kahan's form): with {@code u = exp(x)}, {@code x} where {@code u == 1},
   * {@code -1} where {@code u - 1 == -1}, {@code u - 1} where {@code u} is infinite, else {@code (u - 1) · x / log(u)}.
   */
  String expm1(String x, ShapedType t) {
    String one = e.constant(NdArray.scalar(t.dtype(), 1));
    String u = e.node("Exp", x);
    String um1 = e.node("Sub", u, one);
    String kahan = e.node("Div", e.node("Mul", um1, x), e.node("Log", u));
    String big = e.node("Where", e.node("IsInf", u), um1, kahan);
    String low = e.node("Where", e.node("Equal", um1, e.constant(NdArray.scalar(t.dtype(), -1))), um1, big);
    return e.node("Where", e.node("Equal", u, one), x, low);
  }

  /**
   * {@code lax.round} (half away from zero) from exact ONNX ops: with {@code a = |x|} and {@code f = floor(a)},
   * {@code sign(x) · (f + [a - f >= 0.5])}; {@code a - f} is exact in floating point, so ties are decided exactly
   * (ONNX's own {@code Round} rounds half to even).
   */
  String roundHalfAway(String x, ShapedType t) {
    String a = e.node("Abs", x);
    String f = e.node("Floor", a);
    String up = e.node("Cast", List.of(e.node("GreaterOrEqual", e.node("Sub", a, f), e.constant(NdArray.scalar(t.dtype(), 0.5)))),
        null, intAttr("to", OnnxTensors.elemType(t.dtype())));
    return e.node("Mul", e.node("Sign", x), e.node("Add", f, up));
  }

  String unary(UnaryOp op, String x, ShapedType t) {
    return switch (op) {
      case NEG -> e.node("Neg", x);
      case SIGN -> e.node("Sign", x);
      case FLOOR -> e.node("Floor", x);
      case CEIL -> e.node("Ceil", x);
      case ROUND_EVEN -> e.node("Round", x);
      case IS_FINITE -> e.node("Not", e.node("Or", e.node("IsNaN", x), e.node("IsInf", x)));
      case EXP -> e.node("Exp", x);
      case EXP2 -> e.node("Pow", e.constant(NdArray.scalar(t.dtype(), 2)), x);
      case LOG -> e.node("Log", x);
      case TANH -> e.node("Tanh", x);
      case LOGISTIC -> e.node("Sigmoid", x);
      case SIN -> e.node("Sin", x);
      case COS -> e.node("Cos", x);
      case TAN -> e.node("Tan", x);
      case ASIN -> e.node("Asin", x);
      case ACOS -> e.node("Acos", x);
      case ATAN -> e.node("Atan", x);
      case SINH -> e.node("Sinh", x);
      case COSH -> e.node("Cosh", x);
      case ASINH -> e.node("Asinh", x);
      case ACOSH -> e.node("Acosh", x);
      case ATANH -> e.node("Atanh", x);
      case SQRT -> e.node("Sqrt", x);
      case RSQRT -> e.node("Reciprocal", e.node("Sqrt", x));
      case ABS -> e.node("Abs", x);
      case ERF -> e.node("Erf", x);
      case NOT -> e.node(t.dtype().isBool() ? "Not" : "BitwiseNot", x);
      case SQUARE -> e.node("Mul", x, x);
      case ROUND -> roundHalfAway(x, t);
      case LOG1P -> log1p(x, t);
      case EXPM1 -> expm1(x, t);
      case CBRT, ERF_INV -> throw new OnnxUnmapped("no ONNX operator with this accuracy");
    };
  }

  String binary(BinaryOp op, String x, String y, ShapedType t) {
    boolean bool = t.dtype().isBool();
    return switch (op) {
      case ADD -> e.node("Add", x, y);
      case SUB -> e.node("Sub", x, y);
      case MUL -> e.node("Mul", x, y);
      case DIV -> {
        if (!t.dtype().isFloating()) throw new OnnxUnmapped("integer x / 0 is 0 in Graft and undefined in ONNX Div");
        yield e.node("Div", x, y);
      }
      case REM -> e.node("Mod", List.of(x, y), null, intAttr("fmod", 1));
      case POW -> e.node("Pow", x, y);
      case MAX -> e.node("Max", x, y);
      case MIN -> e.node("Min", x, y);
      case AND -> e.node(bool ? "And" : "BitwiseAnd", x, y);
      case OR -> e.node(bool ? "Or" : "BitwiseOr", x, y);
      case XOR -> e.node(bool ? "Xor" : "BitwiseXor", x, y);
      case ATAN2, NEXTAFTER -> throw new OnnxUnmapped("no ONNX operator");
      case SHIFT_LEFT, SHIFT_RIGHT_LOGICAL, SHIFT_RIGHT_ARITHMETIC ->
          throw new OnnxUnmapped("ONNX BitShift is unsigned only, with other out-of-range shifts");
    };
  }

  String compare(CompareOp op, String x, String y) {
    return switch (op) {
      case EQ -> e.node("Equal", x, y);
      case NE -> e.node("Not", e.node("Equal", x, y));
      case LT -> e.node("Less", x, y);
      case LE -> e.node("LessOrEqual", x, y);
      case GT -> e.node("Greater", x, y);
      case GE -> e.node("GreaterOrEqual", x, y);
    };
  }
}
