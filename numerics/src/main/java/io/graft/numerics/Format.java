package io.graft.numerics;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

/**
 * NumPy's {@code str()} layout for arrays (NumPy 2, default print options): {@code [[1. 2.]\n [3. 4.]]}, elements
 * padded to one width, axes longer than 6 summarised as {@code 3 ... 3} once the array has more than 1000 elements
 * (NumPy's {@code threshold} and {@code edgeitems}). Lines are not wrapped at 75 characters as NumPy's are.
 *
 * <p>Floats follow NumPy's {@code FloatingFormat} over the printed elements: scientific notation for all of them
 * when the largest finite non-zero magnitude is at least 1e8, the smallest is below 1e-4, or their ratio exceeds
 * 1000; then every finite element gets the same number of mantissa digits (the most any of them needs for its
 * shortest round-trip text, at most 8 after the point) and exponent digits, so {@code [3.8e-44, 0.6931472, inf]}
 * in f32 prints {@code [3.783506e-44 6.931472e-01          inf]}. Otherwise the points align, with up to 8
 * fraction digits. {@code nan} and {@code inf} are right-aligned to the common width. Rank-0 arrays print as the
 * NumPy scalar: {@code 0.5}, {@code 1e-05}.
 */
final class Format {
  private static final int THRESHOLD = 1000;
  private static final int EDGE = 3;
  private static final int PRECISION = 8;

  private Format() {}

  static String format(NdArray a) {
    if (a.rank() == 0) return a.dtype().isFloating() ? scalar(value(a, 0), a.dtype()) : text(a, 0);
    boolean summarise = a.size() > THRESHOLD;
    List<Integer> shown = new ArrayList<>();     // flat indices of the printed elements; local to this call
    visit(a.shape(), 0, 0, summarise, shown::add);
    IntFunction<String> cell = a.dtype().isFloating() ? floats(a, shown) : padded(a, shown);
    StringBuilder b = new StringBuilder();
    appendAxis(b, a.shape(), 0, 0, cell, summarise);
    return b.toString();
  }

  /** Calls {@code f} with the flat index of each printed element, in order. */
  private static void visit(Shape s, int axis, int offset, boolean summarise, IntConsumer f) {
    int extent = s.dim(axis), stride = stride(s, axis);
    for (int i = 0; i < extent; i++) {
      if (summarise && extent > 2 * EDGE && i == EDGE) i = extent - EDGE;
      if (axis == s.rank() - 1) f.accept(offset + i);
      else visit(s, axis + 1, offset + i * stride, summarise, f);
    }
  }

  private static int stride(Shape s, int axis) {
    int stride = 1;
    for (int k = axis + 1; k < s.rank(); k++) stride *= s.dim(k);
    return stride;
  }

  private static void appendAxis(StringBuilder b, Shape s, int axis, int offset, IntFunction<String> cell,
                                 boolean summarise) {
    int extent = s.dim(axis), stride = stride(s, axis);
    b.append('[');
    for (int i = 0; i < extent; i++) {
      if (summarise && extent > 2 * EDGE && i == EDGE) {
        b.append(axis == s.rank() - 1 ? "... " : "...\n" + " ".repeat(axis + 1));
        i = extent - EDGE - 1;
        continue;
      }
      if (axis == s.rank() - 1) {
        b.append(cell.apply(offset + i));
        if (i < extent - 1) b.append(' ');
      } else {
        appendAxis(b, s, axis + 1, offset + i * stride, cell, summarise);
        if (i < extent - 1) b.append("\n".repeat(s.rank() - axis - 1)).append(" ".repeat(axis + 1));
      }
    }
    b.append(']');
  }

  /** Integers and bools: right-aligned to the widest printed element. */
  private static IntFunction<String> padded(NdArray a, List<Integer> shown) {
    int width = 0;
    for (int i : shown) width = Math.max(width, text(a, i).length());
    int w = width;
    return i -> pad(text(a, i), w);
  }

  private static String text(NdArray a, int i) {
    return a.dtype() == DType.BOOL ? (a.bool()[i] ? "True" : "False") : Long.toString(a.getLong(i));
  }

  private static double value(NdArray a, int i) { return a.dtype() == DType.F64 ? a.f64()[i] : a.getDouble(i); }

  private static String pad(String s, int width) { return " ".repeat(Math.max(0, width - s.length())) + s; }

  // ---------------------------------------------------------------- floats

  /** NumPy's FloatingFormat (precision 8, floatmode 'maxprec', sign '-') fitted to the printed elements. */
  private static IntFunction<String> floats(NdArray a, List<Integer> shown) {
    DType dtype = a.dtype();
    double max = 0, min = Double.POSITIVE_INFINITY;
    boolean finite = false, nonFinite = false, negInf = false;
    for (int i : shown) {
      double v = value(a, i);
      if (Double.isInfinite(v)) negInf |= v < 0;
      if (!Double.isFinite(v)) { nonFinite = true; continue; }
      finite = true;
      if (v != 0) { max = Math.max(max, Math.abs(v)); min = Math.min(min, Math.abs(v)); }
    }
    boolean scientific = max > 0 && (max >= 1e8 || min < 1e-4 || max / min > 1000);
    int padLeft = 0, padRight = 0, digits = 0, expDigits = 0;
    if (finite && scientific) {
      for (int i : shown) {                          // the most fraction digits any element's unique text needs
        double v = value(a, i);
        if (!Double.isFinite(v)) continue;
        BigDecimal u = unique(v, dtype);
        if (u.precision() > PRECISION + 1)
          u = new BigDecimal(Math.abs(v)).round(new MathContext(PRECISION + 1, RoundingMode.HALF_EVEN)).stripTrailingZeros();
        digits = Math.max(digits, u.precision() - 1);
      }
      for (int i : shown) {
        double v = value(a, i);
        if (!Double.isFinite(v)) continue;
        Scientific s = Scientific.of(v, digits);
        padLeft = Math.max(padLeft, s.negative ? 2 : 1);
        expDigits = Math.max(expDigits, Math.max(2, Integer.toString(Math.abs(s.exponent)).length()));
      }
      padRight = expDigits + 2 + digits;
    } else if (finite) {
      for (int i : shown) {
        double v = value(a, i);
        if (!Double.isFinite(v)) continue;
        String[] parts = positional(v, dtype);
        padLeft = Math.max(padLeft, parts[0].length());
        padRight = Math.max(padRight, parts[1].length());
      }
    }
    if (nonFinite) padLeft = Math.max(padLeft, 3 + (negInf ? 1 : 0) - (padRight + 1));   // room for nan, inf, -inf
    int left = padLeft, right = padRight, frac = digits, exp = expDigits;
    return i -> {
      double v = value(a, i);
      if (!Double.isFinite(v)) return pad(Double.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf", left + 1 + right);
      if (scientific) return pad(Scientific.of(v, frac).text(exp), left + 1 + right);
      String[] parts = positional(v, dtype);
      return pad(parts[0], left) + "." + parts[1] + " ".repeat(right - parts[1].length());
    };
  }

  /**
   * The shortest decimal that reads back as {@code v} in its own dtype (Java's {@code Float/Double.toString}, which
   * keeps two digits where one suffices, so the one-digit candidate is tried too), as a positive BigDecimal with no
   * trailing zeros.
   */
  private static BigDecimal unique(double v, DType dtype) {
    if (v == 0) return BigDecimal.ZERO;
    if (dtype.isHalf()) return uniqueHalf(Math.abs(v), dtype);
    BigDecimal d = new BigDecimal(dtype == DType.F32 ? Float.toString((float) Math.abs(v)) : Double.toString(Math.abs(v)))
        .stripTrailingZeros();
    if (d.precision() == 2) {
      BigDecimal one = new BigDecimal(Math.abs(v)).round(new MathContext(1, RoundingMode.HALF_EVEN));
      boolean same = dtype == DType.F32 ? Float.parseFloat(one.toString()) == (float) Math.abs(v)
          : Double.parseDouble(one.toString()) == Math.abs(v);
      if (same) d = one;
    }
    return d;
  }

  /** The fewest significant digits (at most 5) that round back to the 16-bit {@code v} of {@code dtype}, as NumPy's float16. */
  private static BigDecimal uniqueHalf(double v, DType dtype) {
    short bits = Half.round(dtype, v);
    for (int p = 1; ; p++) {
      BigDecimal d = new BigDecimal(v).round(new MathContext(p, RoundingMode.HALF_EVEN));
      if (p >= 17 || Half.round(dtype, d.doubleValue()) == bits) return d.stripTrailingZeros();
    }
  }

  /** {@code {"-12", "5"}} for -12.5: the integer part (with sign) and up to 8 fraction digits of the unique text. */
  private static String[] positional(double v, DType dtype) {
    BigDecimal d = unique(v, dtype);
    if (d.scale() > PRECISION)
      d = new BigDecimal(Math.abs(v)).setScale(PRECISION, RoundingMode.HALF_EVEN).stripTrailingZeros();
    String t = d.toPlainString();
    int dot = t.indexOf('.');
    String sign = v < 0 || (v == 0 && 1 / v < 0) ? "-" : "";
    return dot < 0 ? new String[] {sign + t, ""} : new String[] {sign + t.substring(0, dot), t.substring(dot + 1)};
  }

  /** {@code ±d.ddd × 10^exponent} with exactly {@code digits} fraction digits (exact digits of v past the unique ones). */
  private record Scientific(boolean negative, String mantissa, int exponent) {
    static Scientific of(double v, int digits) {
      boolean negative = v < 0 || (v == 0 && 1 / v < 0);
      if (v == 0) return new Scientific(negative, "0".repeat(digits + 1), 0);
      BigDecimal r = new BigDecimal(Math.abs(v)).round(new MathContext(digits + 1, RoundingMode.HALF_EVEN));
      String m = r.unscaledValue().toString();
      int exponent = m.length() - 1 - r.scale();
      m = m.length() > digits + 1 ? m.substring(0, digits + 1) : m + "0".repeat(digits + 1 - m.length());
      return new Scientific(negative, m, exponent);
    }

    String text(int expDigits) {
      String e = Integer.toString(Math.abs(exponent));
      return (negative ? "-" : "") + mantissa.charAt(0) + "." + mantissa.substring(1) + "e" + (exponent < 0 ? "-" : "+")
          + "0".repeat(Math.max(0, expDigits - e.length())) + e;
    }
  }

  /**
   * A rank-0 float as NumPy prints the scalar: the unique text, positional ({@code 0.5}, {@code 1.0}) from 1e-4 up
   * to 1e16 (1e6 for f32 and the 16-bit floats), scientific otherwise ({@code 1e-05}, {@code 1.5e+07}).
   */
  private static String scalar(double v, DType dtype) {
    if (Double.isNaN(v)) return "nan";
    if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
    double a = Math.abs(v);
    String sign = v < 0 || (v == 0 && 1 / v < 0) ? "-" : "";
    BigDecimal d = unique(v, dtype);
    if (a == 0 || (a >= 1e-4 && a < (dtype == DType.F64 ? 1e16 : 1e6))) {
      String t = d.toPlainString();
      return sign + (t.contains(".") ? t : t + ".0");
    }
    String m = d.unscaledValue().toString();
    int exponent = m.length() - 1 - d.scale();
    String e = Integer.toString(Math.abs(exponent));
    return sign + m.charAt(0) + (m.length() > 1 ? "." + m.substring(1) : "") + "e" + (exponent < 0 ? "-" : "+")
        + (e.length() < 2 ? "0" : "") + e;
  }
}
