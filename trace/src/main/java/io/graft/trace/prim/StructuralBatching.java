package io.graft.trace.prim;

import io.graft.numerics.DType;
import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.trace.Bind;
import io.graft.trace.Const;
import io.graft.trace.Value;
import io.vavr.collection.Vector;

/**
 * Batching of structural primitives whose per-example parameters vary along the batch: dynamic slices with batched
 * start indices become {@link Gather}/{@link ScatterAdd} with operand batching axes ({@link GatherMode#CLIP} clamps
 * each start into {@code [0, dim - window]}, exactly as {@code dynamic_slice} does), and {@code pad} with a batched
 * padding value becomes a gather. Every result has its batch axis in front.
 *
 * <p>Updates that must <em>replace</em> elements (dynamic_update_slice, pad) are written as a gather from the
 * example's elements followed by the new ones: an integer map says, for each output element, which source element it
 * copies. The map is computed with integer ops only, so the result is bit-exact (NaN, infinities, signed zeros and
 * bool included). NB: JAX uses {@code scatter} (replace) and {@code select}; Graft has neither a replacing scatter
 * nor needs a mask here.
 */
final class StructuralBatching {
  private StructuralBatching() {}

  /** True when one of the operands {@code from..} (the start indices) is mapped. */
  static boolean anyMapped(Ints dims, int from) {
    for (int i = from; i < dims.size(); i++) if (dims.get(i) != Batched.NOT_MAPPED) return true;
    return false;
  }

  /**
   * {@code dynamic_slice(x, i...)} for batched indices: one gather whose index rows are the examples' starts; a
   * mapped operand's batch axis, wherever it is, is an operand batching axis.
   */
  static Batched dynamicSlice(Ints sliceSizes, Vector<Value> args, Ints dims, int size) {
    Value idx = starts(args, dims, 1, size);
    int r = sliceSizes.size(), b = dims.get(0);
    Ints window = range(1, r + 1);
    if (b == Batched.NOT_MAPPED)
      return new Batched(gather(args.head(), idx, unbatched(r), sliceSizes), 0);
    GatherDims g = new GatherDims(window, Ints.of(), StructuralRules.shift(Ints.range(r), b), Ints.of(b), Ints.of(0));
    return new Batched(gather(args.head(), idx, g, StructuralRules.insert(sliceSizes, b, 1)), 0);
  }

  /** Gather dimension numbers for windows of an unbatched rank-{@code r} operand at index rows {@code [size, r]}. */
  private static GatherDims unbatched(int r) { return new GatherDims(range(1, r + 1), Ints.of(), Ints.range(r), Ints.of(), Ints.of()); }

  /**
   * {@code dynamic_update_slice(x, u, i...)} for batched indices. With {@code n} and {@code m} the example sizes of
   * {@code x} and {@code u}, flat position {@code j} of an example copies element {@code where[j]} of
   * {@code concat(x.ravel(), u.ravel())}: {@code where} starts as {@code j}, and the window (clamped like the
   * primitive's) gets {@code n + its offset in u}, added by a scatter as {@code (n + offset) - j}.
   */
  static Batched dynamicUpdateSlice(Vector<Value> args, Ints dims, int size) {
    Value idx = starts(args, dims, 2, size);
    Value x = Batching.moveTo(new Batched(args.get(0), dims.get(0)), 0, size);
    Value u = Batching.moveTo(new Batched(args.get(1), dims.get(1)), 0, size);
    Shape xs = x.type().shape().drop(0), us = u.type().shape().drop(0);
    int n = xs.size(), m = us.size(), r = xs.rank();
    Ints window = range(1, r + 1);
    Value pos = reshape(iota(n), xs);
    Value fresh = reshape(Bind.bind1(Slice.of(Ints.of(n), Ints.of(n + m)), iota(n + m)), us);
    Value covered = gather(pos, idx, unbatched(r), Ints.of(us.dims()));
    Value all = Batching.moveTo(new Batched(pos, Batched.NOT_MAPPED), 0, size);
    ScatterDims s = new ScatterDims(window, Ints.of(), window, Ints.of(0), Ints.of(0));
    Shape cs = covered.type().shape();                             // the batch of covered positions: [size, us...]
    Value delta = LaxOps.sub(LaxOps.broadcastInDim(fresh, cs, range(1, cs.rank())), covered);
    Value where = Bind.bind1(new ScatterAdd(s, ScatterMode.CLIP), all, idx, delta);
    return new Batched(take(x, u, where, size), 0);
  }

  /**
   * {@code pad(x, v)} with a batched padding value {@code v}: the static map {@code pad(arange(n), n)} sends each
   * output element to its operand element, or to {@code v} appended after the example's {@code n} elements.
   */
  static Batched padWithBatchedValue(PadConfig config, Vector<Value> args, Ints dims, int size) {
    Value x = Batching.moveTo(new Batched(args.get(0), dims.get(0)), 0, size);
    Value v = Batching.moveTo(new Batched(args.get(1), dims.get(1)), 0, size);
    Shape xs = x.type().shape().drop(0);
    int n = xs.size();
    Value nIndex = Const.of(NdArray.scalarLong(DType.I32, n));
    Value pos = Bind.bind1(new Pad(config), reshape(iota(n), xs), nIndex);
    Value where = Batching.moveTo(new Batched(pos, Batched.NOT_MAPPED), 0, size);
    return new Batched(take(x, reshape(v, Shape.of(size, 1)), where, size), 0);
  }

  /** {@code out[b, j...] = concat(x[b].ravel(), tail[b].ravel())[where[b, j...]]}: one gather per example row. */
  private static Value take(Value x, Value tail, Value where, int size) {
    Value src = Bind.bind1(new Concatenate(1), flat(x, size), flat(tail, size));
    Value idx = reshape(where, where.type().shape().insert(where.type().rank(), 1));
    GatherDims g = new GatherDims(Ints.of(), Ints.of(1), Ints.of(1), Ints.of(0), Ints.of(0));
    return gather(src, idx, g, Ints.of(1, 1));
  }

  /**
   * The example starts {@code args[from..]} as one index array {@code [size, r]}: mapped ones (shape {@code [size]})
   * as they are, unmapped ones broadcast.
   */
  private static Value starts(Vector<Value> args, Ints dims, int from, int size) {
    Value[] cols = new Value[args.size() - from];
    for (int k = 0; k < cols.length; k++)
      cols[k] = reshape(Batching.moveTo(new Batched(args.get(from + k), dims.get(from + k)), 0, size), Shape.of(size, 1));
    return cols.length == 1 ? cols[0] : Bind.bind1(new Concatenate(1), cols);
  }

  private static Value gather(Value x, Value idx, GatherDims g, Ints sliceSizes) {
    return Bind.bind1(new Gather(g, sliceSizes, GatherMode.CLIP), x, idx);
  }

  private static Value flat(Value x, int size) { return reshape(x, Shape.of(size, x.type().shape().drop(0).size())); }

  private static Value iota(int n) { return Bind.bind1(new Iota(DType.I32, Shape.of(n), 0)); }

  private static Value reshape(Value x, Shape s) { return x.type().shape().equals(s) ? x : Bind.bind1(new Reshape(s), x); }

  private static Ints range(int from, int to) {
    int[] out = new int[to - from];
    for (int i = 0; i < out.length; i++) out[i] = from + i;
    return Ints.of(out);
  }
}
