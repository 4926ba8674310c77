package io.graft.jit.cpu;

import io.graft.jit.kernel.Access;
import io.graft.jit.kernel.Kernel;
import io.graft.jit.kernel.Reduction;
import io.graft.numerics.Ints;
import io.graft.numerics.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Longer rows for an elementwise kernel whose canonical rows are short because one input repeats a single row: a
 * bias or BatchNorm scale over the channels of a channels-last activation ({@code x[N,H,W,16] + b[16]} walks
 * {@code N·H·W} rows of 16 elements, and every row costs a call into the generated loop). Such an input (every outer
 * stride 0, row stride 1 or 0) is <em>periodic</em>; when every other input merges across the last two canonical axes,
 * {@code m} consecutive rows become one of {@code m·rowLen} elements, and each periodic input is read from a copy of
 * its row repeated {@code m} times ({@link #inputs}: at most {@link #TARGET} elements, made again only when the row changes). The result and
 * every element's value are unchanged; the loops see one kernel over the space {@code (outer..., S/m, m·rowLen)}.
 * <pre>{@code
 * // f32[1,28,28,16] = x + b (b strides (0,0,0,1)): 784 rows of 16 -> 49 rows of 256, b tiled to 256 elements
 * }</pre>
 *
 * @param kernel   the widened kernel (the loops compile this one)
 * @param periodic per input, whether it is read from a tiled copy
 * @param rowLen   the original row length
 * @param factor   rows per widened row ({@code m})
 */
record RowWidening(Kernel kernel, boolean[] periodic, int rowLen, int factor) {
  /** Rows shorter than this are widened. */
  static final int SHORT_ROW = 256;
  /** Most elements of a widened row (and of a tiled copy). */
  static final int TARGET = 1024;
  /** {@code -Dgraft.widenRows=false} runs short rows as they are (for comparisons). */
  static final boolean ENABLED = !"false".equals(System.getProperty("graft.widenRows"));

  /** The widening of an elementwise kernel over its canonical {@code nest}, or null when none applies. */
  static RowWidening of(Kernel k, LoopNest nest) {
    int axes = nest.sizes.length, inner = axes - 1, outer = axes - 2, n = k.inputs().size();
    if (!ENABLED || k.reduction() != Reduction.NONE || axes < 2 || nest.rowLen >= SHORT_ROW) return null;
    boolean[] periodic = new boolean[n];
    boolean any = false;
    for (int i = 0; i < n; i++) {
      int[] s = nest.strides[i];
      if (s[outer] == s[inner] * nest.rowLen) continue;                 // merges like the result
      for (int a = 0; a < inner; a++) if (s[a] != 0) return null;      // neither merging nor one repeated row
      if (s[inner] > 1) return null;
      periodic[i] = any = true;
    }
    int m = factor(nest.sizes[outer], nest.rowLen);
    if (!any || m < 2) return null;
    int[] dims = nest.sizes.clone();
    dims[outer] /= m;
    dims[inner] *= m;
    List<Access> in = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int[] s = nest.strides[i].clone();
      if (!periodic[i]) s[outer] *= m;
      in.add(new Access(k.inputs().get(i).dtype(), Ints.of(s)));
    }
    return new RowWidening(new Kernel(k.dtype(), Shape.of(dims), in, k.body(), Reduction.NONE, Ints.of(), k.outDType()),
        periodic, nest.rowLen, m);
  }

  /** The largest divisor {@code m} of {@code rows} with {@code m·rowLen <= TARGET}. */
  static int factor(int rows, int rowLen) {
    for (int m = Math.min(rows, TARGET / Math.max(1, rowLen)); m > 1; m--) if (rows % m == 0) return m;
    return 1;
  }

  /**
   * The stores the widened kernel reads: each periodic input's row repeated {@link #factor} times, the others as given.
   * {@code kept} (one slot per input, owned by the compiled kernel) holds the last tiled copy of each periodic input;
   * it is reused while the row it was made from has the same bits (a bias or a batch norm's scale, closed over by a
   * jitted function, is the same row on every call), so a call tiles only rows that changed.
   */
  Object[] inputs(Object[] stores, AtomicReferenceArray<Object> kept) {
    Object[] w = stores.clone();
    for (int i = 0; i < w.length; i++) {
      if (!periodic[i] || kernel.inputs().get(i).strides().get(kernel.space().rank() - 1) == 0) continue;
      Object row = stores[i], last = kept.get(i);
      if (last != null && sameRow(row, last, rowLen)) { w[i] = last; continue; }
      Object tiled = java.lang.reflect.Array.newInstance(row.getClass().getComponentType(), rowLen * factor);
      System.arraycopy(row, 0, tiled, 0, rowLen);
      for (int have = rowLen; have < rowLen * factor; have *= 2)
        System.arraycopy(tiled, 0, tiled, have, Math.min(have, rowLen * factor - have));
      kept.set(i, tiled);                    // published whole: the loops only read it
      w[i] = tiled;
    }
    return w;
  }

  /** Whether the first {@code n} elements of two stores of one type have the same bits (NaN payloads included). */
  static boolean sameRow(Object a, Object b, int n) {
    return switch (a) {
      case float[] x -> {
        if (!(b instanceof float[] y)) yield false;
        for (int j = 0; j < n; j++) if (Float.floatToRawIntBits(x[j]) != Float.floatToRawIntBits(y[j])) yield false;
        yield true;
      }
      case double[] x -> {
        if (!(b instanceof double[] y)) yield false;
        for (int j = 0; j < n; j++) if (Double.doubleToRawLongBits(x[j]) != Double.doubleToRawLongBits(y[j])) yield false;
        yield true;
      }
      case int[] x -> b instanceof int[] y && Arrays.equals(x, 0, n, y, 0, n);
      case long[] x -> b instanceof long[] y && Arrays.equals(x, 0, n, y, 0, n);
      case short[] x -> b instanceof short[] y && Arrays.equals(x, 0, n, y, 0, n);
      case byte[] x -> b instanceof byte[] y && Arrays.equals(x, 0, n, y, 0, n);
      case boolean[] x -> b instanceof boolean[] y && Arrays.equals(x, 0, n, y, 0, n);
      default -> false;
    };
  }
}
