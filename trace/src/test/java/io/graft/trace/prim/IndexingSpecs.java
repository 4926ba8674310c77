package io.graft.trace.prim;

import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import java.util.ArrayList;
import java.util.List;

/** Specs for the indexing family: gather in every {@link GatherMode}, scatter_add in every {@link ScatterMode}. */
final class IndexingSpecs {
  private IndexingSpecs() {}

  static List<Spec> specs() {
    NdArray x = NdArray.wrap(Shape.of(3, 2), new float[] {1, 2, 3, 4, 5, 6});
    NdArray idx = NdArray.wrap(Shape.of(2, 1), new int[] {2, 0});
    NdArray upd = NdArray.wrap(Shape.of(2, 2), new float[] {1, 1, 1, 1});
    GatherDims rows = GatherDims.of(new int[] {1}, new int[] {0}, new int[] {0});
    List<Spec> s = new ArrayList<>();
    for (GatherMode m : GatherMode.values()) s.add(Spec.of(new Gather(rows, Ints.of(1, 2), m), x, idx));
    for (ScatterMode m : ScatterMode.values()) s.add(Spec.of(new ScatterAdd(ScatterDims.fromGather(rows), m), x, idx, upd));
    NdArray batched = NdArray.wrap(Shape.of(3, 2, 1), new long[] {1, 0, 0, 0, 1, 1});
    GatherDims along = GatherDims.of(new int[0], new int[] {1}, new int[] {1}, new int[] {0}, new int[] {0});
    s.add(Spec.of(new Gather(along, Ints.of(1, 1), GatherMode.CLIP), x, batched));
    s.add(Spec.of(new ScatterAdd(ScatterDims.fromGather(along), ScatterMode.FILL_OR_DROP), x, batched,
        NdArray.wrap(Shape.of(3, 2), new float[] {1, 2, 3, 4, 5, 6})));
    return s;
  }
}
