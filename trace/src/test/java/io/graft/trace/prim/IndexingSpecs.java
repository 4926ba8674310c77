package io.graft.trace.prim;

import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.vavr.control.Option;
import java.util.ArrayList;
import java.util.List;

/**
 * Specs for the indexing family: gather in every {@link GatherMode} (default and explicit fill values), scatter_add
 * in every {@link ScatterMode}, each with in-range and out-of-range starts (negative, past the end, duplicated),
 * partial windows over two-component index vectors, offset axes before batch axes, and operand batching axes.
 */
final class IndexingSpecs {
  private IndexingSpecs() {}

  static List<Spec> specs() {
    List<Spec> s = new ArrayList<>();
    rows(s);
    windows(s);
    batching(s);
    return s;
  }

  /** Rows of a matrix ({@code take(x, idx, 0)}), in range and out of range. */
  private static void rows(List<Spec> s) {
    NdArray x = NdArray.wrap(Shape.of(3, 2), new float[] {1, 2, 3, 4, 5, 6});
    NdArray idx = NdArray.wrap(Shape.of(2, 1), new int[] {2, 0});
    NdArray upd = NdArray.wrap(Shape.of(2, 2), new float[] {1, 1, 1, 1});
    GatherDims rows = GatherDims.of(new int[] {1}, new int[] {0}, new int[] {0});
    for (GatherMode m : GatherMode.values()) s.add(Spec.of(new Gather(rows, Ints.of(1, 2), m), x, idx));
    for (ScatterMode m : ScatterMode.values()) s.add(Spec.of(new ScatterAdd(ScatterDims.fromGather(rows), m), x, idx, upd));
    NdArray oob = NdArray.wrap(Shape.of(4, 1), new int[] {3, -1, 1, 1});
    NdArray upd4 = NdArray.wrap(Shape.of(4, 2), new float[] {1, 2, 3, 4, 5, 6, 7, 8});
    for (GatherMode m : GatherMode.values()) s.add(Spec.of(new Gather(rows, Ints.of(1, 2), m), x, oob));
    s.add(Spec.of(new Gather(rows, Ints.of(1, 2), GatherMode.FILL, Option.some(0.5)), x, oob));
    for (ScatterMode m : ScatterMode.values()) s.add(Spec.of(new ScatterAdd(ScatterDims.fromGather(rows), m), x, oob, upd4));
    GatherDims cols = GatherDims.of(new int[] {0}, new int[] {1}, new int[] {1});   // x[:, idx]: window axis first
    NdArray colIdx = NdArray.wrap(Shape.of(3, 1), new long[] {1, 2, -3});
    s.add(Spec.of(new Gather(cols, Ints.of(3, 1), GatherMode.CLIP), x, colIdx));
    s.add(Spec.of(new Gather(cols, Ints.of(2, 1), GatherMode.FILL, Option.some(-1.0)), x, colIdx));
    s.add(Spec.of(new ScatterAdd(ScatterDims.fromGather(cols), ScatterMode.FILL_OR_DROP), x, colIdx,
        NdArray.wrap(Shape.of(3, 3), new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9})));
  }

  /** 2x3 windows of a 4x5 matrix at two-component starts, one in range and two not. */
  private static void windows(List<Spec> s) {
    NdArray x = f32(4, 5);
    NdArray idx = NdArray.wrap(Shape.of(3, 2), new int[] {1, 2, 3, 4, -1, 2});
    GatherDims win = GatherDims.of(new int[] {1, 2}, new int[0], new int[] {0, 1});
    s.add(Spec.of(new Gather(win, Ints.of(2, 3), GatherMode.CLIP), x, idx));
    s.add(Spec.of(new Gather(win, Ints.of(2, 3), GatherMode.FILL, Option.some(-1.0)), x, idx));
    NdArray upd = f32(3, 2, 3);
    for (ScatterMode m : ScatterMode.values()) s.add(Spec.of(new ScatterAdd(ScatterDims.fromGather(win), m), x, idx, upd));
    GatherDims swapped = GatherDims.of(new int[] {0, 2}, new int[0], new int[] {1, 0});   // start_index_map reversed
    NdArray idx2 = NdArray.wrap(Shape.of(3, 2), new int[] {0, 1, 3, 0, 2, 5});
    s.add(Spec.of(new Gather(swapped, Ints.of(3, 2), GatherMode.CLIP), x, idx2));
    s.add(Spec.of(new ScatterAdd(ScatterDims.fromGather(swapped), ScatterMode.FILL_OR_DROP), x, idx2,
        f32(3, 3, 2)));
  }

  /** Operand batching axes: {@code take_along_axis} and a windowed gather per batch row. */
  private static void batching(List<Spec> s) {
    NdArray x = NdArray.wrap(Shape.of(3, 2), new float[] {1, 2, 3, 4, 5, 6});
    NdArray along = NdArray.wrap(Shape.of(3, 2, 1), new long[] {1, 0, 0, 0, 1, 1});
    NdArray alongOob = NdArray.wrap(Shape.of(3, 2, 1), new long[] {2, 0, -1, 1, 1, 5});
    GatherDims a = GatherDims.of(new int[0], new int[] {1}, new int[] {1}, new int[] {0}, new int[] {0});
    NdArray upd = NdArray.wrap(Shape.of(3, 2), new float[] {1, 2, 3, 4, 5, 6});
    s.add(Spec.of(new Gather(a, Ints.of(1, 1), GatherMode.CLIP), x, along));
    s.add(Spec.of(new Gather(a, Ints.of(1, 1), GatherMode.CLIP), x, alongOob));
    s.add(Spec.of(new Gather(a, Ints.of(1, 1), GatherMode.FILL, Option.some(0.0)), x, alongOob));
    s.add(Spec.of(new Gather(a, Ints.of(0, 1), GatherMode.CLIP), x, along));   // slice size 0: reads nothing
    s.add(Spec.of(new ScatterAdd(ScatterDims.fromGather(a), ScatterMode.FILL_OR_DROP), x, along, upd));
    for (ScatterMode m : ScatterMode.values()) s.add(Spec.of(new ScatterAdd(ScatterDims.fromGather(a), m), x, alongOob, upd));
    // x[2,3,4]: operand batching axis 0 paired with indices axis 1; windows of 2 on axes 1 and 2; start on axis 2
    NdArray cube = f32(2, 3, 4);
    GatherDims w = GatherDims.of(new int[] {1, 3}, new int[0], new int[] {2}, new int[] {0}, new int[] {1});
    NdArray idx = NdArray.wrap(Shape.of(3, 2, 1), new int[] {0, 2, 3, -1, 1, 1});
    s.add(Spec.of(new Gather(w, Ints.of(1, 2, 2), GatherMode.CLIP), cube, idx));
    s.add(Spec.of(new Gather(w, Ints.of(1, 2, 2), GatherMode.FILL, Option.some(0.0)), cube, idx));
    NdArray upd4 = f32(3, 2, 2, 2);
    for (ScatterMode m : ScatterMode.values()) s.add(Spec.of(new ScatterAdd(ScatterDims.fromGather(w), m), cube, idx, upd4));
  }

  /** Distinct sample values of this shape. */
  private static NdArray f32(int... shape) {
    float[] v = new float[Shape.of(shape).size()];
    for (int i = 0; i < v.length; i++) v[i] = (i % 7) - 3 + 0.1f * i;
    return NdArray.wrap(Shape.of(shape), v);
  }
}
