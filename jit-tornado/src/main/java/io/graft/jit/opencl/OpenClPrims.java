package io.graft.jit.opencl;

import io.graft.jit.kernel.BinaryFn;
import io.graft.numerics.DType;
import io.graft.numerics.DTypeError;
import io.graft.numerics.Ints;
import io.graft.numerics.Shape;
import io.graft.numerics.kernels.ConvGeometry;
import io.graft.numerics.kernels.GatherScatter;
import io.graft.trace.prim.ConvGeneralDilated;
import io.graft.trace.prim.ReduceWindow;
import io.graft.trace.prim.SelectAndScatterAdd;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenCL C for the primitives that are not loops of the kernel IR: convolution, windows, their gradients, gathers
 * and scatters, reversal. Every kernel is one work-item per result element with the operands' strides compiled in
 * as constants, and writes its element once, so none needs atomics and each sums in the order the CPU kernel does
 * wherever the CPU kernel's order is sequential (scatter-add, select-and-scatter-add: bit for bit equal). The
 * arithmetic is spelled by the kernel IR's op table ({@link BinaryFn#c()}: {@code ADD}, {@code MUL}, {@code MAX},
 * {@code MIN}, {@code GE}), like {@link OpenClC}'s loops; the arguments are the result, then the operands in order.
 * <ul>
 *   <li>{@link #conv}: {@code out[n,f,p] = Σ_k Σ_c lhs[n', g·I + c, (p·s − lo + k·rd) / ld] · rhs[f, c, k]}, a direct
 *       convolution over any layout, stride, padding, input and window dilation, feature and batch groups (so the
 *       forward pass and both of its transposes);</li>
 *   <li>{@link #reduceWindow}: the window's sum, maximum or minimum (padding and dilation holes skipped);</li>
 *   <li>{@link #selectAndScatterAdd}: each operand element sums the sources of the windows (in output order) whose
 *       first maximum it is;</li>
 *   <li>{@link #gather} and {@link #scatterAdd}: XLA's general dimension numbers; a scatter's work-item visits every
 *       update window in order and adds those that cover its element (clip or drop);</li>
 *   <li>{@link #rev}: a copy with some axes reversed.</li>
 * </ul>
 */
@SuppressWarnings("exports")   // GatherScatter.Dims is exported to the jit only
public final class OpenClPrims {
  private OpenClPrims() {}

  /** {@code conv_general_dilated} of {@code lhs} and {@code rhs} (both {@code dt}) into {@code out}. */
  public static OpenClC.Generated conv(ConvGeneralDilated c, Shape lhs, Shape rhs, Shape out, DType dt, ClDevice device) {
    String t = type(dt, device, "conv_general_dilated");
    ConvGeometry g = c.geometry();
    Ints ls = g.lhsSpec(), rs = g.rhsSpec(), os = g.outSpec();
    int[] lst = lhs.strides(), rst = rhs.strides();
    int n = lhs.dim(ls.get(0)), o = rhs.dim(rs.get(0)), in = rhs.dim(rs.get(1));
    StringBuilder s = head("conv_general_dilated", out, device, dt, dt, dt);
    s.append("  long n = o").append(os.get(0)).append(", f = o").append(os.get(1)).append(";\n");
    s.append("  long cb = (f / ").append(o / c.featureGroupCount()).append("L) * ").append(in).append("L;\n");
    s.append("  long nb = (f / ").append(o / c.batchGroupCount()).append("L) * ").append(n / c.batchGroupCount())
        .append("L + n;\n");
    s.append("  ").append(t).append(" acc = 0;\n");
    StringBuilder lhsAt = new StringBuilder("nb * " + lst[ls.get(0)] + "L"), rhsAt = new StringBuilder("f * " + rst[rs.get(0)] + "L");
    for (int i = 0; i < g.spatial(); i++) {
      int la = ls.get(2 + i), ra = rs.get(2 + i);
      s.append("  for (long k").append(i).append(" = 0; k").append(i).append(" < ").append(rhs.dim(ra)).append("L; k")
          .append(i).append("++) {\n");
      s.append("  long x").append(i).append(" = o").append(os.get(2 + i)).append(" * ").append(g.strides().get(i))
          .append("L - ").append(g.padLo().get(i)).append("L + k").append(i).append(" * ").append(g.rhsDilation().get(i)).append("L;\n");
      int ld = g.lhsDilation().get(i);
      if (ld != 1)
        s.append("  if (x").append(i).append(" < 0 || x").append(i).append(" % ").append(ld).append("L != 0) continue;\n  x")
            .append(i).append(" /= ").append(ld).append("L;\n");
      s.append("  if (x").append(i).append(" < 0 || x").append(i).append(" >= ").append(lhs.dim(la)).append("L) continue;\n");
      lhsAt.append(" + x").append(i).append(" * ").append(lst[la]).append('L');
      if (g.reversed(i)) rhsAt.append(" + (").append(rhs.dim(ra) - 1).append("L - k").append(i).append(") * ").append(rst[ra]).append('L');
      else rhsAt.append(" + k").append(i).append(" * ").append(rst[ra]).append('L');
    }
    s.append("  for (long ci = 0; ci < ").append(in).append("L; ci++)\n    acc = ")
        .append(BinaryFn.ADD.c().formatted("acc", BinaryFn.MUL.c().formatted(
            "in0[" + lhsAt + " + (cb + ci) * " + lst[ls.get(1)] + "L]", "in1[" + rhsAt + " + ci * " + rst[rs.get(1)] + "L]")))
        .append(";\n");
    s.append("  }\n".repeat(g.spatial()));
    s.append("  out[gid] = acc;\n}\n");
    return done(s, "conv_general_dilated", out);
  }

  /** {@code reduce_window_sum/max/min} of {@code x} ({@code dt}, floating) into {@code out}. */
  public static OpenClC.Generated reduceWindow(ReduceWindow w, Shape x, Shape out, DType dt, ClDevice device) {
    if (!dt.isFloating()) throw new DTypeError("OpenCL " + w.name() + ": takes f32 or f64 operands, got " + dt + x);
    String t = type(dt, device, w.name());
    BinaryFn fold = switch (w.op()) {
      case SUM -> BinaryFn.ADD;
      case MAX -> BinaryFn.MAX;
      case MIN -> BinaryFn.MIN;
    };
    String ident = switch (w.op()) {
      case SUM -> "0";
      case MAX -> OpenClC.literal(Double.NEGATIVE_INFINITY, dt);
      case MIN -> OpenClC.literal(Double.POSITIVE_INFINITY, dt);
    };
    int[] st = x.strides();
    StringBuilder s = head("reduce_window", out, device, dt, dt);
    s.append("  ").append(t).append(" acc = ").append(ident).append(";\n");
    StringBuilder at = new StringBuilder("0");
    for (int a = 0; a < x.rank(); a++) {
      s.append("  for (long k").append(a).append(" = 0; k").append(a).append(" < ").append(w.windowDimensions().get(a))
          .append("L; k").append(a).append("++) {\n");
      s.append("  long x").append(a).append(" = o").append(a).append(" * ").append(w.windowStrides().get(a)).append("L - ")
          .append(w.padding().lo().get(a)).append("L + k").append(a).append(" * ").append(w.windowDilation().get(a)).append("L;\n");
      int bd = w.baseDilation().get(a);
      if (bd != 1)
        s.append("  if (x").append(a).append(" < 0 || x").append(a).append(" % ").append(bd).append("L != 0) continue;\n  x")
            .append(a).append(" /= ").append(bd).append("L;\n");
      s.append("  if (x").append(a).append(" < 0 || x").append(a).append(" >= ").append(x.dim(a)).append("L) continue;\n");
      at.append(" + x").append(a).append(" * ").append(st[a]).append('L');
    }
    s.append("  acc = ").append(fold.c().formatted("acc", "in0[" + at + "]")).append(";\n");
    s.append("  }\n".repeat(x.rank()));
    s.append("  out[gid] = acc;\n}\n");
    return done(s, "reduce_window", out);
  }

  /**
   * {@code select_and_scatter_add(source, operand)} into {@code out} (the operand's shape): work-item {@code e} visits
   * the windows that contain it in output order, finds each window's first maximum as the CPU kernel does (a later
   * tap replaces the choice unless the choice is {@code >=} it; padding never chosen) and adds the window's source
   * element when that is {@code e}.
   */
  public static OpenClC.Generated selectAndScatterAdd(SelectAndScatterAdd w, Shape source, Shape operand, DType dt, ClDevice device) {
    String t = type(dt, device, w.name());
    int r = operand.rank();
    int[] st = operand.strides(), sst = source.strides();
    StringBuilder s = head("select_and_scatter_add", operand, device, dt, dt, dt);
    s.append("  ").append(t).append(" acc = 0;\n");
    StringBuilder src = new StringBuilder("0"), at = new StringBuilder("0");
    for (int a = 0; a < r; a++) {
      int win = w.windowDimensions().get(a), str = w.windowStrides().get(a), lo = w.padding().lo().get(a);
      s.append("  long b").append(a).append(" = o").append(a).append(" + ").append(lo - win + 1).append("L;\n");
      s.append("  b").append(a).append(" = b").append(a).append(" <= 0 ? 0 : (b").append(a).append(" + ").append(str - 1)
          .append("L) / ").append(str).append("L;\n");
      s.append("  long e").append(a).append(" = min((o").append(a).append(" + ").append(lo).append("L) / ").append(str)
          .append("L, ").append(source.dim(a) - 1).append("L);\n");
      s.append("  for (long w").append(a).append(" = b").append(a).append("; w").append(a).append(" <= e").append(a)
          .append("; w").append(a).append("++) {\n");
      src.append(" + w").append(a).append(" * ").append(sst[a]).append('L');
    }
    s.append("  long sel = -1;\n  ").append(t).append(" best = 0;\n");
    for (int a = 0; a < r; a++) {
      s.append("  for (long t").append(a).append(" = 0; t").append(a).append(" < ").append(w.windowDimensions().get(a))
          .append("L; t").append(a).append("++) {\n");
      s.append("  long y").append(a).append(" = w").append(a).append(" * ").append(w.windowStrides().get(a)).append("L - ")
          .append(w.padding().lo().get(a)).append("L + t").append(a).append(";\n");
      s.append("  if (y").append(a).append(" < 0 || y").append(a).append(" >= ").append(operand.dim(a)).append("L) continue;\n");
      at.append(" + y").append(a).append(" * ").append(st[a]).append('L');
    }
    s.append("  long at = ").append(at).append(";\n  ").append(t).append(" v = in1[at];\n");
    s.append("  if (sel < 0 || !").append(BinaryFn.GE.c().formatted("best", "v")).append(") { best = v; sel = at; }\n");
    s.append("  }\n".repeat(r));
    s.append("  if (sel == gid) acc = ").append(BinaryFn.ADD.c().formatted("acc", "in0[" + src + "]")).append(";\n");
    s.append("  }\n".repeat(r));
    s.append("  out[gid] = acc;\n}\n");
    return done(s, "select_and_scatter_add", operand);
  }

  /** {@code rev} of {@code x} ({@code dt}) along {@code axes}. */
  public static OpenClC.Generated rev(Ints axes, Shape x, DType dt, ClDevice device) {
    type(dt, device, "rev");
    int[] st = x.strides();
    StringBuilder s = head("rev", x, device, dt, dt);
    StringBuilder at = new StringBuilder("0");
    for (int a = 0; a < x.rank(); a++)
      at.append(" + ").append(axes.contains(a) ? "(" + (x.dim(a) - 1) + "L - o" + a + ")" : "o" + a).append(" * ").append(st[a]).append('L');
    s.append("  out[gid] = in0[").append(at).append("];\n}\n");
    return done(s, "rev", x);
  }

  /**
   * {@code gather(operand, indices)} into {@code out}: work-item {@code o} reads its start from the index vector of
   * its batch position, clamps it ({@code fill == false}) or writes {@code fillValue} for a window out of range.
   */
  public static OpenClC.Generated gather(GatherScatter.Dims d, int[] sliceSizes, boolean fill, double fillValue, Shape operand,
                                         Shape indices, DType indexType, Shape out, DType dt, ClDevice device) {
    type(dt, device, "gather");
    StringBuilder s = head("gather", out, device, dt, dt, indexType);
    List<Integer> batchAxes = new ArrayList<>();
    for (int a = 0; a < out.rank(); a++) if (!d.windowDims().contains(a)) batchAxes.add(a);
    for (int j = 0; j < batchAxes.size(); j++) s.append("  long g").append(j).append(" = o").append(batchAxes.get(j)).append(";\n");
    starts(s, d, operand, indices, sliceSizes, !fill);
    int[] st = operand.strides();
    StringBuilder at = new StringBuilder("0");
    for (int a = 0, w = 0; a < operand.rank(); a++) {
      at.append(" + (s").append(a);
      if (!notWindow(d, a)) at.append(" + o").append(d.windowDims().get(w++));
      at.append(") * ").append(st[a]).append('L');
    }
    String missing = fill ? constant(fillValue, dt) : "0";
    s.append("  out[gid] = ok ? in0[").append(at).append("] : ").append(missing).append(";\n}\n");
    return done(s, "gather", out);
  }

  /**
   * {@code scatter_add(operand, indices, updates)} into {@code out} (the operand's shape): work-item {@code e} starts
   * from {@code operand[e]} and adds, in order of the update windows, each update that lands on {@code e} (starts
   * clamped when {@code clip}, else windows out of range dropped).
   */
  public static OpenClC.Generated scatterAdd(GatherScatter.Dims d, boolean clip, Shape operand, Shape indices, DType indexType,
                                             Shape updates, DType dt, ClDevice device) {
    String t = type(dt, device, "scatter_add");
    if (dt == DType.BOOL) throw new DTypeError("OpenCL scatter_add: takes a numeric operand, got " + dt + operand);
    int r = operand.rank();
    int[] window = new int[r];
    for (int a = 0, w = 0; a < r; a++) window[a] = notWindow(d, a) ? 1 : updates.dim(d.windowDims().get(w++));
    int nb = indices.rank() - 1;
    int[] bdims = new int[nb];
    long batches = 1;
    for (int j = 0; j < nb; j++) { bdims[j] = indices.dim(j); batches *= bdims[j]; }
    StringBuilder s = head("scatter_add", operand, device, dt, dt, indexType, dt);
    s.append("  ").append(t).append(" acc = in0[gid];\n");
    s.append("  for (long b = 0; b < ").append(batches).append("L; b++) {\n");
    List<Integer> all = new ArrayList<>();
    for (int j = 0; j < nb; j++) all.add(j);
    OpenClC.split(s, "b", Shape.of(bdims), all, "g");
    starts(s, d, operand, indices, window, clip);
    s.append("  if (!ok) continue;\n");
    for (int a = 0; a < r; a++)
      s.append("  long d").append(a).append(" = o").append(a).append(" - s").append(a).append(";\n  if (d").append(a)
          .append(" < 0 || d").append(a).append(" >= ").append(window[a]).append("L) continue;\n");
    int[] ust = updates.strides();
    List<Integer> winAxes = new ArrayList<>();
    for (int a = 0; a < r; a++) if (!notWindow(d, a)) winAxes.add(a);
    StringBuilder at = new StringBuilder("0");
    for (int u = 0, j = 0, w = 0; u < updates.rank(); u++) {
      String coord = d.windowDims().contains(u) ? "d" + winAxes.get(w++) : "g" + j++;
      at.append(" + ").append(coord).append(" * ").append(ust[u]).append('L');
    }
    s.append("  acc = ").append(BinaryFn.ADD.c().formatted("acc", "in2[" + at + "]")).append(";\n  }\n");
    s.append("  out[gid] = acc;\n}\n");
    return done(s, "scatter_add", operand);
  }

  /**
   * {@code pad(x, value)} into {@code out}: {@code out[o] = x[(o − lo) / (interior + 1)]} where that divides exactly
   * and lands in {@code x}, else the scalar {@code value} (negative {@code lo}/{@code hi} crop).
   */
  public static OpenClC.Generated pad(Ints lo, Ints interior, Shape x, Shape out, DType dt, ClDevice device) {
    type(dt, device, "pad");
    int[] st = x.strides();
    StringBuilder s = head("pad", out, device, dt, dt, dt);
    s.append("  int in = 1;\n");
    StringBuilder at = new StringBuilder("0");
    for (int a = 0; a < x.rank(); a++) {
      int step = interior.get(a) + 1;
      s.append("  long x").append(a).append(" = o").append(a).append(" - ").append(lo.get(a)).append("L;\n");
      if (step != 1)
        s.append("  if (x").append(a).append(" % ").append(step).append("L != 0) in = 0;\n  x").append(a).append(" /= ")
            .append(step).append("L;\n");
      s.append("  if (x").append(a).append(" < 0 || x").append(a).append(" >= ").append(x.dim(a)).append("L) in = 0;\n");
      at.append(" + x").append(a).append(" * ").append(st[a]).append('L');
    }
    s.append("  out[gid] = in ? in0[").append(at).append("] : in1[0];\n}\n");
    return done(s, "pad", out);
  }

  /** The functions an integer or bool elementwise kernel may apply: those whose op-table C spelling is exact on integers. */
  private static final java.util.Set<BinaryFn> INTEGER_BINARY = java.util.EnumSet.of(BinaryFn.ADD, BinaryFn.SUB,
      BinaryFn.MUL, BinaryFn.MAX, BinaryFn.MIN, BinaryFn.GT, BinaryFn.LT, BinaryFn.GE, BinaryFn.LE, BinaryFn.EQ, BinaryFn.NE);

  /**
   * One elementwise equation whose values are integers or bool (loops compute in f32/f64 only), computed in
   * {@code compute} and stored as {@code out}: {@code body} over the operands {@code inputs} (each of the result's
   * shape or a scalar), its functions spelled by the op table; none when the body applies a function not exact on
   * integers ({@link #INTEGER_BINARY}, negation; division, powers and transcendentals are not).
   */
  @SuppressWarnings("exports")   // the kernel IR is exported to the jit's own modules only
  public static io.vavr.control.Option<OpenClC.Generated> integerElementwise(io.graft.jit.kernel.Expr body, List<Shape> shapes,
      List<DType> dtypes, DType compute, Shape out, DType outType, ClDevice device) {
    if (compute.isFloating() || !integerOps(body)) return io.vavr.control.Option.none();
    String t = type(compute, device, "elementwise");
    DType[] types = new DType[dtypes.size() + 1];
    types[0] = outType;
    for (int i = 0; i < dtypes.size(); i++) types[i + 1] = dtypes.get(i);
    StringBuilder s = head("elementwise", out, device, types);
    s.append("  ").append(t).append(" v = ").append(integerExpr(body, shapes, out, t)).append(";\n");
    s.append("  out[gid] = ").append(outType == DType.BOOL ? "(uchar)(v != 0)" : "(" + OpenClC.cType(outType) + ")v").append(";\n}\n");
    return io.vavr.control.Option.of(done(s, "elementwise", out));
  }

  private static boolean integerOps(io.graft.jit.kernel.Expr e) {
    return switch (e) {
      case io.graft.jit.kernel.Expr.Input i -> true;
      case io.graft.jit.kernel.Expr.Constant(var v) -> v == Math.rint(v) && Math.abs(v) < 0x1p53;
      case io.graft.jit.kernel.Expr.Unary(var fn, var x) -> fn == io.graft.jit.kernel.UnaryFn.NEG && integerOps(x);
      case io.graft.jit.kernel.Expr.Binary(var fn, var a, var b) -> INTEGER_BINARY.contains(fn) && integerOps(a) && integerOps(b);
      case io.graft.jit.kernel.Expr.Select(var c, var a, var b) -> integerOps(c) && integerOps(a) && integerOps(b);
    };
  }

  private static String integerExpr(io.graft.jit.kernel.Expr e, List<Shape> shapes, Shape out, String t) {
    return switch (e) {
      case io.graft.jit.kernel.Expr.Input(var i) -> "((" + t + ")in" + i + "[" + (shapes.get(i).size() == out.size() ? "gid" : "0") + "])";
      case io.graft.jit.kernel.Expr.Constant(var v) -> "((" + t + ")" + (long) v + "L)";
      case io.graft.jit.kernel.Expr.Unary(var fn, var x) -> "((" + t + ")" + fn.c().formatted(integerExpr(x, shapes, out, t)) + ")";
      case io.graft.jit.kernel.Expr.Binary(var fn, var a, var b) ->
          "((" + t + ")" + fn.c().formatted(integerExpr(a, shapes, out, t), integerExpr(b, shapes, out, t)) + ")";
      case io.graft.jit.kernel.Expr.Select(var c, var a, var b) ->
          "((" + integerExpr(c, shapes, out, t) + ") != 0 ? " + integerExpr(a, shapes, out, t) + " : " + integerExpr(b, shapes, out, t) + ")";
    };
  }

  private static boolean notWindow(GatherScatter.Dims d, int a) {
    return d.droppedDims().contains(a) || d.operandBatchingDims().contains(a);
  }

  /**
   * Declares {@code s<a>}, the start of each operand axis for the batch position {@code g0, g1, ...} (its index vector
   * read from {@code in1}; batching axes take their paired coordinate), and {@code ok}: false when a start is out of
   * {@code [0, dim - window]} and not clamped.
   */
  private static void starts(StringBuilder s, GatherScatter.Dims d, Shape operand, Shape indices, int[] window, boolean clip) {
    int nb = indices.rank() - 1;
    int[] ist = indices.strides();
    s.append("  int ok = 1;\n  long ib = 0");
    for (int j = 0; j < nb; j++) s.append(" + g").append(j).append(" * ").append(ist[j]).append('L');
    s.append(";\n");
    for (int a = 0; a < operand.rank(); a++) s.append("  long s").append(a).append(" = 0;\n");
    for (int i = 0; i < d.operandBatchingDims().size(); i++)
      s.append("  s").append(d.operandBatchingDims().get(i)).append(" = g").append(d.indicesBatchingDims().get(i)).append(";\n");
    for (int c = 0; c < d.startDims().size(); c++) {
      int a = d.startDims().get(c);
      long max = (long) operand.dim(a) - window[a];
      if (max < 0) { s.append("  ok = 0;\n"); continue; }
      s.append("  { long v = (long)in1[ib + ").append(c).append("L]; if (v >= 0 && v <= ").append(max).append("L) s").append(a)
          .append(" = v; else ").append(clip ? "s" + a + " = v < 0 ? 0 : " + max + "L;" : "ok = 0;").append(" }\n");
    }
  }

  /** {@code v} as a constant of {@code dt} (the fill of a gather). */
  private static String constant(double v, DType dt) {
    return switch (dt) {
      case F32, F64 -> OpenClC.literal(v, dt);
      case BOOL -> v != 0 ? "1" : "0";
      case I32 -> "((int)" + (int) v + ")";
      case U32 -> "((uint)" + (long) v + "L)";
      case I64 -> v <= Long.MIN_VALUE ? "LONG_MIN" : "((long)" + (long) v + "L)";
      default -> throw new DTypeError("OpenCL gather: no fill for dtype " + dt);
    };
  }

  /** The element type of {@code dt} on {@code device}, or a {@link DTypeError} naming {@code op}. */
  static String type(DType dt, ClDevice device, String op) {
    if (dt == DType.F64 && !device.fp64())
      throw new DTypeError("OpenCL " + op + ": f64 on device " + device + ", which has no cl_khr_fp64; use f32 arrays");
    return OpenClC.cType(dt);
  }

  /** Prelude and signature of kernel {@code name} (result of {@code types[0]}, operands of the rest) over {@code out}'s elements. */
  static StringBuilder head(String name, Shape out, ClDevice device, DType... types) {
    StringBuilder s = OpenClC.prelude(device.fp64());
    s.append("__kernel void ").append(name).append("(__global ").append(OpenClC.cType(types[0])).append("* out");
    for (int i = 1; i < types.length; i++)
      s.append(", __global const ").append(OpenClC.cType(types[i])).append("* in").append(i - 1);
    s.append(") {\n  long gid = get_global_id(0);\n  if (gid >= ").append(out.size()).append("L) return;\n");
    List<Integer> all = new ArrayList<>();
    for (int a = 0; a < out.rank(); a++) all.add(a);
    OpenClC.split(s, "gid", out, all, "o");
    return s;
  }

  static OpenClC.Generated done(StringBuilder s, String name, Shape out) {
    return new OpenClC.Generated(s.toString(), name, new long[] {Math.max(1, out.size())}, new long[0]);
  }
}
