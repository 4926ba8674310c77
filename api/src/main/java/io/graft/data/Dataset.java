package io.graft.data;

import io.graft.Array;
import io.graft.numerics.DType;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;
import io.graft.numerics.kernels.Copy;
import io.graft.trace.ConcretizationError;
import io.graft.trace.Const;
import io.graft.trace.tree.TreeDef;
import io.vavr.Tuple2;
import io.vavr.collection.Iterator;
import io.vavr.collection.Vector;
import java.util.Arrays;
import java.util.Objects;

/**
 * An in-memory dataset: a pytree (e.g. {@link Examples}, or any record of arrays) whose leaves share their leading
 * dimension, the example index. {@link #batches} walks it in batches, in order or shuffled by a seed.
 * <pre>{@code
 * Dataset<Examples> train = Dataset.of(FashionMnist.load().train());
 * for (int epoch = 0; epoch < 10; epoch++)
 *   for (Batch<Examples> b : train.batches(128, Shuffle.seed(42, epoch), Dataset.Remainder.DROP))
 *     state = step.apply(state, b.data());
 * }</pre>
 * The data is copied out of the arrays once, when the dataset is made; each batch is a fresh copy of its rows.
 *
 * @param <T> the tree type
 */
public final class Dataset<T> {
  /** What to do with the examples left over when the size is not a multiple of the batch size. */
  public enum Remainder {
    /** Leave them out: every batch is full (shapes never change, so a jitted step compiles once). */
    DROP,
    /** Fill the last batch up with zero rows, marked by {@link Batch#mask()} (full shapes, no example lost). */
    PAD,
    /** Give a smaller last batch (for evaluation; a jitted step compiles once more for its shape). */
    PARTIAL
  }

  /** One leaf held as a Java array: {@code rowLength} elements per example. */
  private record Column(DType dtype, Shape shape, Object store, int rowLength) {}

  private final TreeDef def;
  private final Vector<Column> columns;
  private final int size;

  private Dataset(TreeDef def, Vector<Column> columns, int size) {
    this.def = def;
    this.columns = columns;
    this.size = size;
  }

  /**
   * The dataset of {@code tree}'s leaves, which must be concrete arrays of rank at least 1 with one leading size.
   *
   * @throws ShapeError if a leaf is a scalar or the leading sizes differ
   */
  public static <T> Dataset<T> of(T tree) {
    Objects.requireNonNull(tree, "tree is null");
    Tuple2<Vector<Array>, TreeDef> flat = io.graft.Tree.flatten(tree);
    Vector<Array> leaves = flat._1;
    if (leaves.isEmpty()) throw new ShapeError("Dataset.of: the tree " + flat._2 + " has no array leaves");
    Vector<String> paths = io.graft.trace.tree.Trees.paths(tree);
    int n = leaves.head().ndim() == 0 ? -1 : leaves.head().shape()[0];
    if (n < 0 || leaves.exists(a -> a.ndim() == 0 || a.shape()[0] != n))
      throw new ShapeError("Dataset.of: every leaf needs the same leading dimension (the example index), got "
          + paths.zipWith(leaves, (p, a) -> (p.isEmpty() ? "tree" : p) + " " + a.dtype() + Arrays.toString(a.shape())).mkString(", "));
    Vector<Column> cols = leaves.map(a -> new Column(a.dtype(), Shape.of(a.shape()), store(a), n == 0 ? 0 : a.size() / n));
    return new Dataset<>(flat._2, cols, n);
  }

  /** The number of examples. */
  public int size() { return size; }

  /** The number of batches {@link #batches} gives for {@code batchSize} and {@code remainder}. */
  public int batchCount(int batchSize, Remainder remainder) {
    checkBatchSize(batchSize);
    Objects.requireNonNull(remainder, "remainder is null");
    return remainder == Remainder.DROP ? size / batchSize : (size + batchSize - 1) / batchSize;
  }

  /** The examples at {@code indices}, in that order, as one tree (leading dimension {@code indices.length}). */
  public T take(int... indices) {
    Objects.requireNonNull(indices, "indices is null");
    for (int i : indices)
      if (i < 0 || i >= size) throw new IndexOutOfBoundsException("Dataset.take: index " + i + " out of range [0, " + size + ")");
    return gather(indices, 0, indices.length, indices.length);
  }

  /** The batches in order (no shuffling). */
  public Iterator<Batch<T>> batches(int batchSize, Remainder remainder) {
    return batches(batchSize, null, remainder);
  }

  /**
   * The batches of one epoch, the examples shuffled by {@link Shuffle#permutation}{@code (size(), seed)}; the same
   * seed gives the same batches. Pass a different seed per epoch, e.g. {@link Shuffle#seed}{@code (run, epoch)}.
   * The iterator is lazy: each batch is gathered when asked for (wrap it in {@link Prefetch} to overlap that with
   * training). NB: a key-taking overload ({@code jax.random.permutation}) belongs here once {@code io.graft.Random}
   * lands.
   */
  public Iterator<Batch<T>> batches(int batchSize, long seed, Remainder remainder) {
    return batches(batchSize, Shuffle.permutation(size, seed), remainder);
  }

  private Iterator<Batch<T>> batches(int batchSize, int[] order, Remainder remainder) {
    int count = batchCount(batchSize, remainder);
    int[] idx = order != null ? order : identity(size);
    return Iterator.range(0, count).map(b -> {
      int from = b * batchSize, to = Math.min(size, from + batchSize);
      int rows = remainder == Remainder.PARTIAL ? to - from : batchSize;
      return new Batch<>(gather(idx, from, to, rows), to - from, b);
    });
  }

  /** The tree of rows {@code idx[from..to)}, zero-padded to {@code rows} rows. */
  private T gather(int[] idx, int from, int to, int rows) {
    Vector<Array> leaves = columns.map(c -> {
      Object out = NdArray.newStore(c.dtype(), Math.multiplyExact(rows, c.rowLength()));
      Copy.rows(c.store(), c.rowLength(), idx, from, to, out);
      int[] dims = c.shape().dims();
      dims[0] = rows;
      return Array.wrap(Const.of(NdArray.wrapStore(c.dtype(), Shape.of(dims), out)));
    });
    return io.graft.Tree.unflatten(def, leaves);
  }

  private static void checkBatchSize(int batchSize) {
    if (batchSize <= 0) throw new IllegalArgumentException("Dataset.batches: batchSize must be positive, got " + batchSize);
  }

  private static int[] identity(int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) p[i] = i;
    return p;
  }

  /** The array's own buffer, read only (no copy: a dataset's images are not held twice). */
  static Object store(Array a) {
    if (a.value() instanceof Const c) return c.array().store();
    throw new ConcretizationError("Dataset.of: " + a.value().type() + " is a traced or abstract value with no data; "
        + "pass concrete arrays, outside any transform");
  }
}
