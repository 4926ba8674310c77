package io.graft.jit.opencl;

import io.graft.numerics.DType;
import io.graft.numerics.DTypeError;
import io.graft.numerics.Shape;
import io.graft.trace.prim.CumulativeOp;
import java.util.ArrayList;
import java.util.List;

/**
 * The OpenCL kernels that walk whole lines along one axis, one work-item per line, in the CPU's order so that results
 * match it bit for bit: {@code argmax}/{@code argmin}, the cumulative scans and a stable {@code argsort}. Arguments as
 * {@link OpenClPrims}': the result, then the operands.
 */
public final class OpenClLines {
  private OpenClLines() {}

  /**
   * {@code argmax}/{@code argmin} of {@code x} ({@code dt}) along {@code axis} into {@code indexType}: one work-item
   * per result element walks the axis as the CPU does ({@code ArgLoops}): ties keep the first index, and for floats the
   * first NaN wins.
   */
  public static OpenClC.Generated argMinMax(boolean max, int axis, Shape x, Shape out, DType dt, DType indexType, ClDevice device) {
    String t = OpenClPrims.type(dt, device, max ? "argmax" : "argmin");
    StringBuilder s = OpenClPrims.head("arg_min_max", out, device, indexType, dt);
    s.append("  long base = ").append(lineBase(x, axis)).append(";\n");
    s.append("  ").append(t).append(" best = in0[base];\n  long bi = 0;\n");
    s.append("  for (long k = 1; k < ").append(x.dim(axis)).append("L && best == best; k++) {\n");
    s.append("    ").append(t).append(" v = in0[base + k * ").append(x.strides()[axis]).append("L];\n");
    s.append("    if ((v ").append(max ? ">" : "<").append(" best) || v != v) { best = v; bi = k; }\n  }\n");
    s.append("  out[gid] = (").append(OpenClC.cType(indexType)).append(")bi;\n}\n");
    return OpenClPrims.done(s, "arg_min_max", out);
  }

  /**
   * The inclusive scan of {@code x} ({@code dt}) along {@code axis} by {@code op} ({@code cumsum}, {@code cumprod},
   * {@code cummax}, {@code cummin}), from the end if {@code reverse}: one work-item per line, in order, in the element
   * dtype as the CPU's sequential scan ({@code numerics.kernels.Cumulative}): float sums and products round alike,
   * integer ones wrap, max/min propagate NaN.
   */
  public static OpenClC.Generated cumulative(CumulativeOp op, int axis, boolean reverse, Shape x, DType dt, ClDevice device) {
    String t = OpenClPrims.type(dt, device, "cumulative");
    if (dt == DType.BOOL) throw new DTypeError("OpenCL cum" + op.name().toLowerCase() + ": no kernel for bool; convert to an integer dtype first");
    int r = x.dim(axis);
    Shape lines = without(x, axis);
    StringBuilder s = OpenClPrims.head("cumulative", lines, device, dt, dt);
    s.append("  long base = ").append(lineBase(x, axis)).append(";\n  ").append(t).append(" acc = 0;\n");
    s.append("  for (long k = 0; k < ").append(r).append("L; k++) {\n");
    s.append("    long c = base + ").append(reverse ? "(" + (r - 1) + "L - k)" : "k").append(" * ").append(x.strides()[axis]).append("L;\n");
    String u = switch (dt) {   // integer sums and products wrap, as Java's: computed unsigned
      case I32 -> "uint";
      case I64 -> "ulong";
      default -> null;
    };
    String combined = switch (op) {
      case SUM -> u == null ? "acc + in0[c]" : "(" + t + ")((" + u + ")acc + (" + u + ")in0[c])";
      case PROD -> u == null ? "acc * in0[c]" : "(" + t + ")((" + u + ")acc * (" + u + ")in0[c])";
      case MAX -> "max_nan(acc, in0[c])";
      case MIN -> "min_nan(acc, in0[c])";
    };
    s.append("    acc = k == 0 ? in0[c] : ").append(combined).append(";\n    out[c] = acc;\n  }\n}\n");
    return OpenClPrims.done(s, "cumulative", lines);
  }

  /**
   * {@code argsort} of {@code x} ({@code dt}) along {@code axis}, stable, into i32: one work-item per line heap-sorts
   * the line's indices by (key, index), the key ordering values as the CPU's {@code Sorting} does ({@code Float.compare}:
   * {@code -0.0 < 0.0}, every NaN last; u32 unsigned; false before true), so equal keys keep their order. O(n log n)
   * per line on one work-item: a correct fallback, not a parallel sort.
   */
  public static OpenClC.Generated argsort(int axis, Shape x, DType dt, ClDevice device) {
    String t = OpenClPrims.type(dt, device, "argsort");
    String key = switch (dt) {
      case F32 -> "int b = isnan(v) ? 0x7fc00000 : as_int(v); return (long)(b >= 0 ? b : b ^ 0x7fffffff);";
      case F64 -> "long b = isnan(v) ? 0x7ff8000000000000L : as_long(v); return b >= 0 ? b : b ^ 0x7fffffffffffffffL;";
      default -> "return (long)v;";   // i32, i64, u32 (zero-extended: unsigned order), bool as uchar 0/1
    };
    long r = x.dim(axis), st = x.strides()[axis];
    Shape lines = without(x, axis);
    StringBuilder s = OpenClC.prelude(device.fp64());
    s.append("long sort_key(").append(t).append(" v) { ").append(key).append(" }\n");
    s.append("int after(__global const ").append(t).append("* x, long base, int i, int j) {\n")
        .append("  long ki = sort_key(x[base + i * ").append(st).append("L]), kj = sort_key(x[base + j * ").append(st).append("L]);\n")
        .append("  return ki > kj || (ki == kj && i > j);\n}\n");
    s.append("void sift(__global int* a, __global const ").append(t).append("* x, long base, long root, long end) {\n")
        .append("  for (;;) {\n    long child = 2 * root + 1, top = root;\n    if (child >= end) return;\n")
        .append("    if (after(x, base, a[base + child * ").append(st).append("L], a[base + top * ").append(st).append("L])) top = child;\n")
        .append("    if (child + 1 < end && after(x, base, a[base + (child + 1) * ").append(st).append("L], a[base + top * ")
        .append(st).append("L])) top = child + 1;\n")
        .append("    if (top == root) return;\n")
        .append("    int t = a[base + root * ").append(st).append("L]; a[base + root * ").append(st).append("L] = a[base + top * ")
        .append(st).append("L]; a[base + top * ").append(st).append("L] = t;\n    root = top;\n  }\n}\n");
    s.append("__kernel void argsort(__global int* out, __global const ").append(t).append("* in0) {\n");
    s.append("  long gid = get_global_id(0);\n  if (gid >= ").append(lines.size()).append("L) return;\n");
    List<Integer> all = new ArrayList<>();
    for (int a = 0; a < lines.rank(); a++) all.add(a);
    OpenClC.split(s, "gid", lines, all, "o");
    s.append("  long base = ").append(lineBase(x, axis)).append(";\n");
    s.append("  for (long k = 0; k < ").append(r).append("L; k++) out[base + k * ").append(st).append("L] = (int)k;\n");
    s.append("  for (long k = ").append(r / 2 - 1).append("L; k >= 0; k--) sift(out, in0, base, k, ").append(r).append("L);\n");
    s.append("  for (long end = ").append(r - 1).append("L; end > 0; end--) {\n")
        .append("    int t = out[base]; out[base] = out[base + end * ").append(st).append("L]; out[base + end * ").append(st)
        .append("L] = t;\n    sift(out, in0, base, 0, end);\n  }\n}\n");
    return OpenClPrims.done(s, "argsort", lines);
  }

  /** {@code x}'s shape without {@code axis}: the lines along it. */
  private static Shape without(Shape x, int axis) {
    int[] d = new int[x.rank() - 1];
    for (int a = 0, b = 0; a < x.rank(); a++) if (a != axis) d[b++] = x.dim(a);
    return Shape.of(d);
  }

  /** The offset in {@code x} of the line along {@code axis} at the work-item's indices {@code o0, o1, ...} of the other axes. */
  private static String lineBase(Shape x, int axis) {
    int[] st = x.strides();
    StringBuilder at = new StringBuilder("0");
    for (int a = 0, b = 0; a < x.rank(); a++) if (a != axis) at.append(" + o").append(b++).append(" * ").append(st[a]).append('L');
    return at.toString();
  }

}
