package io.graft.trace.prim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.graft.numerics.DType;
import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.trace.ShapedType;
import io.vavr.collection.Vector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Laws between the two primitives: a gather's output type is a valid updates type for the scatter with
 * {@link ScatterDims#fromGather}, and that scatter_add is the gather's adjoint:
 * {@code <gather(x), u> == <x, scatter_add(0, idx, u)>}.
 */
class IndexingProperties {
  /** A random valid gather on {@code x} (batching axes included): its record, and its start indices. */
  private record Case(Gather gather, NdArray indices) {}

  private static Case randomGather(Random r, Shape x, boolean clip) {
    int rank = x.rank();
    List<Integer> collapsed = new ArrayList<>(), batching = new ArrayList<>(), free = new ArrayList<>();
    int[] slice = new int[rank];
    for (int d = 0; d < rank; d++) {
      int role = r.nextInt(3);
      slice[d] = role == 0 ? r.nextInt(x.dim(d) + 1) : 1;
      if (role == 1) collapsed.add(d);
      if (role == 2) batching.add(d); else free.add(d);
    }
    Collections.shuffle(free, r);
    List<Integer> map = free.subList(0, r.nextInt(free.size() + 1));
    int nb = batching.size() + r.nextInt(2), nw = rank - collapsed.size() - batching.size();
    int[] idxShape = new int[nb + 1], idxBatching = new int[batching.size()];
    for (int j = 0; j < nb; j++) idxShape[j] = 1 + r.nextInt(3);
    for (int i = 0; i < batching.size(); i++) { idxBatching[i] = nb - 1 - i; idxShape[nb - 1 - i] = x.dim(batching.get(i)); }
    idxShape[nb] = map.size();
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < nw + nb; i++) out.add(i);
    Collections.shuffle(out, r);
    GatherDims dims = new GatherDims(ints(out.subList(0, nw).stream().sorted().toList()), ints(collapsed), ints(map),
        ints(batching), Ints.of(idxBatching));
    long[] idx = new long[Shape.of(idxShape).size()];
    for (int i = 0; i < idx.length; i++) {
      int d = map.get(i % map.size()), hi = x.dim(d) - slice[d];
      idx[i] = clip ? r.nextInt(hi + 5) - 2 : r.nextInt(hi + 1);
    }
    return new Case(new Gather(dims, Ints.of(slice), clip ? GatherMode.CLIP : GatherMode.FILL), NdArray.wrap(Shape.of(idxShape), idx));
  }

  private static Ints ints(List<Integer> xs) { return Ints.of(xs.stream().mapToInt(Integer::intValue).toArray()); }

  private static NdArray random(Random r, Shape s) {
    double[] v = new double[s.size()];
    for (int i = 0; i < v.length; i++) v[i] = r.nextInt(11) - 5;
    return NdArray.wrap(s, v);
  }

  @Property(tries = 50)
  void scatterAddIsTheAdjointOfGather(@ForAll long seed) {
    Random r = new Random(seed);
    int[] dims = new int[r.nextInt(4)];
    for (int d = 0; d < dims.length; d++) dims[d] = 1 + r.nextInt(3);
    Shape xs = Shape.of(dims);
    boolean clip = r.nextBoolean();
    Case c = randomGather(r, xs, clip);
    ShapedType xt = ShapedType.of(DType.F64, xs), it = ShapedType.of(DType.I64, c.indices().shape());
    ShapedType outType = c.gather().type(Vector.of(xt, it));
    ScatterAdd scatter = new ScatterAdd(ScatterDims.fromGather(c.gather().dims()), clip ? ScatterMode.CLIP : ScatterMode.FILL_OR_DROP);
    assertEquals(xt, scatter.type(Vector.of(xt, it, outType)), "the gather's output type is valid updates: " + c);
    NdArray x = random(r, xs), u = random(r, outType.shape());
    NdArray gx = c.gather().eval(Vector.of(x, c.indices()));
    NdArray su = scatter.eval(Vector.of(NdArray.zeros(DType.F64, xs), c.indices(), u));
    assertEquals(dot(gx, u), dot(x, su), 0, c.toString());
  }

  private static double dot(NdArray a, NdArray b) {
    double s = 0;
    for (int i = 0; i < a.size(); i++) s += a.getDouble(i) * b.getDouble(i);
    return s;
  }
}
