package io.graft.jit.cpu;

import io.graft.jit.kernel.Kernel;
import io.graft.jit.kernel.Reduction;
import io.graft.numerics.DType;
import io.graft.numerics.Parallel;
import io.graft.numerics.kernels.ElementSource;
import io.graft.numerics.kernels.Reductions;
import java.util.Arrays;

/**
 * Runs a kernel's {@link LoopNest} over the kernel threads. Elementwise ({@code NONE}): the flat element range is
 * split into chunks of at least {@link #GRAIN} elements, each written in place (rows may be split between chunks).
 * {@code SUM} ({@link #sum}): the body is read block by block by the eager sum of numerics
 * ({@link Reductions#reduce(Reductions.Op, ElementSource, io.graft.numerics.Shape, int[])}), so a fused sum has the
 * eager sum's blocks (f64 blocks of 2048 elements with 16 accumulators, combined pairwise; row passes of 128 rows),
 * order and bits. {@code MAX}/{@code MIN} (exact in any order) fold into f64 accumulators initialised to the identity: when the outermost canonical axis is kept,
 * chunks of it own disjoint results; otherwise the flat range is cut into {@link #foldChunks} fixed chunks (a
 * function of the sizes only), each with its own partial result, combined in chunk order; threads only choose which
 * chunks they fold. Results depend on the data and sizes only: never on the thread count, scheduling or JIT tier.
 * Small kernels run on the caller's thread.
 */
final class NestRunner {
  /** Minimum elements per parallel chunk. */
  static final int GRAIN = 1 << 15;

  private NestRunner() {}

  /** Writes the body's values for every index of the space into {@code out} (a store of the result dtype). */
  static void write(LoopNest nest, RowEval.Factory rows, Object[] in, Object out) {
    Parallel.range(nest.total, GRAIN, (lo, hi) -> {
      RowEval ev = rows.create(in);
      int[] base = new int[in.length];
      nest.segments(lo, hi, base, (ob, j0, j1) -> ev.write(base, out, ob, j0, j1));
    });
  }

  /**
   * Elements per piece of a multi-output pass ({@link #writeAll}): each part's loop runs over one piece before the
   * next part runs over it, so the inputs are read from memory once and from L1 by the later parts (1,024 f32
   * elements are 4 KiB per input or output).
   */
  static final int PIECE = 1 << 10;

  /**
   * Writes several elementwise kernels over one nest in one pass: the chunks and rows of {@link #write}, each row cut
   * into pieces of {@link #PIECE} elements, and every part's evaluator run over a piece in turn ({@code out[p]}
   * receives part {@code p}). Each element is computed by the same loop as when its part runs alone. {@code staged}:
   * every part writes its piece into a scratch block, and the blocks are copied out after all parts ran, so an output
   * may be an input read at the positions it writes.
   */
  static void writeAll(LoopNest nest, RowEval.Factory[] rows, Object[] in, Object[] out, boolean staged) {
    writeAll(nest, rows, null, in, out, staged);
  }

  /**
   * {@link #writeAll} with the parts' generated {@link MultiLoop} ({@code null}: none), which writes each row's whole
   * vectors in one pass, every part computed before any is stored; the parts' own evaluators write the rest of the
   * row as above. The same loop code computes every element either way, so the bits do not change.
   */
  static void writeAll(LoopNest nest, RowEval.Factory[] rows, MultiLoop multi, Object[] in, Object[] out, boolean staged) {
    Parallel.range(nest.total, GRAIN, (lo, hi) -> {
      RowEval[] ev = new RowEval[rows.length];
      for (int p = 0; p < ev.length; p++) ev[p] = rows[p].create(in);
      Object[] scratch = staged ? staging(out) : null;
      int[] base = new int[in.length];
      nest.segments(lo, hi, base, (ob, start, j1) -> {
        int j0 = multi == null ? start : multi.writeVectors(in, base, out, ob, start, j1);
        for (int a = j0; a < j1; a += PIECE) {
          int b = Math.min(j1, a + PIECE);
          if (!staged) {
            for (int p = 0; p < ev.length; p++) ev[p].write(base, out[p], ob, a, b);
            continue;
          }
          for (int p = 0; p < ev.length; p++) ev[p].write(base, scratch[p], -a, a, b);   // element j at j - a
          for (int p = 0; p < ev.length; p++) System.arraycopy(scratch[p], 0, out[p], ob + a, b - a);
        }
      });
    });
  }

  /**
   * Each thread's staging blocks ({@link #PIECE} elements each) per element type, lent to every staged pass it runs: a
   * pass over Adam's three outputs took 3 × 4 KB per chunk, 96 KB of W10's step (2026-12-06). A chunk's body runs no
   * other pass, so a thread never needs two sets at once.
   */
  private static final ThreadLocal<java.util.Map<Class<?>, Object[]>> STAGING = ThreadLocal.withInitial(java.util.HashMap::new);

  /** One staging block per output, of its element type: the thread's own, the i-th of a type for its i-th output. */
  private static Object[] staging(Object[] out) {
    java.util.Map<Class<?>, Object[]> kept = STAGING.get();
    Object[] blocks = new Object[out.length];
    for (int p = 0; p < out.length; p++) {
      Class<?> type = out[p].getClass().getComponentType();
      int same = 0;
      for (int q = 0; q < p; q++) if (out[q].getClass() == out[p].getClass()) same++;
      Object[] ofType = kept.get(type);
      if (ofType == null || ofType.length <= same) {
        ofType = ofType == null ? new Object[same + 1] : java.util.Arrays.copyOf(ofType, same + 1);
        kept.put(type, ofType);
      }
      if (ofType[same] == null) ofType[same] = java.lang.reflect.Array.newInstance(type, PIECE);
      blocks[p] = ofType[same];
    }
    return blocks;
  }

  /**
   * A SUM kernel's f64 results: its body over the whole space ({@code body}, the nest of the elementwise kernel
   * {@code rows} evaluates) read block by block, in row-major order, by the eager sum, so the result is the eager
   * {@code sum} of the materialized body bit for bit. Each reader evaluates the rows of its block into the block's
   * scratch.
   */
  static double[] sum(Kernel k, LoopNest body, RowEval.Factory rows, Object[] in) {
    ElementSource src = new ElementSource() {
      @Override public DType dtype() { return k.dtype(); }

      @Override public ElementSource.Reader reader() {
        RowEval ev = rows.create(in);
        int[] base = new int[in.length];
        return (start, n, dst) -> body.segments(start, start + n, base, (ob, j0, j1) -> ev.write(base, dst, ob - start, j0, j1));
      }
    };
    return Reductions.reduce(Reductions.Op.SUM, src, k.space(), k.reducedAxes().toArray());
  }

  /**
   * Sibling SUM kernels' f64 results (one space, inputs and reduced axes; {@code body} their common producer nest):
   * {@link #sum} of each, with the block readers interleaved ({@link Reductions#reduceAll}) so that every block of
   * the shared inputs is read from memory once for all of them; each result has the bits of its own {@link #sum}.
   */
  static double[][] sumAll(Kernel[] ks, LoopNest body, RowEval.Factory[] rows, Object[] in) {
    ElementSource[] srcs = new ElementSource[ks.length];
    for (int p = 0; p < ks.length; p++) {
      Kernel k = ks[p];
      RowEval.Factory f = rows[p];
      srcs[p] = new ElementSource() {
        @Override public DType dtype() { return k.dtype(); }

        @Override public ElementSource.Reader reader() {
          RowEval ev = f.create(in);
          int[] base = new int[in.length];
          return (start, n, dst) -> body.segments(start, start + n, base, (ob, j0, j1) -> ev.write(base, dst, ob - start, j0, j1));
        }
      };
    }
    return Reductions.reduceAll(Reductions.Op.SUM, srcs, ks[0].space(), ks[0].reducedAxes().toArray());
  }

  /** The fold of the body over the reduced axes (MAX, MIN): one f64 per result element. */
  static double[] fold(LoopNest nest, Reduction r, RowEval.Factory rows, Object[] in) {
    double[] acc = identities(r, nest.resultSize);
    if (nest.total == 0) return acc;
    if (!nest.reduced[0]) {
      int per = nest.total / nest.sizes[0];
      Parallel.range(nest.sizes[0], Math.max(1, GRAIN / per),
          (lo, hi) -> foldRange(nest, r, rows.create(in), in.length, acc, lo * per, hi * per));
      return acc;
    }
    int chunks = foldChunks(nest);
    if (chunks == 1) {
      foldRange(nest, r, rows.create(in), in.length, acc, 0, nest.total);
      return acc;
    }
    double[][] partial = new double[chunks][];
    Parallel.range(chunks, 1, (c0, c1) -> {
      RowEval ev = rows.create(in);
      for (int c = c0; c < c1; c++) {
        partial[c] = identities(r, nest.resultSize);
        int lo = (int) ((long) nest.total * c / chunks), hi = (int) ((long) nest.total * (c + 1) / chunks);
        foldRange(nest, r, ev, in.length, partial[c], lo, hi);
      }
    });
    for (double[] p : partial) {                     // in chunk order: deterministic
      for (int i = 0; i < acc.length; i++) acc[i] = r.combine(acc[i], p[i]);
    }
    return acc;
  }

  /** Most partial results of one fold, and most f64 partial elements in all (bounds the scratch: 8 MB). */
  static final int MAX_CHUNKS = 64, MAX_PARTIAL = 1 << 20;

  /**
   * The fixed chunks of a fold over a reduced outermost axis: at least {@link #GRAIN} elements each, at most
   * {@link #MAX_CHUNKS}, and {@code chunks * resultSize <= MAX_PARTIAL}; a function of the nest's sizes only.
   */
  static int foldChunks(LoopNest nest) {
    long byWork = nest.total / GRAIN, byMemory = MAX_PARTIAL / Math.max(1, nest.resultSize);
    return (int) Math.max(1, Math.min(MAX_CHUNKS, Math.min(byWork, byMemory)));
  }

  private static void foldRange(LoopNest nest, Reduction r, RowEval ev, int nIn, double[] acc, int lo, int hi) {
    int[] base = new int[nIn];
    if (nest.innerReduced()) {
      nest.segments(lo, hi, base, (ob, j0, j1) -> acc[ob] = r.combine(acc[ob], ev.reduce(base, j0, j1)));
    } else {
      nest.segments(lo, hi, base, (ob, j0, j1) -> ev.accumulate(base, acc, ob, j0, j1));
    }
  }

  private static double[] identities(Reduction r, int n) {
    double[] a = new double[n];
    if (r != Reduction.SUM) Arrays.fill(a, r.identity());
    return a;
  }

  /** Rounds the f64 fold into the result store ({@code float[]} or {@code double[]}). */
  static void storeFold(double[] acc, Object out) {
    switch (out) {
      case double[] o -> System.arraycopy(acc, 0, o, 0, acc.length);
      case float[] o -> { for (int i = 0; i < acc.length; i++) o[i] = (float) acc[i]; }
      default -> throw new IllegalArgumentException("fused kernel: a reduction result must be f32 or f64, got " + out.getClass());
    }
  }
}
