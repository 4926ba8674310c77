package io.graft.numerics.kernels;

import io.graft.numerics.DType;
import io.graft.numerics.DTypeError;
import io.graft.numerics.NdArray;
import io.graft.numerics.Parallel;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;
import java.util.List;

/**
 * Selection kernels: {@code select_n} ({@code out[i] = cases[which[i]][i]}) and {@code clamp}
 * ({@code out[i] = min(max(x[i], lo[i]), hi[i])}). Every operand either has the output's shape or is rank-0 (then
 * its one element is read for every position, through a stride of 0). Large outputs are split over the kernel
 * threads; bool {@code which} with two cases (the {@code where} pattern) has its own loop per dtype.
 */
public final class SelectKernels {
  private SelectKernels() {}

  /**
   * {@code cases[which[i]][i]}: {@code which} is bool (exactly two cases: false picks {@code cases[0]}) or i32
   * (indices outside {@code [0, cases.size())} are clamped into it); the cases share one dtype.
   */
  public static NdArray selectN(NdArray which, List<NdArray> cases) {
    check(which, cases);
    Shape shape = which.shape();
    for (NdArray c : cases) if (c.rank() > 0) shape = c.shape();
    int n = shape.size(), m = cases.size(), sw = which.rank() == 0 ? 0 : 1;
    int[] st = new int[m];
    Object[] cs = new Object[m];
    for (int k = 0; k < m; k++) { st[k] = cases.get(k).rank() == 0 ? 0 : 1; cs[k] = cases.get(k).store(); }
    DType d = cases.getFirst().dtype();
    Object out = NdArray.newStore(d, n);
    if (which.dtype() == DType.BOOL) {
      boolean[] w = which.bool();
      Parallel.range(n, UnaryKernels.CHEAP_GRAIN, (lo, hi) -> SelectLoops.where(w, sw, cs[1], st[1], cs[0], st[0], out, lo, hi));
    } else {
      int[] w = which.i32();
      Parallel.range(n, UnaryKernels.CHEAP_GRAIN, (lo, hi) -> SelectLoops.choose(w, sw, cs, st, out, lo, hi));
    }
    return NdArray.wrapStore(d, shape, out);
  }

  private static void check(NdArray which, List<NdArray> cases) {
    String types = types(which, cases);
    if (cases.isEmpty()) throw new ShapeError("select_n: needs at least one case, got " + types);
    if (which.dtype() != DType.BOOL && which.dtype() != DType.I32)
      throw new DTypeError("select_n: which must be bool or i32, got " + types);
    if (which.dtype() == DType.BOOL && cases.size() != 2)
      throw new ShapeError("select_n: a bool which needs exactly 2 cases, got " + types);
    Shape shape = null;
    for (int i = -1; i < cases.size(); i++) {
      NdArray a = i < 0 ? which : cases.get(i);
      if (i >= 0 && a.dtype() != cases.getFirst().dtype())
        throw new DTypeError("select_n: cases must share one dtype, got " + types);
      if (a.rank() == 0) continue;
      if (shape != null && !shape.equals(a.shape()))
        throw new ShapeError("select_n: operand shapes must be equal (or rank-0), got " + types);
      shape = a.shape();
    }
  }

  private static String types(NdArray which, List<NdArray> cases) {
    StringBuilder b = new StringBuilder(which.dtype() + "" + which.shape());
    for (NdArray c : cases) b.append(", ").append(c.dtype()).append(c.shape());
    return b.toString();
  }

  /** {@code min(max(x, lo), hi)} (NaN-propagating for floats); {@code lo}, {@code hi} rank-0 or {@code x}'s shape. */
  public static NdArray clamp(NdArray lo, NdArray x, NdArray hi) {
    String types = lo.dtype() + "" + lo.shape() + ", " + x.dtype() + x.shape() + ", " + hi.dtype() + hi.shape();
    if (lo.dtype() != x.dtype() || hi.dtype() != x.dtype())
      throw new DTypeError("clamp: operands must share one dtype, got " + types);
    Pairwise.check("clamp", Domain.NUMERIC, x.dtype(), x.shape());
    if ((lo.rank() > 0 && !lo.shape().equals(x.shape())) || (hi.rank() > 0 && !hi.shape().equals(x.shape())))
      throw new ShapeError("clamp: min and max must be rank-0 or have x's shape, got " + types);
    int n = x.size(), sl = lo.rank() == 0 ? 0 : 1, sh = hi.rank() == 0 ? 0 : 1;
    Object out = NdArray.newStore(x.dtype(), n);
    Parallel.range(n, UnaryKernels.CHEAP_GRAIN, (a, b) -> SelectLoops.clamp(lo.store(), sl, x.store(), hi.store(), sh, out, a, b));
    return NdArray.wrapStore(x.dtype(), x.shape(), out);
  }
}
