package io.graft.numerics;

/**
 * NumPy's {@code str()} layout for arrays: {@code [[1. 2.]\n [3. 4.]]}, elements right-aligned to one width,
 * axes longer than 6 summarised as {@code 3 ... 3} once the array has more than 1000 elements
 * (NumPy's {@code threshold} and {@code edgeitems}).
 */
final class Format {
  private static final int THRESHOLD = 1000;
  private static final int EDGE = 3;

  private Format() {}

  static String format(NdArray a) {
    boolean summarise = a.size() > THRESHOLD;
    int n = a.size();
    int[] widths = new int[2];           // integer-part and fraction-part widths (NumPy aligns the points)
    for (int i = 0; i < n; i++) {
      String e = element(a, i);
      int dot = pointOf(e);
      widths[0] = Math.max(widths[0], dot);
      widths[1] = Math.max(widths[1], e.length() - dot);
    }
    StringBuilder b = new StringBuilder();
    if (a.rank() == 0) return a.dtype().isFloating() && !element(a, 0).contains("e") && element(a, 0).endsWith(".") ? element(a, 0) + "0" : element(a, 0);
    appendAxis(b, a, 0, 0, widths, summarise);
    return b.toString();
  }

  private static void appendAxis(StringBuilder b, NdArray a, int axis, int offset, int[] widths, boolean summarise) {
    Shape s = a.shape();
    int extent = s.dim(axis);
    int stride = 1;
    for (int k = axis + 1; k < s.rank(); k++) stride *= s.dim(k);
    b.append('[');
    for (int i = 0; i < extent; i++) {
      if (summarise && extent > 2 * EDGE && i == EDGE) {
        b.append(axis == s.rank() - 1 ? "... " : "...\n" + " ".repeat(axis + 1));
        i = extent - EDGE - 1;
        continue;
      }
      if (axis == s.rank() - 1) {
        String e = element(a, offset + i);
        int dot = pointOf(e);
        b.append(" ".repeat(widths[0] - dot)).append(e).append(" ".repeat(widths[1] - (e.length() - dot)));
        if (i < extent - 1) b.append(' ');
      } else {
        appendAxis(b, a, axis + 1, offset + i * stride, widths, summarise);
        if (i < extent - 1) b.append("\n".repeat(s.rank() - axis - 1)).append(" ".repeat(axis + 1));
      }
    }
    b.append(']');
  }

  /** Where the decimal point sits (the whole length for integers, bools and non-finite values). */
  private static int pointOf(String e) {
    int dot = e.indexOf('.');
    return dot < 0 || e.contains("e") ? e.length() : dot;
  }

  private static String element(NdArray a, int i) {
    return switch (a.dtype()) {
      case F32 -> floating(a.f32()[i], Float.toString(a.f32()[i]));
      case F64 -> floating(a.f64()[i], Double.toString(a.f64()[i]));
      case I32, I64 -> Long.toString(a.getLong(i));
      case BOOL -> a.bool()[i] ? "True" : "False";
    };
  }

  /**
   * NumPy's default float text (precision 8, trailing zeros dropped): {@code 1.0 -> "1."}, {@code 0.5 -> "0.5"},
   * {@code 0.918216819549 -> "0.91821682"}, {@code 1e-5 -> "1.e-05"}, {@code NaN -> "nan"}, {@code Infinity -> "inf"}.
   * {@code shortest} is Java's shortest round-trip text of the value in its own dtype.
   */
  private static String floating(double v, String shortest) {
    if (Double.isNaN(v)) return "nan";
    if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
    double a = Math.abs(v);
    if (a != 0 && (a < 1e-4 || a >= 1e16)) {
      String m = String.format(java.util.Locale.ROOT, "%.8e", v);          // 1.23400000e-05
      int e = m.indexOf('e');
      String mant = m.substring(0, e).replaceAll("0+$", ""), exp = m.substring(e + 1);
      int n = Integer.parseInt(exp);
      return mant + "e" + (n < 0 ? "-" : "+") + (Math.abs(n) < 10 ? "0" : "") + Math.abs(n);
    }
    java.math.BigDecimal d = new java.math.BigDecimal(shortest).setScale(8, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros();
    String t = d.toPlainString();
    if (v == 0 && (1 / v) < 0) return "-0.";
    return t.contains(".") ? t : t + ".";
  }
}
