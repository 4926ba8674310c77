package io.graft.io;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import io.graft.Array;
import io.graft.Lax;
import io.graft.Np;
import io.graft.numerics.DType;
import io.graft.numerics.Ints;
import io.graft.trace.prim.ConvDims;
import io.graft.trace.prim.WindowOp;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The operators of an ONNX graph that {@link OnnxImport} evaluates with more than one Graft call, and the attribute
 * readers they share: slices, pads, reductions, pools, {@code Gemm}, {@code Conv}, batch normalisation, running sums
 * and arg-min/max, each on concrete shapes (axes normalised, shape tensors read as values). For example
 * {@code gemm([a, b, c], {transB: 1, alpha: 2})} is {@code 2·a·bᵀ + c}.
 */
final class OnnxImportOps {
  private OnnxImportOps() {}

  static Map<String, AttributeProto> attrs(NodeProto n) {
    Map<String, AttributeProto> m = new HashMap<>();
    for (AttributeProto a : n.getAttributeList()) m.put(a.getName(), a);
    return m;
  }

  static long i(Map<String, AttributeProto> a, String name, long orElse) {
    return a.containsKey(name) ? a.get(name).getI() : orElse;
  }

  static float f(Map<String, AttributeProto> a, String name, float orElse) {
    return a.containsKey(name) ? a.get(name).getF() : orElse;
  }

  static int[] ints(Map<String, AttributeProto> a, String name, int n, int orElse) {
    if (a.containsKey(name)) return a.get(name).getIntsList().stream().mapToInt(Long::intValue).toArray();
    int[] xs = new int[n];
    Arrays.fill(xs, orElse);
    return xs;
  }

  /** A concrete integer tensor (shape, axes, pads) as ints. */
  static int[] concrete(Array a) { return Arrays.stream(a.toLongArray()).mapToInt(l -> (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, l))).toArray(); }

  static int[] axes(int[] axes, int rank) { return Arrays.stream(axes).map(x -> x < 0 ? x + rank : x).toArray(); }

  static Array fold(java.util.function.BinaryOperator<Array> op, List<Array> xs) {
    Array r = xs.get(0);
    for (int k = 1; k < xs.size(); k++) r = op.apply(r, xs.get(k));
    return r;
  }

  static int[] range(int from, int to) {
    int[] r = new int[Math.max(0, to - from)];
    for (int k = 0; k < r.length; k++) r[k] = from + k;
    return r;
  }

  static int[] reversed(int rank) {
    int[] r = new int[rank];
    for (int k = 0; k < rank; k++) r[k] = rank - 1 - k;
    return r;
  }

  static int[] unitAxes(int[] shape) {
    return Arrays.stream(range(0, shape.length)).filter(k -> shape[k] == 1).toArray();
  }

  static int[] broadcastShape(int[] have, int[] want) {
    int r = Math.max(have.length, want.length);
    int[] out = new int[r];
    for (int k = 0; k < r; k++) {
      int h = k - (r - have.length) >= 0 ? have[k - (r - have.length)] : 1;
      int w = k - (r - want.length) >= 0 ? want[k - (r - want.length)] : 1;
      out[k] = h == 1 ? w : h;
    }
    return out;
  }

  static int[] reshapeTarget(int[] have, int[] want) {
    int[] out = want.clone();
    long known = 1, total = 1;
    int infer = -1;
    for (int d : have) total *= d;
    for (int k = 0; k < out.length; k++) {
      if (out[k] == 0) out[k] = have[k];
      if (out[k] == -1) infer = k; else known *= out[k];
    }
    if (infer >= 0) out[infer] = (int) (total / known);
    return out;
  }

  static Array shape(Array x, Map<String, AttributeProto> a) {
    int r = x.shape().length;
    int start = (int) i(a, "start", 0), end = (int) i(a, "end", r);
    start = Math.clamp(start < 0 ? start + r : start, 0, r);
    end = Math.clamp(end < 0 ? end + r : end, 0, r);
    return Array.of(Arrays.stream(x.shape()).asLongStream().skip(start).limit(Math.max(0, end - start)).toArray());
  }

  /**
   * A Slice at run-time starts (a traced value under jit) whose ends are {@code Add(starts, sizes)} with concrete
   * sizes and unit steps, as Graft exports {@code dynamic_slice}: {@code Lax.dynamicSlice} at those starts. The starts
   * must already lie in {@code [0, dim - size]} (so ONNX's and XLA's clamping agree); other run-time slices are a
   * clear error.
   */
  static Array dynamicSlice(NodeProto n, List<Array> in, Map<String, Map.Entry<String, Array>> offsets) {
    Array x = in.get(0);
    int r = x.shape().length;
    Map.Entry<String, Array> off = offsets.get(n.getInput(2));
    boolean unitSteps = in.size() <= 4 || in.get(4) == null || (in.get(4).isConcrete()
        && Arrays.stream(in.get(4).toLongArray()).allMatch(v -> v == 1));
    if (off == null || !off.getKey().equals(n.getInput(1)) || !unitSteps || (in.size() > 3 && in.get(3) != null && !in.get(3).isConcrete()))
      throw new IllegalArgumentException("imported ONNX Slice " + n.getName() + ": run-time starts are supported only with ends = "
          + "starts + constant sizes and unit steps (a dynamic_slice); export the model with constant slice bounds");
    int[] sizes = concrete(off.getValue());
    int[] ax = in.size() > 3 && in.get(3) != null ? axes(concrete(in.get(3)), r) : range(0, sizes.length);
    int[] full = x.shape().clone();
    Array[] starts = new Array[r];
    for (int k = 0; k < r; k++) starts[k] = Array.scalar(0L);
    for (int k = 0; k < ax.length; k++) {
      full[ax[k]] = sizes[k];
      starts[ax[k]] = Np.reshape(Lax.slice(in.get(1), new int[] {k}, new int[] {k + 1}, new int[] {1}));
    }
    return Lax.dynamicSlice(x, starts, full);
  }

  /** ONNX Slice: per axis, negative indices from the end, clamped; a negative step reverses the axis first. */
  static Array slice(Array x, List<Array> in) {
    int r = x.shape().length;
    long[] starts = in.get(1).toLongArray(), ends = in.get(2).toLongArray();
    int[] ax = in.size() > 3 && in.get(3) != null ? axes(concrete(in.get(3)), r) : range(0, starts.length);
    long[] steps = in.size() > 4 && in.get(4) != null ? in.get(4).toLongArray() : filled(starts.length, 1);
    int[] lo = new int[r], hi = x.shape().clone(), st = filled32(r);
    for (int k = 0; k < ax.length; k++) {
      int axis = ax[k];
      long d = x.shape()[axis], s = starts[k], e = ends[k], step = steps[k];
      if (s < 0) s += d;
      if (e < 0) e += d;
      if (step > 0) {
        lo[axis] = (int) Math.clamp(s, 0, d);
        hi[axis] = (int) Math.clamp(e, 0, d);
        st[axis] = (int) step;
      } else {
        s = Math.clamp(s, 0, d - 1);
        e = Math.clamp(e, -1, d - 1);
        x = Lax.rev(x, axis);
        lo[axis] = (int) (d - 1 - s);
        hi[axis] = (int) (d - 1 - e);
        st[axis] = (int) -step;
      }
      hi[axis] = Math.max(hi[axis], lo[axis]);
    }
    return Lax.slice(x, lo, hi, st);
  }

  /**
   * ONNX ArgMax/ArgMin (int64 indices; {@code select_last_index} by reversing the axis). A NaN on the axis gives the
   * first NaN's index (Graft's rule; ONNX leaves it unspecified).
   */
  static Array argMinMax(boolean max, Array x, Map<String, AttributeProto> a) {
    int axis = axes(new int[] {(int) i(a, "axis", 0)}, x.shape().length)[0];
    boolean last = i(a, "select_last_index", 0) == 1;
    Array in = last ? Lax.rev(x, axis) : x;
    Array idx = max ? Lax.argmax(in, axis, DType.I64) : Lax.argmin(in, axis, DType.I64);
    if (last) idx = Np.subtract(Array.scalar((long) x.shape()[axis] - 1), idx);
    return i(a, "keepdims", 1) == 1 ? Np.expandDims(idx, axis) : idx;
  }

  /** ONNX CumSum: inclusive or exclusive (the running sum shifted by one, a zero first), forward or reversed. */
  static Array cumsum(Array x, int axis, boolean exclusive, boolean reverse) {
    int r = x.shape().length;
    axis = axes(new int[] {axis}, r)[0];
    if (exclusive) {
      int[][] cfg = new int[r][3];
      if (reverse) cfg[axis][1] = 1; else cfg[axis][0] = 1;
      int[] lo = new int[r], hi = x.shape().clone();
      if (reverse) lo[axis] = 1; else hi[axis] -= 1;
      x = Lax.pad(Lax.slice(x, lo, hi, filled32(r)), Lax.convertElementType(Array.scalar(0), x.dtype()), cfg);
    }
    return Lax.cumsum(x, axis, reverse);
  }

  static long[] filled(int n, long v) { long[] r = new long[n]; Arrays.fill(r, v); return r; }

  static int[] filled32(int n) { int[] r = new int[n]; Arrays.fill(r, 1); return r; }

  static Array pad(Array x, List<Array> in, Map<String, AttributeProto> a) {
    String mode = a.containsKey("mode") ? a.get("mode").getS().toStringUtf8() : "constant";
    if (!mode.equals("constant"))
      throw new IllegalArgumentException("imported ONNX Pad: mode " + mode + " is not supported; only constant");
    int r = x.shape().length;
    int[] pads = concrete(in.get(1));
    int[] ax = in.size() > 3 && in.get(3) != null ? axes(concrete(in.get(3)), r) : range(0, r);
    int[][] cfg = new int[r][3];
    for (int k = 0; k < ax.length; k++) {
      cfg[ax[k]][0] = pads[k];
      cfg[ax[k]][1] = pads[ax.length + k];
    }
    Array value = in.size() > 2 && in.get(2) != null ? in.get(2) : Lax.convertElementType(Array.scalar(0f), x.dtype());
    return Lax.pad(x, Np.reshape(value), cfg);
  }

  static Array reduce(String op, Array x, List<Array> in, Map<String, AttributeProto> a) {
    int r = x.shape().length;
    boolean keep = i(a, "keepdims", 1) == 1;
    int[] ax = in.size() > 1 && in.get(1) != null ? axes(concrete(in.get(1)), r)
        : a.containsKey("axes") ? axes(ints(a, "axes", 0, 0), r) : new int[0];
    if (ax.length == 0) {
      if (i(a, "noop_with_empty_axes", 0) == 1) return x;
      ax = range(0, r);
    }
    return switch (op) {
      case "ReduceSum" -> Np.sum(x, ax, keep);
      case "ReduceMax" -> Np.max(x, ax, keep);
      case "ReduceMin" -> Np.min(x, ax, keep);
      case "ReduceProd" -> Np.prod(x, ax, keep);
      default -> Np.mean(x, ax, keep);
    };
  }

  /** MaxPool / AveragePool over NC-spatial input, as {@code reduce_window} with unit windows on N and C. */
  static Array pool(String op, Array x, Map<String, AttributeProto> a) {
    if (a.containsKey("auto_pad") && !a.get("auto_pad").getS().toStringUtf8().equals("NOTSET"))
      throw new IllegalArgumentException("imported ONNX " + op + ": auto_pad is not supported; give explicit pads");
    int r = x.shape().length, sp = r - 2;
    int[] k = ints(a, "kernel_shape", sp, 1), s = ints(a, "strides", sp, 1), d = ints(a, "dilations", sp, 1),
        p = ints(a, "pads", 2 * sp, 0);
    int[] window = new int[r], strides = new int[r], dil = new int[r], base = new int[r];
    int[][] padding = new int[r][2];
    Arrays.fill(window, 1);
    Arrays.fill(strides, 1);
    Arrays.fill(dil, 1);
    Arrays.fill(base, 1);
    long size = 1;
    for (int j = 0; j < sp; j++) {
      window[2 + j] = k[j];
      strides[2 + j] = s[j];
      dil[2 + j] = d[j];
      padding[2 + j] = new int[] {p[j], p[sp + j]};
      size *= k[j];
    }
    if (op.equals("MaxPool")) return Lax.reduceWindow(x, WindowOp.MAX, window, strides, padding, base, dil);
    Array sum = Lax.reduceWindow(x, WindowOp.SUM, window, strides, padding, base, dil);
    if (i(a, "count_include_pad", 0) == 1 || Arrays.stream(p).allMatch(v -> v == 0))
      return Np.divide(sum, Lax.convertElementType(Array.scalar((float) size), x.dtype()));
    Array count = Lax.reduceWindow(Np.onesLike(x), WindowOp.SUM, window, strides, padding, base, dil);
    return Np.divide(sum, count);
  }

  static Array gemm(List<Array> x, Map<String, AttributeProto> a) {
    Array A = i(a, "transA", 0) == 1 ? Np.transpose(x.get(0), 1, 0) : x.get(0);
    Array B = i(a, "transB", 0) == 1 ? Np.transpose(x.get(1), 1, 0) : x.get(1);
    Array y = Np.matmul(A, B);
    float alpha = f(a, "alpha", 1), beta = f(a, "beta", 1);
    if (alpha != 1) y = Np.multiply(y, Lax.convertElementType(Array.scalar(alpha), y.dtype()));
    if (x.size() > 2 && x.get(2) != null)
      y = Np.add(y, beta == 1 ? x.get(2) : Np.multiply(x.get(2), Lax.convertElementType(Array.scalar(beta), y.dtype())));
    return y;
  }

  static Array conv(List<Array> x, Map<String, AttributeProto> a) {
    if (a.containsKey("auto_pad") && !a.get("auto_pad").getS().toStringUtf8().equals("NOTSET"))
      throw new IllegalArgumentException("imported ONNX Conv: auto_pad is not supported; give explicit pads");
    Array in = x.get(0), w = x.get(1);
    int r = in.shape().length, sp = r - 2;
    int[] s = ints(a, "strides", sp, 1), d = ints(a, "dilations", sp, 1), p = ints(a, "pads", 2 * sp, 0);
    int[][] padding = new int[sp][];
    for (int j = 0; j < sp; j++) padding[j] = new int[] {p[j], p[sp + j]};
    int[] ones = new int[sp];
    Arrays.fill(ones, 1);
    Ints spec = Ints.range(r);
    Array y = Lax.convGeneralDilated(in, w, s, padding, ones, d, new ConvDims(spec, spec, spec), (int) i(a, "group", 1), 1);
    if (x.size() > 2 && x.get(2) != null) {
      int[] bshape = new int[r];
      Arrays.fill(bshape, 1);
      bshape[1] = x.get(2).shape()[0];
      y = Np.add(y, Np.reshape(x.get(2), bshape));
    }
    return y;
  }

  static Array flatten(Array x, int axis) {
    int[] s = x.shape();
    if (axis < 0) axis += s.length;
    int outer = 1, inner = 1;
    for (int k = 0; k < s.length; k++) if (k < axis) outer *= s[k]; else inner *= s[k];
    return Np.reshape(x, outer, inner);
  }

  static Array batchNorm(List<Array> x, float eps) {
    Array in = x.get(0);
    int[] shape = new int[in.shape().length];
    Arrays.fill(shape, 1);
    shape[1] = in.shape()[1];
    Array scale = Np.reshape(x.get(1), shape), bias = Np.reshape(x.get(2), shape), mean = Np.reshape(x.get(3), shape),
        var = Np.reshape(x.get(4), shape);
    Array inv = Np.divide(scale, Np.sqrt(Np.add(var, Lax.convertElementType(Array.scalar(eps), in.dtype()))));
    return Np.add(Np.multiply(Np.subtract(in, mean), inv), bias);
  }
}
