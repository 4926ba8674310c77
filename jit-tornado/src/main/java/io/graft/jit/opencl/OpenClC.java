package io.graft.jit.opencl;

import io.graft.jit.kernel.Access;
import io.graft.jit.kernel.BinaryFn;
import io.graft.jit.kernel.Expr;
import io.graft.jit.kernel.Kernel;
import io.graft.jit.kernel.Reduction;
import io.graft.numerics.DType;
import io.graft.numerics.DTypeError;
import io.graft.numerics.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * OpenCL C generated from the kernel IR, one {@code __kernel} per source. Each kernel IR node is spelled by its
 * numerics op-table row ({@link io.graft.jit.kernel.UnaryFn#c()}, {@link BinaryFn#c()}); the prelude defines the
 * rows' helpers ({@code max_nan}/{@code min_nan}: {@link Math#max}/{@link Math#min} with NaN and signed zeros) and
 * turns off FMA contraction, and {@link ClRuntime#BUILD_OPTIONS} asks for correctly rounded division and square root,
 * so arithmetic rounds as Java's; transcendentals are the device's own (within the OpenCL spec's ulp bounds).
 * <ul>
 *   <li>{@code NONE} kernels: one work-item per result element; its index is split into the space's axes and each
 *       input is read at {@code Σ i_a * stride_a} (strides are compiled in as constants);</li>
 *   <li>{@code SUM}/{@code MAX}/{@code MIN} kernels: one work-group per result element (or, when there are too
 *       few results to fill the device, {@link #parts} work-groups each, whose folds a second kernel combines:
 *       {@link Finish}); each work-item folds a strided share of the reduced elements in f64 (in the compute dtype
 *       on a device without fp64), then the work-group combines them as a tree in {@code __local} memory;</li>
 *   <li>products: {@link OpenClMatmul}.</li>
 * </ul>
 * <pre>{@code
 * Generated g = OpenClC.fused(kernel, device);     // g.source() is the program text, g.name() its kernel
 * rt.run(rt.program(g.source()), g.name(), g.global(), g.local(), args...);
 * }</pre>
 */
public final class OpenClC {
  private OpenClC() {}

  /** Largest reduction work-group. */
  static final int MAX_GROUP = 256;

  /**
   * One generated kernel and its launch: {@code global} work-items (one entry per dimension) in work-groups of
   * {@code local}. Its arguments are the result buffer, then the inputs in order.
   */
  public record Generated(String source, String name, long[] global, long[] local, Finish finish, Pack pack) {
    /** A one-stage kernel. */
    public Generated(String source, String name, long[] global, long[] local) { this(source, name, global, local, null, null); }

    /** A kernel whose partial folds {@code finish} combines (null: none). */
    public Generated(String source, String name, long[] global, long[] local, Finish finish) {
      this(source, name, global, local, finish, null);
    }

    public Generated {
      Objects.requireNonNull(source, "source is null");
      Objects.requireNonNull(name, "name is null");
      global = global.clone();
      local = local.clone();
    }

    @Override public long[] global() { return global.clone(); }

    @Override public long[] local() { return local.clone(); }
  }

  /**
   * The first stage of a packed product ({@link OpenClMatmul}): kernel {@code name} of the same source copies the
   * second operand into a scratch buffer of {@code elements} elements of the operands' dtype, which the main kernel
   * then reads in its place; its arguments are the scratch buffer, then the operand.
   */
  public record Pack(String name, long elements, long[] global) {
    public Pack { global = global.clone(); }

    @Override public long[] global() { return global.clone(); }
  }

  /**
   * The second stage of a split reduction: kernel {@code name} of the same source folds {@code parts} partial folds
   * per result element (a scratch buffer of {@code accDType}, written by the first stage in place of the result) into
   * the result; its arguments are the result, then the scratch buffer.
   */
  public record Finish(String name, int parts, DType accDType, long[] global, long[] local) {
    public Finish {
      global = global.clone();
      local = local.clone();
    }

    @Override public long[] global() { return global.clone(); }

    @Override public long[] local() { return local.clone(); }
  }

  /** The OpenCL C type holding {@code d}'s elements in a buffer ({@link ClBuffer#elementBytes}). */
  public static String cType(DType d) {
    return switch (d) {
      case BOOL -> "uchar";
      case I32 -> "int";
      case U32 -> "uint";
      case I64 -> "long";
      case F32 -> "float";
      case F64 -> "double";
      default -> throw new DTypeError("OpenCL: dtype " + d + " has no OpenCL C type yet; convert it to f32 first");
    };
  }

  /** {@code k} as one OpenCL C kernel for {@code device}; a {@link DTypeError} when it needs f64 the device lacks. */
  @SuppressWarnings("exports")   // the kernel IR is exported to the jit's own modules only
  public static Generated fused(Kernel k, ClDevice device) {
    boolean needs64 = k.dtype() == DType.F64 || k.outDType() == DType.F64
        || k.inputs().stream().anyMatch(a -> a.dtype() == DType.F64);
    if (needs64 && !device.fp64()) {
      throw new DTypeError("OpenCL: kernel computes in or reads f64 but device " + device + " has no cl_khr_fp64; "
          + "use f32 arrays on this device");
    }
    return k.reduction() == Reduction.NONE ? elementwise(k, device.fp64()) : reduction(k, device);
  }

  private static Generated elementwise(Kernel k, boolean fp64) {
    String d = cType(k.dtype());
    StringBuilder s = prelude(fp64);
    s.append("__kernel void fused(__global ").append(cType(k.outDType())).append("* out").append(params(k)).append(") {\n");
    s.append("  long gid = get_global_id(0);\n  if (gid >= ").append(k.space().size()).append("L) return;\n");
    List<Integer> all = new ArrayList<>();
    for (int a = 0; a < k.space().rank(); a++) all.add(a);
    split(s, "gid", k.space(), all, "i");
    s.append("  ").append(d).append(" v = ").append(expr(k.body(), k, d)).append(";\n");
    s.append("  out[gid] = ").append(convert("v", k.dtype(), k.outDType())).append(";\n}\n");
    long n = Math.max(1, k.space().size());
    return new Generated(s.toString(), "fused", new long[] {n}, new long[0]);
  }

  /** Partial folds per result element when the results alone give too few work-groups to fill a device. */
  static int parts(long outs, long reduced, int group) {
    if (outs >= 64) return 1;
    return (int) Math.max(1, Math.min(256 / outs, reduced / (group * 16L)));
  }

  private static Generated reduction(Kernel k, ClDevice device) {
    String d = cType(k.dtype());
    String acc = device.fp64() ? "double" : d;
    List<Integer> kept = new ArrayList<>(), reduced = new ArrayList<>();
    long r = 1;
    for (int a = 0; a < k.space().rank(); a++) {
      if (k.reducedAxes().contains(a)) { reduced.add(a); r *= k.space().dim(a); } else kept.add(a);
    }
    int lanes = lanes(k);
    boolean vec = lanes > 0;
    long items = vec ? r / lanes : r;   // what one work-item step folds: an element, or `lanes` contiguous ones
    int group = 1;
    while (group < MAX_GROUP && group < items && group * 2L <= device.maxWorkGroup()) group *= 2;
    long outs = Math.max(1, k.resultShape().size());
    int parts = parts(outs, items, group);
    String ident = switch (k.reduction()) {
      case SUM -> "0";
      case MAX -> "-INFINITY";
      case MIN -> "INFINITY";
      case NONE -> throw new AssertionError("NONE has no fold");
    };
    String combine = switch (k.reduction()) {
      case SUM -> "(%1$s + %2$s)";
      case MAX -> "max_nan(%1$s, %2$s)";
      case MIN -> "min_nan(%1$s, %2$s)";
      case NONE -> throw new AssertionError("NONE has no fold");
    };
    if (device.cpu() && parts == 1 && !vec && !k.reducedAxes().contains(k.space().rank() - 1)) {
      return serialReduction(k, device, acc, kept, reduced, r, ident, combine);
    }
    String out = parts == 1 ? cType(k.outDType()) : acc;
    StringBuilder s = prelude(device.fp64());
    s.append("__kernel __attribute__((reqd_work_group_size(").append(group).append(", 1, 1)))\n");
    s.append("void fused(__global ").append(out).append("* out").append(params(k)).append(") {\n");
    s.append("  long g = get_group_id(0);\n  long o = g / ").append(parts).append(", p = g % ").append(parts)
        .append(";\n  int lid = get_local_id(0);\n");
    split(s, "o", k.space(), kept, "i");
    s.append("  ").append(acc).append(" acc = ").append(ident).append(";\n");
    if (vec) s.append("  ").append(acc).append(lanes).append(" accv = 0;\n");
    s.append("  for (long r = p * ").append(group).append(" + lid; r < ").append(items).append("L; r += ")
        .append((long) group * parts).append(") {\n");
    if (vec) {
      int last = k.space().rank() - 1;
      int[] dims = k.space().dims();
      dims[last] /= lanes;
      split(s, "r", Shape.of(dims), reduced, "i");
      s.append("    i").append(last).append(" *= ").append(lanes).append(";\n");
      s.append("    ").append(d).append(lanes).append(" v = ").append(vexpr(k.body(), k, lanes, d + lanes)).append(";\n");
      s.append("    accv += convert_").append(acc).append(lanes).append("(v);\n  }\n");
      s.append("  acc = ");
      for (int l = 0; l < lanes; l++) s.append(l == 0 ? "" : " + ").append("accv.s").append(Integer.toHexString(l));
      s.append(";\n");
    } else {
      split(s, "r", k.space(), reduced, "i");
      s.append("    ").append(d).append(" v = ").append(expr(k.body(), k, d)).append(";\n");
      s.append("    acc = ").append(combine.formatted("acc", "(" + acc + ")v")).append(";\n  }\n");
    }
    tree(s, acc, group, combine);
    s.append("  if (lid == 0) out[g] = (").append(out).append(")part[0];\n}\n");
    if (parts == 1) return new Generated(s.toString(), "fused", new long[] {outs * group}, new long[] {group});
    int group2 = 1;
    while (group2 < MAX_GROUP && group2 < parts && group2 * 2L <= device.maxWorkGroup()) group2 *= 2;
    s.append("__kernel __attribute__((reqd_work_group_size(").append(group2).append(", 1, 1)))\n");
    s.append("void finish(__global ").append(cType(k.outDType())).append("* out, __global const ").append(acc)
        .append("* partial) {\n  long o = get_group_id(0);\n  int lid = get_local_id(0);\n");
    s.append("  ").append(acc).append(" acc = ").append(ident).append(";\n");
    s.append("  for (int q = lid; q < ").append(parts).append("; q += ").append(group2).append(") acc = ")
        .append(combine.formatted("acc", "partial[o * " + parts + " + q]")).append(";\n");
    tree(s, acc, group2, combine);
    s.append("  if (lid == 0) out[o] = (").append(cType(k.outDType())).append(")part[0];\n}\n");
    return new Generated(s.toString(), "fused", new long[] {outs * parts * group}, new long[] {group},
        new Finish("finish", parts, device.fp64() ? DType.F64 : k.dtype(), new long[] {outs * group2}, new long[] {group2}));
  }

  /**
   * A reduction over leading axes on a CPU device (a bias gradient's sum over the batch): one work-item per result
   * folds its {@code reduced} elements in order, with no work-group tree. Neighbouring work-items read neighbouring
   * elements of each row, which PoCL runs as one loop over the work-group and vectorises; a tree of barriers per
   * result, as on a GPU, cost PoCL 0.9 ms for the column sums of a 256×1024 array, against 0.1 ms this way.
   */
  private static Generated serialReduction(Kernel k, ClDevice device, String acc, List<Integer> kept, List<Integer> reduced,
                                           long r, String ident, String combine) {
    String d = cType(k.dtype());
    long outs = Math.max(1, k.resultShape().size());
    StringBuilder s = prelude(device.fp64());
    s.append("__kernel void fused(__global ").append(cType(k.outDType())).append("* out").append(params(k)).append(") {\n");
    s.append("  long o = get_global_id(0);\n  if (o >= ").append(outs).append("L) return;\n");
    split(s, "o", k.space(), kept, "i");
    s.append("  ").append(acc).append(" acc = ").append(ident).append(";\n");
    s.append("  for (long r = 0; r < ").append(r).append("L; r++) {\n");
    split(s, "r", k.space(), reduced, "i");
    s.append("    ").append(d).append(" v = ").append(expr(k.body(), k, d)).append(";\n");
    s.append("    acc = ").append(combine.formatted("acc", "(" + acc + ")v")).append(";\n  }\n");
    s.append("  out[o] = ").append("(").append(cType(k.outDType())).append(")acc;\n}\n");
    return new Generated(s.toString(), "fused", new long[] {outs}, new long[0]);
  }

  /**
   * Vector widths of a vectorised sum ({@link #lanes}), widest first: 16 floats fill an AVX-512 register, which is
   * what PoCL compiles {@code float16} arithmetic to on such a CPU (W2 on PoCL, 2026-12-05: 6.2 ms with 8 lanes, 4.0 ms
   * with 16, the CPU jit 2.5 ms); a last axis that is a multiple of 8 but not 16 keeps 8.
   */
  static final int[] LANES = {16, 8};

  /**
   * How many contiguous elements a sum folds per step in {@code floatN}/{@code doubleN} arithmetic, or 0 when it
   * folds one at a time (the built-ins are overloaded for vectors; a CPU device's compiler vectorises nothing across a
   * work-item's own loop, so a scalar fold runs one element at a time): the widest of {@link #LANES} that divides the
   * last axis, when that axis is reduced, every input is of the compute dtype and read with stride 1 or 0 along it,
   * and the body is arithmetic and elementwise functions only (comparisons, max/min and selects have scalar semantics
   * here).
   */
  static int lanes(Kernel k) {
    int last = k.space().rank() - 1;
    if (k.reduction() != Reduction.SUM || last < 0 || !k.reducedAxes().contains(last)) return 0;
    for (Access a : k.inputs())
      if (a.dtype() != k.dtype() || a.strides().get(last) > 1) return 0;
    if (!vectorOps(k.body())) return 0;
    for (int w : LANES) if (k.space().dim(last) % w == 0) return w;
    return 0;
  }

  private static boolean vectorOps(Expr e) {
    return switch (e) {
      case Expr.Input i -> true;
      case Expr.Constant c -> true;
      case Expr.Unary(var fn, var x) -> vectorOps(x);
      case Expr.Binary(var fn, var a, var b) -> switch (fn) {
        case ADD, SUB, MUL, DIV, POW, ATAN2 -> vectorOps(a) && vectorOps(b);
        case MAX, MIN, GT, LT, GE, LE, EQ, NE -> false;
      };
      case Expr.Select s -> false;
    };
  }

  /** {@code e} in the vector type {@code dv} of {@code lanes}: stride-1 inputs by {@code vloadN}, stride-0 ones broadcast. */
  private static String vexpr(Expr e, Kernel k, int lanes, String dv) {
    return switch (e) {
      case Expr.Input(var i) -> k.inputs().get(i).strides().get(k.space().rank() - 1) == 1
          ? "vload" + lanes + "(0, in" + i + " + " + offset(k.inputs().get(i)) + ")"
          : "((" + dv + ")(in" + i + "[" + offset(k.inputs().get(i)) + "]))";
      case Expr.Constant(var v) -> literal(v, k.dtype());
      case Expr.Unary(var fn, var x) -> "(" + fn.c().formatted(vexpr(x, k, lanes, dv)) + ")";
      case Expr.Binary(var fn, var a, var b) -> "(" + fn.c().formatted(vexpr(a, k, lanes, dv), vexpr(b, k, lanes, dv)) + ")";
      case Expr.Select s -> throw new AssertionError("selects are not vectorised");
    };
  }

  /** Combines each work-item's {@code acc} into {@code part[0]}: a tree over a {@code group}-sized local array. */
  private static void tree(StringBuilder s, String acc, int group, String combine) {
    s.append("  __local ").append(acc).append(" part[").append(group).append("];\n");
    s.append("  part[lid] = acc;\n  barrier(CLK_LOCAL_MEM_FENCE);\n");
    s.append("  for (int h = ").append(group / 2).append("; h > 0; h >>= 1) {\n");
    s.append("    if (lid < h) part[lid] = ").append(combine.formatted("part[lid]", "part[lid + h]")).append(";\n");
    s.append("    barrier(CLK_LOCAL_MEM_FENCE);\n  }\n");
  }

  static StringBuilder prelude(boolean fp64) {
    StringBuilder s = new StringBuilder();
    if (fp64) s.append("#pragma OPENCL EXTENSION cl_khr_fp64 : enable\n");
    s.append("#pragma OPENCL FP_CONTRACT OFF\n");
    for (String t : fp64 ? List.of("float", "double") : List.of("float")) {
      s.append("__attribute__((overloadable)) ").append(t).append(" max_nan(").append(t).append(" a, ").append(t)
          .append(" b) { return (isnan(a) || isnan(b)) ? (").append(t).append(")NAN : a == b ? (signbit(a) ? b : a) : (a > b ? a : b); }\n");
      s.append("__attribute__((overloadable)) ").append(t).append(" min_nan(").append(t).append(" a, ").append(t)
          .append(" b) { return (isnan(a) || isnan(b)) ? (").append(t).append(")NAN : a == b ? (signbit(a) ? a : b) : (a < b ? a : b); }\n");
    }
    for (String t : List.of("int", "uint", "long", "uchar")) {   // integer rows (OpenClPrims#integerElementwise): exact
      s.append("__attribute__((overloadable)) ").append(t).append(" max_nan(").append(t).append(" a, ").append(t)
          .append(" b) { return a > b ? a : b; }\n");
      s.append("__attribute__((overloadable)) ").append(t).append(" min_nan(").append(t).append(" a, ").append(t)
          .append(" b) { return a < b ? a : b; }\n");
    }
    return s;
  }

  private static String params(Kernel k) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < k.inputs().size(); i++)
      s.append(", __global const ").append(cType(k.inputs().get(i).dtype())).append("* in").append(i);
    return s.toString();
  }

  /** Declares {@code prefix<a>} for each axis in {@code axes}: {@code flat} split row-major over their extents. */
  static void split(StringBuilder s, String flat, Shape space, List<Integer> axes, String prefix) {
    if (axes.isEmpty()) return;
    s.append("  long ").append(flat).append("_ = ").append(flat).append(";\n");
    for (int j = axes.size() - 1; j >= 0; j--) {
      int a = axes.get(j);
      s.append("  long ").append(prefix).append(a).append(" = ").append(flat).append("_ % ").append(space.dim(a))
          .append("L; ").append(flat).append("_ /= ").append(space.dim(a)).append("L;\n");
    }
  }

  /** {@code e} in the compute type {@code d}. */
  private static String expr(Expr e, Kernel k, String d) {
    return switch (e) {
      case Expr.Input(var i) -> "((" + d + ")in" + i + "[" + offset(k.inputs().get(i)) + "])";
      case Expr.Constant(var v) -> literal(v, k.dtype());
      case Expr.Unary(var fn, var x) -> "(" + fn.c().formatted(expr(x, k, d)) + ")";
      case Expr.Binary(var fn, var a, var b) -> fn.compare().isPresent()
          ? "((" + d + ")" + fn.c().formatted(expr(a, k, d), expr(b, k, d)) + ")"
          : "(" + fn.c().formatted(expr(a, k, d), expr(b, k, d)) + ")";
      case Expr.Select(var c, var t, var f) ->
          "((" + expr(c, k, d) + ") != 0 ? " + expr(t, k, d) + " : " + expr(f, k, d) + ")";
    };
  }

  private static String offset(Access a) {
    StringBuilder s = new StringBuilder();
    for (int ax = 0; ax < a.strides().size(); ax++) {
      int st = a.strides().get(ax);
      if (st == 0) continue;
      if (!s.isEmpty()) s.append(" + ");
      s.append('i').append(ax);
      if (st != 1) s.append(" * ").append(st).append('L');
    }
    return s.isEmpty() ? "0" : s.toString();
  }

  /** {@code v} rounded to {@code d}, as an exact OpenCL C literal (hexadecimal; NAN and INFINITY by name). */
  static String literal(double v, DType d) {
    String t = cType(d);
    if (Double.isNaN(v)) return "((" + t + ")NAN)";
    if (Double.isInfinite(v)) return "((" + t + ")" + (v > 0 ? "" : "-") + "INFINITY)";
    return d == DType.F32 ? "((float)" + Float.toHexString((float) v) + "f)" : "((double)" + Double.toHexString(v) + ")";
  }

  private static String convert(String v, DType from, DType to) {
    if (from == to) return v;
    return switch (to) {
      case BOOL -> "(uchar)(" + v + " != 0)";
      case I32 -> "convert_int_sat_rtz(" + v + ")";
      case I64 -> "convert_long_sat_rtz(" + v + ")";
      default -> "(" + cType(to) + ")(" + v + ")";
    };
  }
}
