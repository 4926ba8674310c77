package io.graft.jit.opencl;

import io.graft.numerics.DType;
import io.graft.numerics.Ints;
import io.graft.numerics.Shape;
import java.util.List;

/**
 * The OpenCL kernels that move elements without arithmetic, one work-item per result element computing its source:
 * {@code slice}, {@code concatenate}, {@code iota}, {@code dynamic_slice} and {@code dynamic_update_slice} (starts
 * read on the device and clamped as on the CPU). Arguments as {@link OpenClPrims}': the result, then the operands.
 */
public final class OpenClSlices {
  private OpenClSlices() {}

  /** {@code slice}: {@code out[o] = x[start + o · strides]} per axis ({@code lax.slice}). */
  public static OpenClC.Generated slice(Ints start, Ints strides, Shape x, Shape out, DType dt, ClDevice device) {
    OpenClPrims.type(dt, device, "slice");
    int[] st = x.strides();
    StringBuilder s = OpenClPrims.head("slice", out, device, dt, dt);
    StringBuilder at = new StringBuilder("0");
    for (int a = 0; a < x.rank(); a++)
      at.append(" + (").append(start.get(a)).append("L + o").append(a).append(" * ").append(strides.get(a)).append("L) * ")
          .append(st[a]).append('L');
    s.append("  out[gid] = in0[").append(at).append("];\n}\n");
    return OpenClPrims.done(s, "slice", out);
  }

  /** {@code concatenate} along {@code axis}: each element read from the operand whose range of that axis holds it. */
  public static OpenClC.Generated concatenate(int axis, List<Shape> ins, Shape out, DType dt, ClDevice device) {
    OpenClPrims.type(dt, device, "concatenate");
    DType[] types = new DType[ins.size() + 1];
    java.util.Arrays.fill(types, dt);
    StringBuilder s = OpenClPrims.head("concatenate", out, device, types);
    long from = 0;
    for (int k = 0; k < ins.size(); k++) {
      Shape x = ins.get(k);
      int[] st = x.strides();
      long to = from + x.dim(axis);
      StringBuilder at = new StringBuilder("0");
      for (int a = 0; a < x.rank(); a++)
        at.append(" + ").append(a == axis ? "(o" + a + " - " + from + "L)" : "o" + a).append(" * ").append(st[a]).append('L');
      if (x.size() > 0) s.append("  if (o").append(axis).append(" < ").append(to).append("L) { out[gid] = in").append(k)
          .append('[').append(at).append("]; return; }\n");
      from = to;
    }
    s.append("}\n");
    return OpenClPrims.done(s, "concatenate", out);
  }

  /** {@code iota} of {@code dt}: {@code out[o] = o[dimension]}. */
  public static OpenClC.Generated iota(int dimension, Shape out, DType dt, ClDevice device) {
    String t = OpenClPrims.type(dt, device, "iota");
    StringBuilder s = OpenClPrims.head("iota", out, device, dt);
    s.append("  out[gid] = (").append(t).append(")o").append(dimension).append(";\n}\n");
    return OpenClPrims.done(s, "iota", out);
  }

  /**
   * {@code dynamic_slice}: operands {@code x} and one rank-0 start per axis (of {@code indexTypes}), each clamped to
   * {@code [0, dim - size]} as in XLA; {@code out[o] = x[s + o]}.
   */
  public static OpenClC.Generated dynamicSlice(Shape x, List<DType> indexTypes, Shape out, DType dt, ClDevice device) {
    OpenClPrims.type(dt, device, "dynamic_slice");
    int[] st = x.strides();
    StringBuilder s = OpenClPrims.head("dynamic_slice", out, device, types(indexTypes, dt, dt));
    StringBuilder at = new StringBuilder("0");
    for (int a = 0; a < x.rank(); a++) {
      s.append("  long s").append(a).append(" = ").append(clampedStart("in" + (a + 1), x.dim(a) - out.dim(a))).append(";\n");
      at.append(" + (s").append(a).append(" + o").append(a).append(") * ").append(st[a]).append('L');
    }
    s.append("  out[gid] = in0[").append(at).append("];\n}\n");
    return OpenClPrims.done(s, "dynamic_slice", out);
  }

  /**
   * {@code dynamic_update_slice}: operands {@code x}, {@code update} and one rank-0 start per axis, clamped as in
   * {@link #dynamicSlice}; {@code out[o] = update[o - s]} inside the window, else {@code x[o]}.
   */
  public static OpenClC.Generated dynamicUpdateSlice(Shape x, Shape update, List<DType> indexTypes, DType dt, ClDevice device) {
    OpenClPrims.type(dt, device, "dynamic_update_slice");
    int[] su = update.strides();
    StringBuilder s = OpenClPrims.head("dynamic_update_slice", x, device, types(indexTypes, dt, dt, dt));
    s.append("  int in = 1;\n");
    StringBuilder at = new StringBuilder("0");
    for (int a = 0; a < x.rank(); a++) {
      s.append("  long u").append(a).append(" = o").append(a).append(" - ")
          .append(clampedStart("in" + (a + 2), x.dim(a) - update.dim(a))).append(";\n");
      s.append("  if (u").append(a).append(" < 0 || u").append(a).append(" >= ").append(update.dim(a)).append("L) in = 0;\n");
      at.append(" + u").append(a).append(" * ").append(su[a]).append('L');
    }
    s.append("  out[gid] = in ? in1[").append(at).append("] : in0[gid];\n}\n");
    return OpenClPrims.done(s, "dynamic_update_slice", x);
  }

  /** The start read from the rank-0 buffer {@code name}, clamped to {@code [0, max]}. */
  private static String clampedStart(String name, long max) {
    return "clamp((long)" + name + "[0], 0L, " + max + "L)";
  }

  /** {@code head}'s types: {@code first} (the result's, then the leading operands'), then the index operands'. */
  private static DType[] types(List<DType> indexTypes, DType... first) {
    DType[] t = java.util.Arrays.copyOf(first, first.length + indexTypes.size());
    for (int i = 0; i < indexTypes.size(); i++) t[first.length + i] = indexTypes.get(i);
    return t;
  }

}
