package io.graft.jit.kernel;

import io.graft.jit.kernel.Expr.Binary;
import io.graft.jit.kernel.Expr.Constant;
import io.graft.jit.kernel.Expr.Input;
import io.graft.jit.kernel.Expr.Select;
import io.graft.jit.kernel.Expr.Unary;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * The readable rendering of a {@link Kernel} (format in {@code package-info}):
 * <pre>{@code kernel f32[256] = sum over (1) of loop i0 < 256, i1 < 1024 { add(tanh(in0:f32[i0*1024+i1]), in1:f32[i1]) }}</pre>
 */
public final class KernelText {
  private KernelText() {}

  /** {@code k} as one line of text (the format in {@code package-info}). */
  public static String render(Kernel k) {
    StringBuilder sb = new StringBuilder("kernel ").append(k.outDType()).append(dims(k.resultShape().dims())).append(" = ");
    if (k.reduction() != Reduction.NONE) {
      sb.append(k.reduction().name().toLowerCase(Locale.ROOT)).append(" over ").append(k.reducedAxes()).append(" of ");
    }
    sb.append("loop");
    StringJoiner axes = new StringJoiner(", ", " ", "");
    for (int a = 0; a < k.space().rank(); a++) axes.add("i" + a + " < " + k.space().dim(a));
    if (k.space().rank() > 0) sb.append(axes);
    if (k.outDType() != k.dtype()) sb.append(" in ").append(k.dtype());
    return sb.append(" { ").append(expr(k, k.body())).append(" }").toString();
  }

  private static String dims(int[] d) {
    StringJoiner j = new StringJoiner(",", "[", "]");
    for (int x : d) j.add(Integer.toString(x));
    return j.toString();
  }

  private static String expr(Kernel k, Expr e) {
    return switch (e) {
      case Input(var i) -> "in" + i + ":" + k.inputs().get(i).dtype() + "[" + index(k.inputs().get(i)) + "]";
      case Constant(var v) -> Double.toString(v);
      case Unary(var fn, var x) -> name(fn) + "(" + expr(k, x) + ")";
      case Binary(var fn, var a, var b) -> name(fn) + "(" + expr(k, a) + ", " + expr(k, b) + ")";
      case Select(var c, var t, var f) -> "select(" + expr(k, c) + ", " + expr(k, t) + ", " + expr(k, f) + ")";
    };
  }

  /** {@code i0*1024+i1}: the buffer index of an access ({@code 0} when it reads one element). */
  private static String index(Access a) {
    StringJoiner j = new StringJoiner("+");
    for (int ax = 0; ax < a.strides().size(); ax++) {
      int s = a.strides().get(ax);
      if (s != 0) j.add(s == 1 ? "i" + ax : "i" + ax + "*" + s);
    }
    return j.length() == 0 ? "0" : j.toString();
  }

  private static String name(Enum<?> fn) { return fn.name().toLowerCase(Locale.ROOT); }
}
