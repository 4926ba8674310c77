package io.graft.numerics.kernels;

import io.graft.numerics.DType;
import io.graft.numerics.DTypeError;
import io.graft.numerics.NdArray;
import io.graft.numerics.Parallel;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;

/**
 * Reductions over axes: {@code out[kept] = op over reduced axes of x[...]} (sum, product, max, min) and the
 * index of the extreme along one axis (argmax, argmin).
 *
 * <p><b>Layout plan.</b> Size-1 axes are dropped and adjacent axes of the same kind (kept / reduced) merged, so
 * every reduction becomes a few passes of one pattern: {@code (outer, r, inner) -> (outer, inner)}. With
 * {@code inner == 1} a pass reduces contiguous runs; otherwise it combines whole rows into the output row, a loop
 * the JIT vectorises. Work is split over outer rows and inner segments, or, when those are too few, over blocks of
 * {@code r}.
 *
 * <p><b>Accuracy and determinism.</b> f32 and f64 sums and products accumulate in f64 in blocks of a fixed size
 * combined in a fixed order ({@link Sums}); passes keep f64 between them and f32 results are rounded once, at the
 * end. A sum of {@code n} terms is within {@code (RUN_BLOCK/LANES + 4 + ceil(log2(n/RUN_BLOCK))) * 2^-53 * Σ|x_i|}
 * (about {@code 150 * 2^-53 * Σ|x_i|}) of the exact sum for a reduction over the last axes, and within
 * {@code (ROW_BLOCK + r/ROW_BLOCK) * 2^-53 * Σ|x_i|} for a pass over {@code r} rows, always at most
 * {@code n * 2^-53 * Σ|x_i|}; an f32 result adds at most half an f32 ulp for the final rounding. The result depends
 * only on the data and the shape: it is bit-identical across calls, JIT tiers, runs, thread counts and SIMD widths
 * (threads only choose which blocks they compute). Max and min are exact; integer sums and products wrap (exact
 * modulo 2^32 / 2^64), so their order does not matter either.
 *
 * <p>Empty reductions give the identity: 0 (sum), 1 (prod), -inf / int min / false (max), +inf / int max / true
 * (min). Max and min propagate NaN. Bool supports max (any) and min (all), and sum and prod count into i32 (the
 * number of true elements; 1 if all are true), reading the bool store directly.
 * <pre>{@code NdArray rowSums = Reductions.reduce(Op.SUM, x, new int[] {1});  // x f32[2,3] -> f32[2]}</pre>
 */
public final class Reductions {
  /** The associative reductions. */
  public enum Op { SUM, PROD, MAX, MIN }

  /** Which extreme an arg-reduction finds. */
  public enum Arg { MAX, MIN }

  /** Elements of work per parallel chunk. */
  static final int GRAIN = 1 << 15;
  /** Inner-segment width, so that few outer rows still split into parallel units. */
  static final int SEG = 1 << 12;

  private Reductions() {}

  /** The dtype of {@code op} over {@code dt}: {@code dt} itself, except i32 for the sum and product of bool (counts). */
  public static DType resultDType(Op op, DType dt) {
    return dt == DType.BOOL && (op == Op.SUM || op == Op.PROD) ? DType.I32 : dt;
  }

  /**
   * {@code x} reduced by {@code op} over {@code axes} (sorted, unique, in range); the result has the kept axes and
   * {@link #resultDType} (x's dtype, or i32 for the sum and product of bool).
   */
  public static NdArray reduce(Op op, NdArray x, int[] axes) {
    if (Unsigned.is(x.dtype()) && (op == Op.MAX || op == Op.MIN)) return Unsigned.fromOrdered(reduce(op, Unsigned.toOrdered(x), axes));
    DType dt = x.dtype(), rt = resultDType(op, dt);
    Shape s = x.shape();
    boolean[] red = mask(s, axes);
    int[] keptDims = new int[s.rank() - axes.length];
    for (int i = 0, j = 0; i < s.rank(); i++) if (!red[i]) keptDims[j++] = s.dim(i);
    Shape outShape = Shape.of(keptDims);
    int n = outShape.size();
    if (n == 0) return NdArray.zeros(rt, outShape);
    if (x.size() == 0) {
      Object st = NdArray.newStore(rt, n);
      ReduceLoops.fill(op, st, 0, n);
      return NdArray.wrapStore(rt, outShape, st);
    }
    Blocks b = Blocks.of(s, red);
    Object cur = x.store();
    for (int k = b.lastReduced(); k >= 0; k = b.lastReduced()) {
      cur = pass(op, cur, b.product(0, k), b.ext[k], b.product(k + 1, b.n));
      b.remove(k);
    }
    if (cur == x.store()) return NdArray.wrapStore(rt, outShape, rt == dt ? copy(x) : x.astype(rt).store());   // no reduced extent
    if (rt == DType.F32 && cur instanceof double[] d) {     // f32 sums and products: rounded once, here
      float[] f = new float[n];
      for (int i = 0; i < n; i++) f[i] = (float) d[i];
      cur = f;
    }
    return NdArray.wrapStore(rt, outShape, cur);
  }

  /**
   * The f64 sums (or products) of {@code op} over {@code axes} of an f32/f64 array of shape {@code shape} whose
   * elements come from {@code src} — the same blocks, order and bits as {@link #reduce} of the materialized array
   * before its final rounding (an f32 result is {@code (float)} of each value). Fused kernels use this, so that
   * {@code jit(x -> sum(f(x)))} equals the eager {@code sum(f(x))} bit for bit. The result has the kept axes in
   * row-major order; an empty reduction gives the identity.
   *
   * @throws IllegalArgumentException if {@code op} is not SUM or PROD
   * @throws DTypeError if {@code src}'s dtype is not f32 or f64
   */
  public static double[] reduce(Op op, ElementSource src, Shape shape, int[] axes) {
    return reduceAll(op, new ElementSource[] {src}, shape, axes)[0];
  }

  /**
   * {@link #reduce(Op, ElementSource, Shape, int[])} of several sources of one shape over the same axes (a fused
   * loop's sibling sums): the first pass reads every block from each source in turn, so what the sources share is read
   * once; each result has the bits of its own {@code reduce}.
   *
   * @throws IllegalArgumentException if {@code op} is not SUM or PROD, or {@code srcs} is empty
   * @throws DTypeError if a source's dtype is not f32 or f64
   */
  public static double[][] reduceAll(Op op, ElementSource[] srcs, Shape shape, int[] axes) {
    if (op != Op.SUM && op != Op.PROD) throw new IllegalArgumentException("reduce: an element source folds by SUM or PROD, got " + op);
    if (srcs.length == 0) throw new IllegalArgumentException("reduce: no element sources");
    for (ElementSource src : srcs)
      if (!src.dtype().isFloating()) throw new DTypeError("reduce: an element source must be f32 or f64, got " + src.dtype());
    boolean[] red = mask(shape, axes);
    int n = 1;
    for (int i = 0; i < shape.rank(); i++) if (!red[i]) n *= shape.dim(i);
    double[][] out = new double[srcs.length][n];
    if (n == 0) return out;
    if (shape.size() == 0) {
      if (op == Op.PROD) for (double[] o : out) java.util.Arrays.fill(o, 1d);
      return out;
    }
    Blocks b = Blocks.of(shape, red);
    int k = b.lastReduced();
    if (k < 0) {                                            // no reduced extent: the elements themselves
      for (int s = 0; s < srcs.length; s++) {
        Object all = NdArray.newStore(srcs[s].dtype(), n);
        srcs[s].reader().read(0, n, all);
        for (int i = 0; i < n; i++) out[s][i] = all instanceof float[] f ? f[i] : ((double[]) all)[i];
      }
      return out;
    }
    double[][] first = Sums.passAll(op, srcs, b.product(0, k), b.ext[k], b.product(k + 1, b.n));   // reads the sources
    b.remove(k);
    for (int s = 0; s < srcs.length; s++) {
      Blocks rest = b.copy();
      Object cur = first[s];
      for (int j = rest.lastReduced(); j >= 0; j = rest.lastReduced()) {
        cur = pass(op, cur, rest.product(0, j), rest.ext[j], rest.product(j + 1, rest.n));
        rest.remove(j);
      }
      out[s] = (double[]) cur;
    }
    return out;
  }

  private static Object copy(NdArray x) {
    Object c = NdArray.newStore(x.dtype(), x.size());
    System.arraycopy(x.store(), 0, c, 0, x.size());
    return c;
  }

  /**
   * One {@code (outer, r, inner) -> (outer, inner)} pass. Float sums and products go to {@link Sums} (an f64 result);
   * bool sums and products count into i32; the rest keep the store type and run in parallel over rows/segments,
   * or over chunks of r (exact ops, so the chunking does not change the result).
   */
  static Object pass(Op op, Object src, int outer, int r, int inner) {
    boolean arith = op == Op.SUM || op == Op.PROD;
    if (arith && (src instanceof float[] || src instanceof double[])) return Sums.pass(op, src, outer, r, inner);
    if (arith && src instanceof boolean[] bs) return boolCount(op, bs, outer, r, inner);
    int m = outer * inner, segs = (inner + SEG - 1) / SEG, units = outer * segs;
    Object dst = newLike(src, m);
    long work = (long) m * r;
    int chunks = (int) Math.min(Math.min(Parallel.threads(), r), work / GRAIN);
    if (units < Parallel.threads() && chunks > 1) {
      Object partial = newLike(src, chunks * m);
      Parallel.range(chunks, 1, (lo, hi) -> {
        for (int c = lo; c < hi; c++) {
          int k0 = (int) ((long) r * c / chunks), k1 = (int) ((long) r * (c + 1) / chunks);
          ReduceLoops.fill(op, partial, c * m, m);
          for (int o = 0; o < outer; o++)
            ReduceLoops.rows(op, src, (o * r + k0) * inner, k1 - k0, inner, partial, c * m + o * inner, 0, inner);
        }
      });
      ReduceLoops.fill(op, dst, 0, m);
      ReduceLoops.rows(op, partial, 0, chunks, m, dst, 0, 0, m);
      return dst;
    }
    int perUnit = Math.max(1, r * Math.min(inner, SEG));
    Parallel.range(units, Math.max(1, GRAIN / perUnit), (lo, hi) -> {
      for (int u = lo; u < hi; u++) {
        int o = u / segs, j0 = (u % segs) * SEG, j1 = Math.min(inner, j0 + SEG);
        ReduceLoops.fill(op, dst, o * inner + j0, j1 - j0);
        ReduceLoops.rows(op, src, o * r * inner, r, inner, dst, o * inner, j0, j1);
      }
    });
    return dst;
  }

  /** The bool pass of {@code SUM}/{@code PROD} into a new i32 store; rows/segments in parallel (integer: exact). */
  private static int[] boolCount(Op op, boolean[] src, int outer, int r, int inner) {
    int m = outer * inner, segs = (inner + SEG - 1) / SEG;
    int[] dst = new int[m];
    Parallel.range(outer * segs, Math.max(1, GRAIN / Math.max(1, r * Math.min(inner, SEG))), (lo, hi) -> {
      for (int u = lo; u < hi; u++) {
        int o = u / segs, j0 = (u % segs) * SEG, j1 = Math.min(inner, j0 + SEG);
        ReduceLoops.fill(op, dst, o * inner + j0, j1 - j0);
        ReduceLoops.rowsBoolToI32(op, src, o * r * inner, r, inner, dst, o * inner, j0, j1);
      }
    });
    return dst;
  }

  private static Object newLike(Object store, int n) {
    return switch (store) {
      case float[] a -> new float[n];
      case double[] a -> new double[n];
      case int[] a -> new int[n];
      case long[] a -> new long[n];
      case boolean[] a -> new boolean[n];
      default -> throw new IllegalArgumentException("not an array store: " + store.getClass());
    };
  }

  /**
   * The index along {@code axis} of the first maximum ({@code Arg.MAX}) or minimum of {@code x}, as
   * {@code indexDtype} (i32 or i64). NaN counts as the extreme (the first NaN wins); bool orders false {@code <} true.
   *
   * @throws ShapeError if the axis has extent 0 (there is no index to return)
   */
  public static NdArray argMinMax(Arg arg, NdArray x, int axis, DType indexDtype) {
    if (Unsigned.is(x.dtype())) return argMinMax(arg, Unsigned.toOrdered(x), axis, indexDtype);
    if (!indexDtype.isInteger()) throw new DTypeError("arg" + arg.name().toLowerCase() + ": index dtype must be i32 or i64, got " + indexDtype);
    Shape s = x.shape();
    int r = s.dim(axis);
    Shape outShape = s.drop(axis);
    int n = outShape.size();
    if (r == 0)
      throw new ShapeError("arg" + arg.name().toLowerCase() + ": axis " + axis + " of " + x.dtype() + s + " has size 0; there is no index to return");
    int[] out = new int[n];
    if (n > 0) {
      int inner = 1;
      for (int i = axis + 1; i < s.rank(); i++) inner *= s.dim(i);
      int outer = n / inner, segs = (inner + SEG - 1) / SEG, innerF = inner;
      Object src = x.store();                              // bool read directly (ArgLoops), never widened
      boolean max = arg == Arg.MAX;
      int perUnit = Math.max(1, r * Math.min(inner, SEG));
      Parallel.range(outer * segs, Math.max(1, GRAIN / perUnit), (lo, hi) -> {
        for (int u = lo; u < hi; u++) {
          int o = u / segs, j0 = (u % segs) * SEG, j1 = Math.min(innerF, j0 + SEG);
          ArgLoops.arg(max, src, o * r * innerF, r, innerF, out, o * innerF, j0, j1);
        }
      });
    }
    NdArray idx = NdArray.wrap(outShape, out);
    return indexDtype == DType.I32 ? idx : idx.astype(indexDtype);
  }

  private static boolean[] mask(Shape s, int[] axes) {
    boolean[] red = new boolean[s.rank()];
    for (int i = 0; i < axes.length; i++) {
      int a = axes[i];
      if (a < 0 || a >= s.rank() || (i > 0 && a <= axes[i - 1]))
        throw new ShapeError("reduce: axes " + java.util.Arrays.toString(axes) + " must be sorted, unique and in [0, "
            + s.rank() + ") for shape " + s);
      red[a] = true;
    }
    return red;
  }

  /** The merged axis blocks of a reduction: extents and whether each is reduced. Local to one call. */
  private static final class Blocks {
    final int[] ext;
    final boolean[] red;
    int n;

    private Blocks(int rank) { ext = new int[rank]; red = new boolean[rank]; }

    static Blocks of(Shape s, boolean[] reduced) {
      Blocks b = new Blocks(s.rank());
      for (int i = 0; i < s.rank(); i++) {
        if (s.dim(i) == 1) continue;
        if (b.n > 0 && b.red[b.n - 1] == reduced[i]) b.ext[b.n - 1] *= s.dim(i);
        else { b.ext[b.n] = s.dim(i); b.red[b.n] = reduced[i]; b.n++; }
      }
      return b;
    }

    /** An independent copy (each source of {@link #reduceAll} runs its later passes on its own). */
    Blocks copy() {
      Blocks c = new Blocks(ext.length);
      System.arraycopy(ext, 0, c.ext, 0, ext.length);
      System.arraycopy(red, 0, c.red, 0, red.length);
      c.n = n;
      return c;
    }

    int lastReduced() {
      for (int k = n - 1; k >= 0; k--) if (red[k]) return k;
      return -1;
    }

    int product(int from, int to) {
      int p = 1;
      for (int k = from; k < to; k++) p *= ext[k];
      return p;
    }

    /** Removes reduced block {@code k}, merging the kept blocks on either side. */
    void remove(int k) {
      boolean merge = k > 0 && k + 1 < n;
      if (merge) ext[k - 1] *= ext[k + 1];
      int drop = merge ? 2 : 1;
      for (int i = k; i + drop < n; i++) { ext[i] = ext[i + drop]; red[i] = red[i + drop]; }
      n -= drop;
    }
  }
}
