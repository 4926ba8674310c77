package io.graft.numerics.kernels;

/**
 * A matrix addressed through two offset tables, {@code M[r, c] = store[rowOffset[r] + colOffset[c]]}, that the
 * blocked GEMM packs straight into its panels: the implicit im2col matrix of a convolution ({@code rowOffset} = the
 * input offset of an output position, {@code colOffset} = the offset of a (window tap, input feature) pair from it)
 * and the matching rows of its kernel, read without first copying them into a dense matrix.
 *
 * <p>The tables are owned by the caller and must not change while a product reads them. Runs of consecutive offsets
 * are detected once ({@link #unitColumns}, {@link #unitRows}) so that packing copies them as blocks.
 */
final class GemmGathered implements GemmSource {
  /** A {@code float[]} or {@code double[]} (read, never written). */
  final Object store;
  final int[] rowOffset, colOffset;
  /** {@code colOffset[c] == colOffset[0] + c} for every column. */
  final boolean unitColumns;
  /**
   * The column run length: the largest {@code L} dividing the column count such that the offsets are consecutive
   * within every aligned block of {@code L} columns (a channels-last convolution's input features of one tap).
   */
  final int run;
  /** {@code rowOffset[r] == rowOffset[0] + r} for every row. */
  final boolean unitRows;

  /** The tables' hash codes ({@code Arrays.hashCode}), for the key under which {@link GemmPrepacked} keeps B blocks. */
  final int rowHash, colHash;

  GemmGathered(Object store, int[] rowOffset, int[] colOffset) {
    this.store = store;
    this.rowOffset = rowOffset;
    this.colOffset = colOffset;
    this.unitColumns = consecutive(colOffset);
    this.unitRows = consecutive(rowOffset);
    this.run = run(colOffset);
    this.rowHash = java.util.Arrays.hashCode(rowOffset);
    this.colHash = java.util.Arrays.hashCode(colOffset);
  }

  /** {@code like}'s tables and their analysis over {@code store}: a convolution's plan reused on new operands. */
  GemmGathered(Object store, GemmGathered like) {
    this.store = store;
    this.rowOffset = like.rowOffset;
    this.colOffset = like.colOffset;
    this.unitColumns = like.unitColumns;
    this.unitRows = like.unitRows;
    this.run = like.run;
    this.rowHash = like.rowHash;
    this.colHash = like.colHash;
  }

  private static int run(int[] off) {
    int n = off.length, first = n;       // the first break in consecutiveness bounds the run
    for (int i = 1; i < n && first == n; i++) if (off[i] != off[i - 1] + 1) first = i;
    for (int l = Math.max(1, first); l > 1; l--) {
      if (n % l != 0) continue;
      boolean ok = true;
      for (int i = 1; i < n && ok; i++) ok = i % l == 0 || off[i] == off[i - 1] + 1;
      if (ok) return l;
    }
    return 1;
  }

  /** Whether {@code off[from + i] == off[from] + i} for {@code i < n}: a run of rows the packing copies as one block per column. */
  static boolean consecutive(int[] off, int from, int n) {
    int first = off[from];
    for (int i = 1; i < n; i++) if (off[from + i] != first + i) return false;
    return true;
  }

  private static boolean consecutive(int[] off) {
    for (int i = 1; i < off.length; i++) if (off[i] != off[0] + i) return false;
    return true;
  }
}
